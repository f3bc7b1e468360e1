// What the visitor typed into a request form, kept for this tab only (sessionStorage) so that
// Back, Change and a reload keep it; "Start again" forgets it. It never leaves the browser.
const KEY = "connect-help.guide.requests";

function all() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || {};
  } catch {
    return {};
  }
}

export function typedFor(outcome) {
  return all()[outcome] || null;
}

export function keepTyped(outcome, values) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ...all(), [outcome]: values }));
  } catch {
    // Storage full or refused: the form still works, it just forgets on reload.
  }
}

export function forgetTyped() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
