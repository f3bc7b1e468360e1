// The access-code checker on check-code.md: sends the typed code to the check API and shows
// the answer. Every word shown, the locale and the date format come from the page itself
// (data-* attributes and the hidden [data-message] blocks), and the code's rules stay on the
// server: this file holds neither language text nor code rules.
// The stylesheet shows the checker only with JavaScript (html.js), and keeps the answer's place
// from the first paint: the messages lie hidden where the answer goes ([data-messages]), so
// nothing below moves when one is shown. Without JavaScript, or when the API cannot be
// reached, the page's "check by the date" section applies.
// When the API cannot be reached, the "unavailable" message also offers a date field: the code's
// last valid day is then worked out from the letter's date by the guide's Python in its worker
// (guide/offline-expiry.js, the API's own rule), and the "offline-*" messages say so, in the
// place of the message's first paragraph ([data-offline-result]).
// When the API is busy (428 with a proof-of-work challenge), a module worker of ours
// (proof-of-work.js) solves it while "checking" stays shown, and the check is sent again with
// the solution. A 503 (the API cannot count or look up) gets the offline answer.

import { expiryFromIssueDate, prepareOfflineExpiry } from "./guide/offline-expiry.js";

const ENDPOINT = "/api/v1/access-codes/check";
const TIMEOUT_MS = 10000;
const STATUSES = new Set(["valid", "expired", "used", "revoked", "unknown"]);
const CHALLENGE_TIMEOUT_MS = 20000;
const MAX_CHALLENGES = 2; // a wrong or stale solution gets one more challenge, then "unavailable"

// The challenge's number, found by the worker; null when it cannot be solved here.
function solveChallenge(challenge) {
  return new Promise((resolve) => {
    let worker;
    try {
      worker = new Worker(new URL("./proof-of-work.js", import.meta.url), {type: "module"});
    } catch {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => { worker.terminate(); resolve(null); }, CHALLENGE_TIMEOUT_MS);
    worker.addEventListener("message", (event) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(Number.isInteger(event.data?.number) ? event.data.number : null);
    });
    worker.addEventListener("error", () => { clearTimeout(timer); worker.terminate(); resolve(null); });
    worker.postMessage(challenge);
  });
}

// What the API wants back: base64 of the JSON of the challenge with its number.
async function solution(challenge) {
  if (!challenge || typeof challenge !== "object") return null;
  const number = await solveChallenge(challenge);
  if (number === null) return null;
  const {algorithm, challenge: hash, salt, signature} = challenge;
  return btoa(JSON.stringify({algorithm, challenge: hash, number, salt, signature}));
}

async function challengeOf(response) {
  try {
    const body = await response.json();
    return body?.challenge || null;
  } catch {
    return null;
  }
}

function formatOptions(dataset, prefix) {
  // data-date-day="numeric" -> {day: "numeric"}
  const options = {};
  for (const [key, value] of Object.entries(dataset)) {
    if (key.startsWith(prefix) && key.length > prefix.length) {
      const name = key.slice(prefix.length);
      options[name[0].toLowerCase() + name.slice(1)] = value;
    }
  }
  return options;
}

function retryDelaySeconds(header) {
  // Retry-After is whole seconds or an HTTP date.
  if (!header) return 60;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const until = Date.parse(header);
  return Number.isNaN(until) ? 60 : Math.max(0, (until - Date.now()) / 1000);
}

