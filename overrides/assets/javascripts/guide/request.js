// The request form and "check your answers", in the page: the worker checks what was typed
// with the guide's rules (guide/validation.py) and renders the form again with its errors, or
// the check page with the ready e-mail or letter; this file only carries and shows them.
import { GUIDE, focusElement, focusField, fromHtml, setTitle } from "./dom.js";
import { localToday } from "./runtime.js";
import { keepTyped } from "./storage.js";

function typedValues(form) {
  const values = {};
  for (const element of form.elements) if (element.name) values[element.name] = element.value;
  return values;
}

function outcomeOf(element) {
  return element.closest(".guide").dataset.guideOutcome;
}

async function submit(event, pages) {
  const form = event.target.closest && event.target.closest("form[data-guide-form]");
  if (!form) return;
  event.preventDefault();
  const outcome = outcomeOf(form);
  const values = typedValues(form);
  keepTyped(outcome, values);
  let answer = null;
  try {
    answer = await pages.call("submit", { path: pages.shown, values, today: localToday() });
  } catch {
    answer = null;
  }
  if (!form.isConnected) return;                              // the visitor has moved on
  if (answer && answer.status === "invalid") {
    const section = fromHtml(answer.html);
    form.closest("section.guide-request").replaceWith(section);
    setTitle(answer.title, pages.titleSuffix, { header: false });   // "Error: " in the tab's title only
    focusElement(section.querySelector("[data-guide-error-summary]"));
  } else if (answer && answer.status === "ok") {
    pages.present({ element: fromHtml(answer.html), title: answer.title, node: null, outcome, view: "check" },
                  { push: true });
  } else {
    location.reload();                                         // the static page says what to do
  }
}

async function copy(button) {
  const source = document.getElementById(button.dataset.guideCopy);
  const status = button.closest(GUIDE).querySelector("[data-guide-copy-status]");
  try {
    await navigator.clipboard.writeText(source.textContent);
    status.textContent = button.dataset.guideCopied;
  } catch {
    // No clipboard (permission, older browser): select the text for the visitor to copy.
    const range = document.createRange();
    range.selectNodeContents(source);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    status.textContent = button.dataset.guideCopyFailed;
  }
}

function click(event, pages) {
  if (event.defaultPrevented || event.button !== 0) return;
  const target = event.target;
  const summaryLink = target.closest("[data-guide-error-summary] a[href^='#']");
  const change = target.closest("a[data-guide-change]");
  const copyButton = target.closest("button[data-guide-copy]");
  if (summaryLink) {
    event.preventDefault();
    focusField(decodeURIComponent(summaryLink.hash.slice(1)));
  } else if (change) {
    event.preventDefault();
    pages.show(new URL(location.href), { push: true, field: change.hash.slice(1) });
  } else if (copyButton) {
    copy(copyButton);
  } else if (target.closest("button[data-guide-print]")) {
    window.print();
  }
}

export function installRequests(pages) {
  document.addEventListener("submit", (event) => submit(event, pages));
  document.addEventListener("click", (event) => click(event, pages));
  // Kept as typed, so that leaving the form (Back, another answer) does not lose it.
  document.addEventListener("input", (event) => {
    const form = event.target.form;
    if (form && form.matches("form[data-guide-form]")) keepTyped(outcomeOf(form), typedValues(form));
  });
}
