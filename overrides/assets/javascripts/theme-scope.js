// mkdocs-material 9.8.1's inline start-up script (partials/javascripts/base.html), as a file so
// that the Content-Security-Policy can forbid inline scripts. Same globals, same behaviour.
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
