// Search of the archive, in the page header (paperarchive/theme/partials/pa-search.html).
//
// The index (paperarchive/site/search_index.py) maps tokens — pairs of
// Chinese characters, single characters of titles and tags, Latin words —
// to postings.  It is made of segments (consecutive articles, each a whole
// index of its own, so that a new day rewrites only the last one), each
// split into shards by a token's first character.  A query loads, from
// every segment, the shards of its tokens and the table of what ranking
// needs of each document (title, kicker, date, tags) and, for the results
// shown, the chunks with their address, page and opening — all through
// <script> tags, which work on a server and from file:// alike; nothing
// else is fetched.  Documents are numbered across segments, in order.
//
// A word of the query matches an article that holds all its character pairs
// (金之钧 → 金之 + 之钧, so 之钧 finds it too); all words must match.  The
// score sums, per pair, its rarity times where it occurs — title and tags
// weigh far more than the body — plus a bonus when the whole word stands in
// the title or is a tag.
(function () {
  "use strict";

  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUNS = new RegExp("[" + CJK + "]+|[a-z0-9]+(?:[.+#][a-z0-9]+)*", "g");
  var IS_CJK = new RegExp("^[" + CJK + "]");
  var TITLE = 1, TAG = 2;
  var BODY_WEIGHT = [0, 1, 1.6, 2.2];
  var MAX_RESULTS = 50, SHOWN = 10, MAX_EXPANSIONS = 60;

  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/javascripts\/pa-search\.js(\?.*)?$/, "") : "";

  // -- loading: one <script> per file, each calling __paSearchLoaded ----------

  var loaded = {}, waiting = {}, requested = {};
  window.__paSearchLoaded = function (name, data) {
    loaded[name] = data;
    (waiting[name] || []).forEach(function (resolve) { resolve(data); });
    delete waiting[name];
  };

  function load(path, name) {
    return new Promise(function (resolve, reject) {
      if (Object.prototype.hasOwnProperty.call(loaded, name)) return resolve(loaded[name]);
      (waiting[name] = waiting[name] || []).push(resolve);
      if (requested[name]) return;
      requested[name] = true;
      var tag = document.createElement("script");
      tag.src = root + path;
      tag.charset = "utf-8";
      tag.async = true;
      tag.onerror = function () { delete requested[name]; reject(new Error("搜索索引无法加载：" + path)); };
      document.head.appendChild(tag);
    });
  }

  function meta() { return load("search/meta.js", "meta"); }
  function part(version, name) { return load("search/" + version + "/" + name + ".js", version + "/" + name); }
  function shardOf(token, m) { return token.codePointAt(0) % m.shards; }

  // Where each segment's documents start in the archive-wide numbering.
  function offsets(m) {
    if (!m.offsets) {
      var at = 0;
      m.offsets = m.segments.map(function (segment) { var start = at; at += segment[1]; return start; });
    }
    return m.offsets;
  }

  // The segment holding an archive-wide document number.
  function segmentOf(m, doc) {
    var starts = offsets(m), s = starts.length - 1;
    while (s > 0 && starts[s] > doc) s--;
    return s;
  }

  // The document tables of all segments, as one.
  var allDocs = null;
  function documents(m) {
    if (!allDocs) {
      allDocs = [];
      m.segments.forEach(function (segment) { allDocs = allDocs.concat(loaded[segment[0] + "/docs"]); });
    }
    return allDocs;
  }

  // A token's shard in every segment (those loaded).
  function shardsOf(m, token) {
    var name = "/shard-" + shardOf(token, m);
    return m.segments.map(function (segment) { return loaded[segment[0] + name] || {}; });
  }

  // -- postings ------------------------------------------------------------

  // A token's postings in all segments: archive-wide document → flags.
  var decoded = {};
  function postings(m, token) {
    if (decoded[token]) return decoded[token];
    var out = new Map(), starts = offsets(m);
    shardsOf(m, token).forEach(function (shard, s) {
      var text = shard[token];
      if (!text) return;
      var value = 0, doc = starts[s];
      for (var i = 0; i < text.length; i++) {
        var c = text.charAt(i), digit = m.continue.indexOf(c);
        if (digit >= 0) { value = value * 32 + digit; continue; }
        value = value * 32 + m.last.indexOf(c);
        doc += Math.floor(value / 16);
        out.set(doc, value % 16);
        value = 0;
      }
    });
    decoded[token] = out;
    return out;
  }

  // -- queries ---------------------------------------------------------------

  function normalize(text) { return text.normalize("NFKC").toLowerCase(); }

  // Words of a query, each a list of groups; a document must hold one token
  // of every group.  The last word may still be being typed (prefix).
  function parse(query) {
    var runs = normalize(query).match(RUNS) || [];
    return runs.map(function (run, i) {
      var cjk = IS_CJK.test(run), groups = [];
      if (cjk && run.length > 1) {
        for (var k = 0; k + 1 < run.length; k++) groups.push({ tokens: [run.substr(k, 2)] });
      } else {
        groups.push({ tokens: [run], prefix: cjk || i === runs.length - 1 });
      }
      return { text: run, cjk: cjk, groups: groups };
    });
  }

  function weight(flags) {
    return BODY_WEIGHT[flags >> 2] + (flags & TITLE ? 6 : 0) + (flags & TAG ? 4 : 0);
  }

  function search(query) {
    var words = parse(query);
    if (!words.length) return Promise.resolve(null);
    return meta().then(function (m) {
      var needed = {};
      words.forEach(function (w) { w.groups.forEach(function (g) { needed["shard-" + shardOf(g.tokens[0], m)] = true; }); });
      var names = ["docs"].concat(Object.keys(needed)), loads = [part(m.tags, "tags")];
      m.segments.forEach(function (segment) {
        names.forEach(function (name) { loads.push(part(segment[0], name)); });
      });
      return Promise.all(loads).then(function (parts) {
        var found = rank(m, documents(m), parts[0], words, normalize(query).trim());
        found.details = function (count) { return details(m, found.results.slice(0, count)); };
        return found.details(SHOWN).then(function () { return found; });
      });
    });
  }

  // Address, page and opening lines of results, from the chunks that hold
  // them (loaded only for results about to be shown).
  function details(m, results) {
    var chunks = {};
    function where(doc) {
      var s = segmentOf(m, doc), local = doc - offsets(m)[s];
      return { version: m.segments[s][0], name: "details-" + Math.floor(local / m.details), row: local % m.details };
    }
    results.forEach(function (r) { var w = where(r.doc); chunks[w.version + "/" + w.name] = w; });
    return Promise.all(Object.keys(chunks).map(function (c) { return part(chunks[c].version, chunks[c].name); })).then(function () {
      results.forEach(function (r) {
        var w = where(r.doc), d = loaded[w.version + "/" + w.name][w.row];
        r.url = d[0]; r.page = d[1]; r.lead = d[2];
      });
    });
  }

  function expand(m, group) {
    // A single character or a word being typed also stands for the tokens
    // that start with it (碳 → 碳中, 碳达 …; bi → bim).
    if (!group.prefix) return group.tokens;
    // The first expansions in code-point order, as one index would give them.
    var start = group.tokens[0], more = {};
    shardsOf(m, start).forEach(function (shard) {
      for (var token in shard) {
        if (token !== start && token.lastIndexOf(start, 0) === 0) more[token] = true;
      }
    });
    return [start].concat(Object.keys(more).sort().slice(0, MAX_EXPANSIONS));
  }

  function rank(m, docs, tags, words, phrase) {
    var n = docs.length, idfTotal = 0;
    var perWord = words.map(function (word) {
      var scores = null, idfSum = 0;
      word.groups.forEach(function (group) {
        var best = new Map(), groupIdf = 0;
        expand(m, group).forEach(function (token) {
          var list = postings(m, token);
          if (!list.size) return;
          var idf = Math.log(1 + n / list.size);
          groupIdf = Math.max(groupIdf, idf);
          list.forEach(function (flags, doc) {
            var s = idf * weight(flags);
            if (!best.has(doc) || best.get(doc) < s) best.set(doc, s);
          });
        });
        idfSum += groupIdf;
        idfTotal += groupIdf;
        if (scores === null) { scores = best; return; }
        var next = new Map();
        scores.forEach(function (s, doc) { if (best.has(doc)) next.set(doc, s + best.get(doc)); });
        scores = next;
      });
      scores = scores || new Map();
      // The whole word in the title, or as a tag: the article is about it.
      scores.forEach(function (s, doc) {
        var d = docs[doc], bonus = 0;
        if (normalize(d[0] + " " + d[1]).indexOf(word.text) >= 0) bonus += 1.5;
        var tagged = d[3].map(normalize);
        if (tagged.indexOf(word.text) >= 0) bonus += 1.5;
        else if (tagged.some(function (t) { return t.indexOf(word.text) >= 0; })) bonus += 0.8;
        scores.set(doc, s + bonus * idfSum * 4);
      });
      return scores;
    });
    var all = perWord[0], partial = false;
    perWord.slice(1).forEach(function (scores) {
      var next = new Map();
      all.forEach(function (s, doc) { if (scores.has(doc)) next.set(doc, s + scores.get(doc)); });
      all = next;
    });
    if (words.length > 1) {
      // A query of several words that is one tag or stands in a title as
      // typed (西部（重庆）科学城, 中国 移动 vs 中国移动): that article first.
      all.forEach(function (s, doc) {
        var d = docs[doc], bonus = 0;
        if (d[3].some(function (t) { return normalize(t) === phrase; })) bonus += 1.5;
        if (normalize(d[0] + " " + d[1]).indexOf(phrase) >= 0) bonus += 1.5;
        if (bonus) all.set(doc, s + bonus * idfTotal * 4);
      });
    }
    if (!all.size && words.length > 1) {
      partial = true;  // no article has every word: the best of any
      all = new Map();
      perWord.forEach(function (scores) { scores.forEach(function (s, doc) { all.set(doc, (all.get(doc) || 0) + s); }); });
    }
    var hits = [];
    all.forEach(function (s, doc) { hits.push([s, doc]); });
    hits.sort(function (a, b) {
      return b[0] - a[0] || (docs[b[1]][2] > docs[a[1]][2] ? 1 : docs[b[1]][2] < docs[a[1]][2] ? -1 : a[1] - b[1]);
    });
    var texts = words.map(function (w) { return w.text; });
    var tagHits = tags.filter(function (t) {
      var term = normalize(t[1]);
      return texts.some(function (w) { return term.indexOf(w) >= 0 && (w.length > 1 || term.length === 1); });
    }).slice(0, 8);
    return {
      total: hits.length,
      partial: partial,
      words: texts,
      tags: tagHits,
      results: hits.slice(0, MAX_RESULTS).map(function (h) {
        var d = docs[h[1]];
        return { doc: h[1], title: d[0], kicker: d[1], date: d[2], tags: d[3], score: h[0] };
      })
    };
  }

  // The engine, for the tests and the benchmark.
  window.paSearch = { search: search, parse: parse };

  // -- the header search box -----------------------------------------------------

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Marks every occurrence of the query's words (compared after NFKC and
  // lower-casing, which keep Chinese text the same length).
  function highlight(text, words) {
    var plain = normalize(text), marks = new Array(text.length + 1).fill(0);
    if (plain.length !== text.length) return escapeHtml(text);
    words.forEach(function (w) {
      for (var at = plain.indexOf(w); at >= 0 && w; at = plain.indexOf(w, at + 1)) {
        for (var k = at; k < at + w.length; k++) marks[k] = 1;
      }
    });
    var out = "", open = false;
    for (var i = 0; i < text.length; i++) {
      if (marks[i] && !open) { out += "<mark>"; open = true; }
      if (!marks[i] && open) { out += "</mark>"; open = false; }
      out += escapeHtml(text.charAt(i));
    }
    return out + (open ? "</mark>" : "");
  }

  function render(box, found, shown) {
    var list = box.querySelector(".md-search-result__list");
    var info = box.querySelector(".md-search-result__meta");
    list.innerHTML = "";
    if (!found) { info.textContent = "输入人名、地名、机构或关键词"; return; }
    info.textContent = found.total
      ? (found.partial ? "没有同时包含所有词的文章；部分匹配 " : "找到 ") + found.total + " 篇文章"
      : "没有找到文章";
    var html = "";
    if (found.tags.length) {
      html += '<li class="md-search-result__item pa-search-tags">' + found.tags.map(function (t) {
        return '<a class="pa-search-tag" href="' + escapeHtml(root + t[2]) + '">' + escapeHtml(t[0]) + "：" + highlight(t[1], found.words) + " <span>" + t[3] + "</span></a>";
      }).join("") + "</li>";
    }
    found.results.slice(0, shown).forEach(function (r) {
      var matched = r.tags.filter(function (t) {
        var n = normalize(t);
        return found.words.some(function (w) { return n.indexOf(w) >= 0; });
      });
      html += '<li class="md-search-result__item"><a href="' + escapeHtml(root + r.url) + '" class="md-search-result__link" tabindex="-1">' +
        '<article class="md-search-result__article md-typeset pa-search-hit">' +
        (r.kicker ? '<p class="pa-search-kicker">' + highlight(r.kicker, found.words) + "</p>" : "") +
        "<h1>" + highlight(r.title, found.words) + "</h1>" +
        '<p class="pa-search-meta">' + escapeHtml([r.date || "日期不详", r.page].join(" · ")) +
        (matched.length ? " · " + matched.map(function (t) { return highlight(t, found.words); }).join("、") : "") + "</p>" +
        "<p>" + highlight(r.lead, found.words) + "…</p></article></a></li>";
    });
    if (found.results.length > shown) {
      html += '<li class="md-search-result__item"><button type="button" class="pa-search-more md-search-result__more">显示更多结果</button></li>';
    }
    list.innerHTML = html;
    var more = list.querySelector(".pa-search-more");
    if (more) more.addEventListener("click", function () {
      var next = shown + SHOWN * 2;
      found.details(next).then(function () { render(box, found, next); });
    });
  }

  function mount(box) {
    if (box.getAttribute("data-pa-mounted")) return;
    box.setAttribute("data-pa-mounted", "1");
    var input = box.querySelector(".md-search__input");
    var toggle = document.getElementById("__search");
    var info = box.querySelector(".md-search-result__meta");
    var timer = null, latest = 0;
    function open() { if (toggle) toggle.checked = true; }
    function close() { if (toggle) toggle.checked = false; input.blur(); }
    function run() {
      var ticket = ++latest, query = input.value;
      if (!query.trim()) { render(box, null); return; }
      info.textContent = "正在搜索…";
      search(query).then(function (found) {
        if (ticket === latest) render(box, found, SHOWN);
      }, function (error) {
        if (ticket === latest) info.textContent = error.message;
      });
    }
    input.addEventListener("focus", function () {
      open();
      // What every query needs starts loading while the reader types.
      meta().then(function (m) {
        part(m.tags, "tags");
        m.segments.forEach(function (segment) { part(segment[0], "docs"); });
      });
    });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });
    box.querySelector("form").addEventListener("reset", function () { render(box, null); });
    box.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) close();
    });
    box.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(box.querySelectorAll(".md-search-result__link, .pa-search-tag"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); event.preventDefault(); }
      else if (event.key === "Enter" && document.activeElement === input) {
        clearTimeout(timer);
        var first = box.querySelector(".md-search-result__link");
        if (first) first.click(); else run();
        event.preventDefault();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!links.length) return;
        var next = event.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < 0) input.focus(); else links[Math.min(next, links.length - 1)].focus();
        event.preventDefault();
      }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) return;
      if (event.key === "/" || event.key === "s" || event.key === "f") {
        open();
        input.focus();
        input.select();
        event.preventDefault();
      }
    });
  }

  function start() {
    var box = document.querySelector("[data-pa-search]");
    if (box) mount(box);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
