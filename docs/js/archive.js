// "View in page" links end in #src-<article id>: highlight every fragment of
// that article in the page's source text, not only the first one.
(function () {
  function highlight() {
    document.querySelectorAll(".pa-src.is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var hash = decodeURIComponent(window.location.hash.slice(1));
    if (hash.indexOf("src-") !== 0) return;
    var id = hash.slice(4);
    document.querySelectorAll(".pa-src[data-article]").forEach(function (el) {
      if (el.getAttribute("data-article") === id) el.classList.add("is-target");
    });
  }
  window.addEventListener("hashchange", highlight);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", highlight);
  else highlight();
})();
