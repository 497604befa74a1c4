"""Segmentation throughput on the sample pages (no timing assertions here:
numbers are reported, targets are checked by reading them).

    .venv/bin/python bench/segment_bench.py [repeat]
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paperarchive.model import PageMeta, SourcePage  # noqa: E402
from paperarchive.segment import segment_page  # noqa: E402
from paperarchive.segment.continuity import segmenter  # noqa: E402


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    started = time.perf_counter()
    segmenter()
    warmup = time.perf_counter() - started
    pages = articles = chars = 0
    started = time.perf_counter()
    for round_ in range(repeat):
        for i, text in enumerate(texts):
            result = segment_page(SourcePage(Path(f"{round_}-{i}.txt"), f"{round_}-{i}.txt", text, "utf-8", PageMeta(key=f"{round_}-{i}")))
            pages += 1
            articles += len(result.articles)
            chars += len(text)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"tokenizer load: {warmup:.2f} s (once per process)")
    print(f"{pages} pages, {articles} articles, {chars} characters in {elapsed:.2f} s: "
          f"{pages / elapsed:.0f} pages/s, {articles / elapsed:.0f} articles/s, {chars / elapsed / 1000:.0f} k chars/s; peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
