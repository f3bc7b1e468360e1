// The fund's notices above the header (overrides/main.html; their text comes from the server).
// A classic script placed right after them, so that it runs before the page is painted: a notice
// this browser dismissed is hidden before anyone sees it move. Each notice gets the page's dismiss
// button (its label is the page's; this script holds no text) and leaves at its end time, even
// from a page left open. Dismissed notices are remembered in this browser only (localStorage),
// by their key: a new notice has a new key and shows again.
(() => {
  const STORAGE_KEY = "connect-help.notices.dismissed";
  const LONGEST_TIMER = 2147483647; // setTimeout's limit (ms): a later end is checked again then
  const region = document.querySelector("[data-notices]");
  if (!region) return;
  const read = () => {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch {
      return []; // storage refused or unreadable: nothing dismissed
    }
  };
  const notices = [...region.querySelectorAll("[data-notice]")];
  const shown = () => notices.some((notice) => !notice.hidden);
  const settle = () => { region.hidden = !shown(); };
  const hideAtEnd = (notice) => {
    const left = Date.parse(notice.dataset.noticeEnds) - Date.now();
    if (!(left > 0)) {
      notice.hidden = true;
      settle();
      return;
    }
    setTimeout(() => hideAtEnd(notice), Math.min(left, LONGEST_TIMER));
  };
  const dismissed = read();
  const button = document.getElementById("ch-notice-dismiss");
  for (const notice of notices) {
    const key = notice.dataset.notice;
    if (dismissed.includes(key)) {
      notice.hidden = true;
      continue;
    }
    hideAtEnd(notice);
    if (!button) continue;
    const dismiss = button.content.firstElementChild.cloneNode(true);
    dismiss.addEventListener("click", () => {
      // Keep the keys of the notices still on the server's list only, and this one.
      const current = notices.map((each) => each.dataset.notice);
      const kept = read().filter((each) => current.includes(each) && each !== key);
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify([...kept, key]));
      } catch {
        // storage refused: hidden on this page only
      }
      notice.hidden = true;
      settle();
    });
    notice.append(dismiss);
  }
  settle();
})();
