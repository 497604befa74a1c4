"""Search at scale: build the search index of N synthetic articles, then
answer generated queries with the real search code (pa-search.js) in
headless Debian chromium.

    .venv/bin/python bench/search_bench.py [-v] [N ...]   (default: 1000 10000; -v lists misses)

Reports index size (raw and gzip, shards), build time, the share of
queries whose first result / first ten results hold an expected article,
per kind of query, and the time of the first query on a fresh page (index
files downloaded from a local web server, empty cache) and of later ones.

Queries come from the articles' own tags, as a reader would type them:
a person's name, the end of a three-character name (之钧), a place, an
organization, a keyword, the end of a long keyword (经济圈 of 双城经济圈),
and two words (a name and a keyword of the same article).  An article is
expected for a word when it is about it: it carries a tag containing the
word (跨省 is right for an article tagged 跨省通办) or has the word in its
title; for two words, when it is about both.  Tags and titles are what an
article is about; the body alone is not enough.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from synthetic import synthetic_results

from paperarchive.annotate.resources import build_resources
from paperarchive.link import link
from paperarchive.pipeline import annotate_all
from paperarchive.site.render import SiteContext
from paperarchive.site.search_index import build_search_index
from paperarchive.site.tags import article_tags
from paperarchive.site.urls import article_url

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "paperarchive" / "theme" / "assets" / "javascripts" / "pa-search.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
QUERIES = 300
FRESH_PAGES = 5
VERBOSE = "-v" in sys.argv
_CHINESE = re.compile(r"^[\u4e00-\u9fff]+$")


def make_queries(tagged: dict[str, dict[str, list[str]]], titles: dict[str, str], rng: random.Random, rarest: bool) -> list[dict]:
    """[{q, kind, expect: set of urls}] drawn from random articles' tags:
    any of an article's tags, or (``rarest``) the one fewest articles share
    — the demanding case, where only a handful of articles are right."""
    by_term: dict[str, set[str]] = {}
    for url, tags in tagged.items():
        for terms in tags.values():
            for term in terms:
                by_term.setdefault(term, set()).add(url)

    @functools.cache
    def about(word: str) -> frozenset[str]:
        tagged_with = (ids for term, ids in by_term.items() if word in term)
        return frozenset().union(*tagged_with, (url for url, title in titles.items() if word in title))
    urls = sorted(tagged)
    kinds = ["name", "name end", "place", "organization", "keyword", "keyword end", "two words"]
    queries: list[dict] = []
    attempts = 0
    while len(queries) < QUERIES and attempts < QUERIES * 50:
        attempts += 1
        kind = kinds[len(queries) % len(kinds)]
        tags = tagged[rng.choice(urls)]
        # A reader types the end of a Chinese name or compound (之钧,
        # 经济圈), never the end of a Latin word (CUS of CCUS).
        people = [t for t in tags["people"] if kind != "name end" or (len(t) == 3 and _CHINESE.match(t))]
        keywords = [t for t in tags["keywords"] if kind != "keyword end" or (len(t) >= 4 and _CHINESE.match(t))]
        pool = {"name": people, "name end": people, "place": tags["places"], "organization": tags["organizations"],
                "keyword": keywords, "keyword end": keywords, "two words": people}[kind]
        if not pool or (kind == "two words" and not tags["keywords"]):
            continue
        term = min(pool, key=lambda t: (len(by_term[t]), t)) if rarest else rng.choice(pool)
        if kind in ("name end", "keyword end"):
            fragment = term[-2:] if kind == "name end" else term[-rng.choice((2, 3)) :]
            queries.append({"q": fragment, "kind": kind, "expect": about(fragment)})
        elif kind == "two words":
            keyword = rng.choice(tags["keywords"])
            queries.append({"q": f"{term} {keyword}", "kind": kind, "expect": about(term) & about(keyword)})
        else:
            queries.append({"q": term, "kind": kind, "expect": about(term)})
    return queries


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D102 - the benchmark prints its own report
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def run(count: int) -> None:
    results = synthetic_results(count)
    articles = [a for r in results for a in r.articles]
    resources = build_resources()
    annotate_all(results, resources)  # annotations and keywords
    links = link(results, resources)
    context = SiteContext.build(results, links)
    started = time.perf_counter()
    files = build_search_index(context)
    build_seconds = time.perf_counter() - started

    sizes = {rel: len(text.encode("utf-8")) for rel, text in files.items()}
    gzipped = {rel: len(gzip.compress(text.encode("utf-8"), 6)) for rel, text in files.items()}
    shards = [rel for rel in files if "/shard-" in rel]
    docs = [rel for rel in files if rel.endswith("/docs.js")]  # one per segment
    print(
        f"N={count}: index built in {build_seconds:.1f} s; {len(files)} files, {sum(sizes.values()) / 1e6:.1f} MB "
        f"({sum(gzipped.values()) / 1e6:.1f} MB gzip); {len(docs)} segments, {len(shards)} shards, largest "
        f"{max(sizes[s] for s in shards) / 1e3:.0f} kB; document tables {sum(sizes[d] for d in docs) / 1e6:.2f} MB "
        f"({sum(gzipped[d] for d in docs) / 1e6:.2f} MB gzip)"
    )

    tagged = {article_url(a): article_tags(a) for a in articles}
    titles = {article_url(a): " ".join(t for t in (a.kicker, a.title, a.subtitle) if t) for a in articles}
    query_sets = {"any tag": make_queries(tagged, titles, random.Random(11), False), "rarest tag": make_queries(tagged, titles, random.Random(12), True)}
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp)
        for rel, text in files.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(text, encoding="utf-8")
        (site / "assets/javascripts").mkdir(parents=True)
        shutil.copy(ENGINE, site / "assets/javascripts/pa-search.js")
        (site / "index.html").write_text('<!doctype html><meta charset="utf-8"><script src="assets/javascripts/pa-search.js"></script>', encoding="utf-8")
        server, url = serve(site)
        try:
            measure(url, query_sets, sizes, gzipped)
        finally:
            server.shutdown()


def measure(url: str, query_sets: dict[str, list[dict]], sizes: dict[str, int], gzipped: dict[str, int]) -> None:
    from playwright.sync_api import sync_playwright

    search = "q => { const t = performance.now(); return paSearch.search(q).then(f => [performance.now() - t, f.results.slice(0, 10).map(r => r.url)]); }"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        first_times, first_bytes = [], []
        for case in query_sets["any tag"][:FRESH_PAGES]:  # a fresh context each: nothing cached
            context = browser.new_context()
            page = context.new_page()
            fetched: list[str] = []
            page.on("request", lambda request: fetched.append(request.url[len(url) + 1 :]))
            page.goto(f"{url}/index.html")
            fetched.clear()
            first_times.append(page.evaluate(search, case["q"])[0])
            first_bytes.append((sum(sizes.get(rel, 0) for rel in fetched), sum(gzipped.get(rel, 0) for rel in fetched)))
            context.close()
        page = browser.new_page()
        page.goto(f"{url}/index.html")
        later, reports = [], {}
        for name, queries in query_sets.items():
            by_kind = reports[name] = {}
            for case in queries:
                seconds, found = page.evaluate(search, case["q"])
                later.append(seconds)
                right = [u in case["expect"] for u in found]
                counts = by_kind.setdefault(case["kind"], [0, 0, 0, []])
                counts[0] += 1
                counts[1] += bool(right and right[0])
                counts[2] += any(right)
                counts[3].append(len(case["expect"]))
                if not any(right) or (VERBOSE and not right[0]):
                    print(f"    miss: {case['q']} ({len(case['expect'])} expected) → {found[:3]}")
        browser.close()
    print(
        f"  first query on a fresh page: median {statistics.median(first_times):.0f} ms, max {max(first_times):.0f} ms "
        f"(downloads {statistics.median(b[0] for b in first_bytes) / 1e6:.2f} MB, "
        f"{statistics.median(b[1] for b in first_bytes) / 1e6:.2f} MB gzip); later queries: median "
        f"{statistics.median(later[1:]):.0f} ms, max {max(later[1:]):.0f} ms"
    )
    for name, by_kind in reports.items():
        total = [sum(c[i] for c in by_kind.values()) for i in range(3)]
        print(f"  {total[0]} queries from {name}: first {total[1] / total[0]:.1%}, top 10 {total[2] / total[0]:.1%}")
        for kind, (n, first, top, expected) in by_kind.items():
            print(f"    {kind:13} {n:4}  first {first / n:6.1%}  top 10 {top / n:6.1%}  (articles expected: median {statistics.median(expected):.0f})")


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:] if a != "-v"] or [1000, 10000]:
        run(n)
