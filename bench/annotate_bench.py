"""Annotate and link N synthetic articles (~1,500 characters each); report
wall time per stage, articles/s and peak RSS.

    .venv/bin/python bench/annotate_bench.py [N ...]      (default: 1000 10000)
"""

from __future__ import annotations

import resource
import sys
import time

from synthetic import synthetic_results

from paperarchive.annotate.resources import build_resources
from paperarchive.link import link
from paperarchive.pipeline import annotate_all


def run(count: int) -> None:
    started = time.perf_counter()
    results = synthetic_results(count)
    articles = [a for r in results for a in r.articles]
    made = time.perf_counter()
    resources = build_resources()
    loaded = time.perf_counter()
    annotate_all(results, resources)  # annotations (all cores) and keywords
    annotated = time.perf_counter()
    links = link(results, resources)
    linked = time.perf_counter()
    chars = sum(len(a.text) for a in articles)
    related = sum(len(v) for v in links.related.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    work = linked - made
    print(
        f"N={count}: {chars / count:.0f} chars/article; generate {made - started:.1f} s; dictionaries {loaded - made:.1f} s; "
        f"annotate {annotated - loaded:.1f} s ({count / (annotated - loaded):.0f} articles/s); link {linked - annotated:.1f} s; "
        f"annotate+link total {work:.1f} s ({count / work:.0f} articles/s); {related / count:.1f} related/article; "
        f"peak RSS {peak:.0f} MB (+ {worker:.0f} MB per worker process)"
    )


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [1000, 10000]:
        run(n)
