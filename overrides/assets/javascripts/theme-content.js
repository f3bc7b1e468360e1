// mkdocs-material 9.8.1's inline content script (partials/javascripts/content.html), as a file:
// when the address names a content tab, open it.
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
