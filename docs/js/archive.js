// Small enhancements; every page works without them.
//
// * "View in page" links end in #src-<article id>: mark every fragment of
//   that article in the page's source text, not only the first one.
// * The cite-as line shows the article's full permalink: the canonical URL
//   when site_url is set, else the address the page was opened from.
//
// With Material's instant navigation a page is swapped in without a load
// event, so the work runs on every `document$` emission when it exists.
(function () {
  function highlight() {
    document.querySelectorAll(".pa-src.is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var hash = decodeURIComponent(window.location.hash.slice(1));
    if (hash.indexOf("src-") !== 0) return;
    var id = hash.slice(4);
    var first = null;
    document.querySelectorAll(".pa-src[data-article]").forEach(function (el) {
      if (el.getAttribute("data-article") === id) {
        el.classList.add("is-target");
        first = first || el;
      }
    });
    if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
  }

  function permalinks() {
    var canonical = document.querySelector('link[rel="canonical"]');
    document.querySelectorAll(".pa-permalink[data-path]").forEach(function (el) {
      var base = canonical ? canonical.href : window.location.href;
      try {
        el.textContent = new URL(el.getAttribute("data-path"), base).href;
      } catch (e) { /* keep the relative path */ }
    });
  }

  function run() { highlight(); permalinks(); }

  window.addEventListener("hashchange", highlight);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(run);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
