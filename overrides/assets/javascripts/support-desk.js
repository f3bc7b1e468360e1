// The support desk on support.md (sitebuild/templates/support_desk.html.j2): browser glue only.
// The build wrote every answer's reply in every language, the words each answer is found by and
// the keys that name a guide outcome in a reference line; this file shows the reply in the
// employer's language (one of the <template>s), hides the answers the filter's words are not all
// in, copies a reply or its link, and opens the outcome a pasted reference names. Every text it
// shows is in the page. Nothing typed or copied leaves the browser: no request is made here.

// Case and accents do not count when filtering: "treuhander" finds "Treuhänder".
function folded(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function templateOf(answer, lang) {
  return answer.querySelector(`template[data-answer-lang="${lang}"]`);
}

// --- the employer's language ------------------------------------------------------------------

function showLanguage(desk, lang) {
  desk.dataset.deskEmployerLang = lang;
  for (const answer of desk.querySelectorAll("[data-answer]")) {
    const template = templateOf(answer, lang);
    const reply = answer.querySelector("[data-answer-reply]");
    if (!template || reply.lang === lang) continue;
    reply.replaceChildren(template.content.cloneNode(true));
    reply.lang = lang;
  }
}

// --- the filter --------------------------------------------------------------------------------

function filter(desk) {
  const query = folded(desk.querySelector("#desk-filter").value).split(/\s+/).filter(Boolean);
  const employer = desk.dataset.deskEmployerLang;
  const answers = [...desk.querySelectorAll("[data-answer]")];
  let shown = 0;
  for (const answer of answers) {
    const template = templateOf(answer, employer);
    const words = folded(`${answer.dataset.answerWords}\n${template ? template.dataset.answerWords : ""}`);
    answer.hidden = !query.every((word) => words.includes(word));
    if (!answer.hidden) shown += 1;
  }
  for (const group of desk.querySelectorAll("[data-desk-group]")) {
    group.hidden = !group.querySelector("[data-answer]:not([hidden])");
  }
  desk.querySelector("[data-desk-none]").hidden = shown > 0;
  const count = desk.querySelector("[data-desk-count]");
  count.textContent = count.dataset.deskCountText.replace("{shown}", shown).replace("{total}", answers.length);
}

// --- copying -----------------------------------------------------------------------------------

// The clipboard API first; where it is refused (an older browser, a page not served over HTTPS),
// the older copy command on a selected, off-screen text area.
async function toClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "ch-visually-hidden";
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    area.remove();
    return copied;
  }
}

function select(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}

async function copy(desk, button) {
  const answer = button.closest("[data-answer]");
  const template = templateOf(answer, desk.dataset.deskEmployerLang);
  const what = button.dataset.answerCopy;   // "text" (the reply) or "link"
  const status = answer.querySelector("[data-answer-status]");
  status.textContent = "";
  const copied = await toClipboard(what === "link" ? template.dataset.answerLink : template.dataset.answerText);
  button.focus();
  if (copied) {
    status.textContent = what === "link" ? desk.dataset.deskCopiedLink : desk.dataset.deskCopiedReply;
  } else {
    // Left selected on the page, for the staff member to copy with the keyboard.
    const reply = answer.querySelector("[data-answer-reply]");
    select(what === "link" ? reply.querySelector("a") || reply : reply);
    status.textContent = desk.dataset.deskCopyFailed;
  }
}

// --- the reference from an e-mail -------------------------------------------------------------

function openReference(desk, form) {
  const input = form.querySelector("#desk-reference");
  const error = form.querySelector("[data-desk-reference-error]");
  // A mail program may have wrapped the line: any run of white space counts as one space.
  const pasted = input.value.replace(/\s+/g, " ");
  const found = [...desk.querySelectorAll("[data-answer][data-answer-keys]")].find((answer) =>
    JSON.parse(answer.dataset.answerKeys).some((key) => pasted.includes(key)));
  if (found) {
    location.assign(found.dataset.answerHref);
    return;
  }
  error.hidden = false;
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", `${error.id} desk-reference-hint`);
  input.focus();
}

function clearReferenceError(form) {
  const input = form.querySelector("#desk-reference");
  form.querySelector("[data-desk-reference-error]").hidden = true;
  input.removeAttribute("aria-invalid");
  input.setAttribute("aria-describedby", "desk-reference-hint");
}

// --- set-up ------------------------------------------------------------------------------------

function install(desk) {
  const controls = desk.querySelector("[data-desk-controls]");
  const reference = desk.querySelector("[data-desk-reference]");
  const chosen = controls.querySelector("input[name=desk-language]:checked");
  showLanguage(desk, chosen ? chosen.value : desk.dataset.deskLang);
  controls.addEventListener("change", (event) => {
    if (event.target.name !== "desk-language") return;
    showLanguage(desk, event.target.value);
    filter(desk);
  });
  controls.addEventListener("input", (event) => {
    if (event.target.id === "desk-filter") filter(desk);
  });
  controls.addEventListener("submit", (event) => event.preventDefault());   // Enter in the filter
  reference.addEventListener("submit", (event) => {
    event.preventDefault();
    openReference(desk, reference);
  });
  reference.addEventListener("input", () => clearReferenceError(reference));
  desk.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-answer-copy]");
    if (button) copy(desk, button);
  });
  filter(desk);
  desk.dataset.deskReady = "";   // the controls work from now on (the tests wait for it)
}

const desk = document.querySelector("[data-support-desk]");
if (desk) install(desk);
