"""Show how a page was read: every reading unit with its role and headline
score, then every decision of the assembler, then the articles.

    python -m paperarchive.explain seeds/000_fb5bc286347f2f36.txt

Meant for editors and developers asking "why was this cut here?".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .decoding import decode
from .segment.assemble import Assembler
from .segment.finalize import finalize
from .segment.layout import build_units, display_width, split_lines
from .segment.roles import classify


def explain(text: str) -> list[str]:
    lines = split_lines(text)
    units, columns = build_units(lines)
    classify(units, columns)
    out = [f"column width: {columns.page if columns.page is not None else 'not hard-wrapped'}", "", "units (first line, role, headline score, width):"]
    for unit in units:
        shown = unit.text if len(unit.text) <= 48 else unit.text[:36] + "…" + unit.text[-10:]
        out.append(f"  {unit.first_line:5d}  {unit.role.value:12s} {unit.heading_score:6.2f} {display_width(unit.text):6.1f}  {shown}")
    assembler = Assembler(units, columns)
    drafts = assembler.run()
    out += ["", "decisions:"] + [f"  {line}" for line in assembler.trace]
    out += ["", "articles:"]
    for article in finalize(drafts, "page", text, None):
        first = text.count("\n", 0, article.spans[0].start) + 1 if article.spans else "-"
        out.append(f"  [{article.kind}] {article.title}{' (derived)' if article.title_derived else ''} — from line {first}, {article.fragments} fragment(s), byline: {article.byline or '—'}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path, help="a page text file")
    args = parser.parse_args(argv)
    try:
        data = args.page.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {args.page}: {exc.strerror}", file=sys.stderr)
        return 1
    decoded = decode(data)
    for problem in (decoded.problem, decoded.skipped):
        if problem:
            print(f"warning: {args.page}: {problem}", file=sys.stderr)
    print("\n".join(explain(decoded.text)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