function setUp(root) {
  const form = root.querySelector("form");
  const input = form.querySelector("input");
  const button = form.querySelector("button[type=submit]");
  const result = root.querySelector("[data-result]");
  const messages = root.querySelector("[data-messages]");
  const locale = root.dataset.locale || document.documentElement.lang;
  const dateOptions = {...formatOptions(root.dataset, "date"), timeZone: "UTC"};
  const dateFormat = new Intl.DateTimeFormat(locale, dateOptions);
  const timeFormat = new Intl.DateTimeFormat(locale, formatOptions(root.dataset, "time"));
  const plural = new Intl.PluralRules(locale);
  let latest = 0;

  function message(name) {
    return messages.querySelector(`[data-message="${name}"]`);
  }

  function show(name, slots = {}, target = result) {
    const template = message(name) || message("unavailable");
    const content = template.cloneNode(true);
    // The messages inside the copy ("unavailable" holds the offline answers) only keep their
    // place there: their links go, their words stay.
    for (const link of content.querySelectorAll("[data-messages] a")) link.replaceWith(...link.childNodes);
    // The copy's ids get a suffix (and its labels follow), so that no id is on the page twice.
    for (const element of content.querySelectorAll("[id]")) element.id += "-shown";
    for (const label of content.querySelectorAll("label[for]")) label.htmlFor += "-shown";
    for (const [slot, fill] of Object.entries(slots)) {
      for (const element of content.querySelectorAll(`[data-slot="${slot}"]`)) fill(element);
    }
    target.replaceChildren(...content.childNodes);
    // The date form in "unavailable" needs the guide's worker: start it now, in the background.
    if (template.dataset.message === "unavailable") prepareOfflineExpiry().catch(() => {});
  }

  function isoDate(element, iso) {
    const [year, month, day] = iso.split("-").map(Number);
    element.textContent = dateFormat.format(new Date(Date.UTC(year, month - 1, day)));
    element.setAttribute("datetime", iso);
  }

  function retryAt(element, seconds) {
    const at = new Date(Date.now() + Math.ceil(seconds) * 1000);
    const sameDay = at.toDateString() === new Date().toDateString();
    const localDay = new Date(Date.UTC(at.getFullYear(), at.getMonth(), at.getDate()));
    element.textContent = sameDay
      ? timeFormat.format(at)
      : `${dateFormat.format(localDay)} ${timeFormat.format(at)}`;
    element.setAttribute("datetime", at.toISOString());
  }

  // prefix "offline-" and a target inside the "unavailable" message for the offline answer.
  function showAnswer(answer, prefix = "", target = result) {
    const fallback = prefix ? `${prefix}date` : "unavailable";
    if (!answer || !STATUSES.has(answer.status)) return show(fallback, {}, target);
    if (answer.status !== "valid") {
      return show(`${prefix}${answer.status}`,
        {"expires-on": (el) => answer.expires_on && isoDate(el, answer.expires_on)}, target);
    }
    const days = answer.days_left;
    if (!Number.isInteger(days) || days < 0 || !answer.expires_on) return show(fallback, {}, target);
    const category = `${prefix}valid-${plural.select(days)}`;
    const name = days === 0 ? `${prefix}valid-today` : message(category) ? category : `${prefix}valid-other`;
    show(name, {
      "expires-on": (el) => isoDate(el, answer.expires_on),
      "days-left": (el) => { el.textContent = new Intl.NumberFormat(locale).format(days); },
    }, target);
  }

  // What was typed cannot be checked: mark the field, say why, and put the cursor back in it.
  function refuse(field, name, target = result) {
    field.setAttribute("aria-invalid", "true");
    show(name, {}, target);
    field.focus();
  }

  let latestOffline = 0;

  async function checkOffline(offlineForm) {
    const request = ++latestOffline;
    const dateInput = offlineForm.querySelector("input[type=date]");
    const offlineButton = offlineForm.querySelector("button[type=submit]");
    const target = offlineForm.parentElement.querySelector("[data-offline-result]") || result;
    dateInput.removeAttribute("aria-invalid");
    offlineButton.disabled = true;
    show("checking", {}, target);
    let answer = null;
    try {
      answer = await expiryFromIssueDate(dateInput.value);
    } catch {
      answer = null;
    } finally {
      if (request === latestOffline) offlineButton.disabled = false;
    }
    if (request !== latestOffline || !offlineForm.isConnected) return;
    // "invalid-date" and "future-date" are no code status: the date is what to fix.
    if (!answer || !STATUSES.has(answer.status)) return refuse(dateInput, "offline-date", target);
    showAnswer(answer, "offline-", target);
  }

  // The date form is shown inside the result (a copy of the "unavailable" message).
  result.addEventListener("submit", (event) => {
    const offlineForm = event.target.closest("[data-offline-form]");
    if (!offlineForm) return;
    event.preventDefault();
    checkOffline(offlineForm);
  });

  function ask(body) {
    return fetch(new URL(ENDPOINT, location.href), {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  }

  async function check(typed, request) {
    let response;
    try {
      response = await ask({code: typed});
      // Busy: solve the challenge (the page keeps saying "checking") and ask again with it.
      for (let round = 0; response.status === 428 && round < MAX_CHALLENGES; round += 1) {
        const altcha = await solution(await challengeOf(response));
        if (request !== latest) return;
        if (altcha === null) break;
        response = await ask({code: typed, altcha});
      }
    } catch {
      if (request === latest) show("unavailable");
      return;
    }
    if (request !== latest) return;
    if (response.status === 422) {
      refuse(input, "form");
    } else if (response.status === 429) {
      const seconds = retryDelaySeconds(response.headers.get("Retry-After"));
      show("rate-limited", {"retry-at": (el) => retryAt(el, seconds)});
    } else if (response.ok) {
      let answer = null;
      try { answer = await response.json(); } catch { answer = null; }
      if (request === latest) showAnswer(answer);
    } else {
      show("unavailable");
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const request = ++latest;
    input.removeAttribute("aria-invalid");
    if (!input.value.trim()) return refuse(input, "form");
    button.disabled = true;
    show("checking");
    try {
      await check(input.value, request);
    } finally {
      if (request === latest) button.disabled = false;
    }
  });

}

for (const root of document.querySelectorAll("[data-check-code]")) setUp(root);
