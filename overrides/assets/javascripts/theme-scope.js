// mkdocs-material 9.8.1's inline start-up script (partials/javascripts/base.html), as a file so
// that the Content-Security-Policy can forbid inline scripts. Same globals, same behaviour; and
// one addition: <html class="js"> is set here, in the head, before the first paint, rather than
// by the theme's bundle at the end of the body, so that what scripts show (the checker, the
// guide's state, the theme's search button) has its place from the first paint: nothing moves
// when they run (connect-help.css).
document.documentElement.classList.replace("no-js", "js");
(function () {
  var scope = document.currentScript.getAttribute("data-md-scope");
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (e) {
    return [...e].reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (e, storage, base) {
    storage = storage || localStorage; base = base || __md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + e));
  };
  window.__md_set = function (e, value, storage, base) {
    storage = storage || localStorage; base = base || __md_scope;
    try { storage.setItem(base.pathname + "." + e, JSON.stringify(value)); } catch (error) {}
  };
})();
