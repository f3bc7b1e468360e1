// Steps without a reload, once the worker is ready. A click on a link to another step asks the
// worker for that step's page (the HTML of the static page at that address, from the same
// templates), swaps it into the article and pushes the same address; Back and Forward show
// the step of the address again. Whatever the worker cannot show loads from the server.
import { GUIDE, focusField, focusHeading, fromHtml, pinRelativeLinks, replaceGuide, setTitle } from "./dom.js";
import { localToday } from "./runtime.js";
import { forgetTyped, typedFor } from "./storage.js";

export class GuideNavigation {
  constructor({ runtime, lang, root, titleSuffix }) {
    this.runtime = runtime;
    this.lang = lang;
    this.root = new URL(root, location.href);          // the guide's first question: /<lang>/guide/
    this.rootName = this.root.pathname.split("/").filter(Boolean).pop() + "/";
    this.titleSuffix = titleSuffix;
    this.shown = this.pathOf(new URL(location.href));  // the address below the root shown now
    this.latest = 0;
  }

  pathOf(url) {
    if (url.origin !== this.root.origin || !url.pathname.startsWith(this.root.pathname)) return null;
    return url.pathname.slice(this.root.pathname.length);
  }

  call(name, args) {
    return this.runtime.call(name, { lang: this.lang, ...args });
  }

  // Steps in the page from now on (the request form is upgradeRequest's, asked for earlier).
  start() {
    pinRelativeLinks();
    history.replaceState({ guide: { view: "step" } }, "");
    document.addEventListener("click", (event) => this.onClick(event));
    window.addEventListener("popstate", (event) => this.onPopState(event));
  }

  // On a request outcome, the static "what to prepare" block becomes the form (with what this
  // tab kept of it); false when the worker has no form for the address.
  async insertForm(element, path, outcome) {
    const form = await this.call("form", { path, values: typedFor(outcome) });
    if (form.status !== "ok") return false;
    element.querySelector("section.guide-request").replaceWith(fromHtml(form.html));
    return true;
  }

  async upgradeRequest() {
    const guide = document.querySelector(GUIDE);
    if (guide && guide.querySelector("section.guide-request")) {
      await this.insertForm(guide, this.shown, guide.dataset.guideOutcome);
    }
  }

  onClick(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest("a[href]");
    if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
    const url = new URL(link.href);
    if (this.pathOf(url) === null) return;
    if (url.hash && url.pathname === location.pathname) return;   // an anchor on this page
    event.preventDefault();
    if (link.closest(".guide-start-again")) forgetTyped();
    this.show(url, { push: true });
  }

  onPopState(event) {
    const state = event.state && event.state.guide;
    const url = new URL(location.href);
    if (!state && this.pathOf(url) === this.shown) return;        // an anchor followed on this page
    this.show(url, { view: state ? state.view : "step" });
  }

  // The page of a step: the static page's HTML, with the form in place of the request block.
  async stepPage(path) {
    const step = await this.call("step", { path });
    if (step.status !== "ok") return null;
    const element = fromHtml(step.html);
    if (step.request && !(await this.insertForm(element, path, step.outcome))) return null;
    return { element, title: step.title, node: step.node, outcome: step.outcome, view: "step" };
  }

  // "Check your answers" again (Back or Forward to it): from what this tab kept.
  async checkPage(path) {
    const step = await this.call("step", { path });
    const typed = step.status === "ok" && step.request ? typedFor(step.outcome) : null;
    if (!typed) return this.stepPage(path);
    const check = await this.call("submit", { path, values: typed, today: localToday() });
    if (check.status !== "ok") return this.stepPage(path);
    return { element: fromHtml(check.html), title: check.title, node: null, outcome: step.outcome, view: "check" };
  }

  async show(url, { view = "step", push = false, field = null } = {}) {
    const ticket = ++this.latest;
    const path = this.pathOf(url);
    let page = null;
    try {
      page = await (view === "check" ? this.checkPage(path) : this.stepPage(path));
    } catch {
      page = null;
    }
    if (ticket !== this.latest) return;                              // a later click won
    if (!page) {
      if (push) location.assign(url);
      else location.reload();
      return;
    }
    this.present(page, { url, push, field });
  }

  present(page, { url = new URL(location.href), push = false, field = null } = {}) {
    ++this.latest;
    url.hash = "";
    if (push) history.pushState({ guide: { view: page.view } }, "", url);
    const path = this.pathOf(url);
    this.followAlternates(this.shown, path);
    this.shown = path;
    replaceGuide(page.element);   // the step's element names its node or outcome (data-guide-*)
    setTitle(page.title, this.titleSuffix);
    if (field) focusField(field);
    else focusHeading();
  }

  // The language switcher and the canonical link name this step in every language.
  followAlternates(from, to) {
    if (from === to) return;
    const before = this.rootName + from;
    for (const link of document.querySelectorAll("a[hreflang], link[rel~=canonical]")) {
      const target = new URL(link.href);
      if (!target.pathname.endsWith(before)) continue;
      target.pathname = target.pathname.slice(0, -before.length) + this.rootName + to;
      link.href = target.href;
    }
  }
}
