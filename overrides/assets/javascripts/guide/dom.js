// The page's side of a step: the guide's block in the article, the title, the focus, and the
// runtime indicator. HTML comes from the worker (guide.browser, the build's own templates).

export const GUIDE = "article .guide";

export function fromHtml(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}

// The indicator's texts are in the page (pages/_runtime.html.j2): pick the one for the state.
// It is a live region whose place the stylesheet keeps from the first paint (connect-help.css):
// the text goes in a child of its own, which the stylesheet lays over that place.
export function showRuntimeState(root = document) {
  const state = document.documentElement.dataset.guideRuntime;
  for (const indicator of root.querySelectorAll(".guide-runtime")) {
    const text = indicator.getAttribute(`data-guide-runtime-${state}`);
    if (text) {
      const shown = document.createElement("span");
      shown.textContent = text;
      indicator.replaceChildren(shown);
      indicator.dataset.state = state;
    }
  }
}

export function replaceGuide(element) {
  showRuntimeState(element);   // before it is in the page: no announcement on every step
  document.querySelector(GUIDE).replaceWith(element);
  return element;
}

// The document's title, and the theme's header, which shows the page's title once scrolled.
export function setTitle(title, suffix, { header = true } = {}) {
  document.title = `${title}${suffix}`;
  const topic = document.querySelector("[data-md-component=header-topic] .md-ellipsis");
  if (topic && header) topic.textContent = title;
}

// Screen readers and keyboards start again from the new heading, as after a page load.
export function focusElement(element, { scroll = true } = {}) {
  if (!element) return;
  if (!element.hasAttribute("tabindex") && !element.matches("a, button, input, textarea, select")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus({ preventScroll: !scroll });
}

export function focusHeading() {
  window.scrollTo(0, 0);
  focusElement(document.querySelector(`${GUIDE} h1`), { scroll: false });
}

// The field and its label in view, the cursor in the field (GOV.UK's error summary links).
export function focusField(id) {
  const field = document.getElementById(id);
  if (!field) return;
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  (label || field).scrollIntoView({ block: "start" });
  field.focus({ preventScroll: true });
}

// The theme's links (navigation, header, language switcher, favicon) are relative to the page
// they were built for; once the address changes without a reload they would resolve against
// the new one. Written out in full once, they keep pointing where they did. The guide's own
// block is rendered for each address, and anchors on the page stay as they are.
export function pinRelativeLinks() {
  for (const element of document.querySelectorAll("a[href], link[href]")) {
    const written = element.getAttribute("href");
    if (element.closest(GUIDE) || written.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(written)) continue;
    element.setAttribute("href", element.href);
  }
}
