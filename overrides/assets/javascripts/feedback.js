// "Is this page useful?" ([data-feedback], overrides/partials/feedback.html) without reloads:
// the widget's forms are posted with fetch as JSON (the same fields as without JavaScript), and
// the part their button names (data-feedback-next) is shown. Every word, the parts and the
// reasons are in the page; which pages count and how is the API's business (codecheck/feedback.py).
// On the guide's pages the widget follows the guide's in-page navigation: it asks again for each
// outcome shown (at the outcome's stable address, the prefix the markup gives) and hides on questions.

const TIMEOUT_MS = 10000;

function showPart(widget, state, { focus = true } = {}) {
  widget.dataset.feedbackState = state;
  widget.querySelector("[data-feedback-error]").hidden = true;
  if (!focus || state === "question") return;
  const part = widget.querySelector(state === "reason" ? ".ch-feedback__reason" : ".ch-feedback__thanks");
  if (part) part.focus();
}

async function send(form, fields) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(fields),
      signal: controller.signal,
      credentials: "omit",
    });
    return response.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function setPage(widget, page) {
  widget.dataset.feedbackPage = page;
  for (const input of widget.querySelectorAll("input[name=page]")) input.value = page;
  for (const form of widget.querySelectorAll("form")) form.reset();
  widget.hidden = !page;
  showPart(widget, "question", { focus: false });
}

// The guide swaps its block in the article; an outcome's block names its outcome.
function followGuide(widget) {
  const prefix = widget.dataset.feedbackOutcomePrefix;
  const article = widget.closest("article");
  if (prefix === undefined || !article) return;
  new MutationObserver(() => {
    const guide = article.querySelector(".guide");
    const outcome = guide ? guide.dataset.guideOutcome : "";
    const page = outcome ? `${prefix}${outcome}/` : "";
    if (page !== widget.dataset.feedbackPage) setPage(widget, page);
  }).observe(article, { childList: true });
}

function install(widget) {
  const named = { "#feedback-no": "reason", "#feedback-thanks": "thanks" }[location.hash];
  showPart(widget, named || "question", { focus: false });
  for (const form of widget.querySelectorAll("form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const submitter = event.submitter || form.querySelector("[data-feedback-next]");
      // The fields first: a disabled button is not one of them.
      const fields = Object.fromEntries(new FormData(form, submitter.name ? submitter : null));
      const buttons = form.querySelectorAll("button");
      for (const button of buttons) button.disabled = true;
      const sent = await send(form, fields);
      for (const button of buttons) button.disabled = false;
      if (sent) showPart(widget, submitter.dataset.feedbackNext);
      else widget.querySelector("[data-feedback-error]").hidden = false;
    });
  }
  followGuide(widget);
}

for (const widget of document.querySelectorAll("[data-feedback]")) install(widget);
