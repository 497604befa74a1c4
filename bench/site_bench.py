"""Render the site's Markdown for N synthetic articles (after annotating
and linking them): wall time, number and size of generated files, and the
largest listing page — the browse pages must stay bounded as N grows.

    .venv/bin/python bench/site_bench.py [N ...]      (default: 1000 10000)
"""

from __future__ import annotations

import sys
import time

from synthetic import synthetic_results

from paperarchive.annotate.resources import build_resources
from paperarchive.link import link
from paperarchive.pipeline import annotate_all
from paperarchive.pipeline import generated_files


def run(count: int) -> None:
    results = synthetic_results(count)
    resources = build_resources()
    annotate_all(results, resources)  # annotations and keywords
    links = link(results, resources)
    started = time.perf_counter()
    files = generated_files(results, [], links)
    seconds = time.perf_counter() - started
    listings = {rel: text for rel, text in files.items() if not rel.startswith(("articles/", "pages/p", "data/")) and rel.endswith(".md")}
    biggest = max(listings, key=lambda rel: len(listings[rel]))
    print(
        f"N={count}: render {seconds:.1f} s ({count / seconds:.0f} articles/s); {len(files)} files, "
        f"{sum(len(t.encode('utf-8')) for t in files.values()) / 1e6:.1f} MB; "
        f"largest listing {biggest} {len(listings[biggest].encode('utf-8')) / 1e3:.0f} kB"
    )


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [1000, 10000]:
        run(n)
