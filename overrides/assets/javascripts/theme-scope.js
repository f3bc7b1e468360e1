// mkdocs-material 9.8.1's inline start-up script (partials/javascripts/base.html), as a file so
// that the Content-Security-Policy can forbid inline scripts. Same globals, same behaviour; and
// two additions: the search index on demand (below), and <html class="js"> set here, in the
// head, before the first paint, rather than by the theme's bundle at the end of the body, so that
// what scripts show (the checker, the guide's state, the theme's search button) has its place
// from the first paint: nothing moves when they run (connect-help.css).
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

// connect-help: the theme's search index on demand. The theme's bundle asks for
// search/search_index.json (about 100 kB of JSON per language) as it starts, on every page, then
// parses it and posts it to its search worker on the main thread while the page is still
// starting; few visitors search. The request is held here (the bundle sends it with
// XMLHttpRequest; its own minified code is left as it is) until the visitor shows they will
// search: the pointer goes over the search field or its button (a head start), the field gets
// focus (a click, or the theme's keys f, s and /) or the search opens (its toggle, the phone's
// search button). Until the index is in, the theme's result area says so ("Initializing
// search", the theme's own text), and what was typed meanwhile is searched when it is ready. An
// address asking for highlights (?h=, search.highlight) needs the index at once.
(function () {
  var INDEX = /\/search\/search_index\.json$/;
  var wanted = new URLSearchParams(location.search).has("h");
  var held = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__chSearchIndex = INDEX.test(new URL(url, location.href).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__chSearchIndex && !wanted) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };
  function want() {
    if (wanted) return;
    wanted = true;
    document.removeEventListener("focusin", onFocus, true);
    document.removeEventListener("change", onChange, true);
    document.removeEventListener("pointerover", onPointer, true);
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }
  function onFocus(event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) want();
  }
  function onChange(event) {
    if (event.target.id === "__search") want();
  }
  function onPointer(event) {
    if (event.target.closest && event.target.closest("[data-md-component=search], label[for=__search]")) want();
  }
  if (!wanted) {
    document.addEventListener("focusin", onFocus, true);
    document.addEventListener("change", onChange, true);
    document.addEventListener("pointerover", onPointer, true);
  }
})();
