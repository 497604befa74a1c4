"""Segmentation: one page of text → its articles, furniture and residue.

``segment_page`` is a pure function of the page (and the shared dictionaries
in ``paperarchive/data``), so pages can be cached and processed in parallel.
"""

from __future__ import annotations

import numpy as np

from ..model import Accounting, Diagnostic, Element, PageResult, Role, SourcePage, Span, merge_spans
from ..text import normalize_punctuation
from .assemble import Assembler
from .finalize import finalize, marks_of
from .layout import build_units, split_lines
from .roles import classify

__all__ = ["segment_page", "account", "verify_accounting"]


def segment_page(page: SourcePage) -> PageResult:
    text = page.text
    lines = split_lines(text)
    units, columns = build_units(lines)
    classify(units, columns)
    assembler = Assembler(units, columns)
    drafts = assembler.run()
    articles = finalize(drafts, page.meta.key, text, page.meta.column)
    furniture = [
        Element(Role.FURNITURE, normalize_punctuation(u.text), merge_spans(u.spans, text)) for u in assembler.furniture
    ]
    residue = [Element(Role.RESIDUE, t, [span]) for span, t in assembler.residue]
    markup = marks_of(drafts) + assembler.residue_marks
    # Marks of lines that went into article bodies (a '#' on a section head
    # or a paragraph) and of furniture are markup too.
    markup += [m for line in lines for m in line.marks]
    result = PageResult(page=page, articles=articles, furniture=furniture, residue=residue, accounting=Accounting(), diagnostics=list(page.diagnostics))
    result.markup = sorted(set(markup))
    account(result)
    return result


def _claims(result: PageResult) -> tuple[bytearray, Accounting, list[str]]:
    """Which part of the page claims each character (0: none), the counts,
    and every character claimed twice."""
    text = result.page.text
    owner = bytearray(len(text))  # 0 = unclaimed
    counts = Accounting(total=len(text))
    problems: list[str] = []

    def claim(spans: list[Span], code: int, field: str) -> None:
        for span in spans:
            region = owner[span.start : span.end]
            if span.end > len(text) or region.count(0) != len(region):
                problems.append(f"characters {span.start}–{span.end} claimed twice")
                continue
            owner[span.start : span.end] = bytes([code]) * len(span)
            setattr(counts, field, getattr(counts, field) + len(span))

    for article in result.articles + result.hidden:
        claim(article.spans, 1, "body")
        claim(article.head_spans, 2, "head")
    claim([s for e in result.furniture for s in e.spans], 3, "furniture")
    claim(result.markup, 4, "markup")
    claim([s for e in result.residue for s in e.spans], 5, "residue")
    return owner, counts, problems


# Every character str.isspace() accepts (tests/test_segmentation.py checks),
# as a table by code point: the last entry stands for all above it.
WHITESPACE = (0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
_IS_SPACE = np.zeros(max(WHITESPACE) + 2, dtype=bool)
_IS_SPACE[list(WHITESPACE)] = True


def _lost_runs(text: str, owner: bytearray) -> list[tuple[int, int]]:
    """The runs of characters that no part of the page claims (``owner``
    0) and that are not whitespace — with numpy: a loop over every
    character of every page took a tenth of segmentation."""
    free = np.frombuffer(owner, dtype=np.uint8) == 0
    if not free.any():
        return []
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lost = free & ~_IS_SPACE[np.minimum(points, len(_IS_SPACE) - 1)]
    edges = np.flatnonzero(np.diff(np.concatenate(([False], lost, [False])).astype(np.int8)))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist()))


def verify_accounting(result: PageResult) -> list[Diagnostic]:
    """Check, after later stages moved spans between articles (editors'
    merges and splits), that every character still has exactly one place."""
    owner, counts, problems = _claims(result)
    text = result.page.text
    lost = next((start for start, _ in _lost_runs(text, owner)), None)
    if lost is not None:
        problems.append(f"character {lost} ({text[lost]!r}) belongs nowhere")
    counts.whitespace = counts.total - counts.body - counts.head - counts.furniture - counts.markup - counts.residue
    result.accounting = counts
    return [Diagnostic("error", result.page.rel_path, f"accounting bug: {problem}") for problem in problems]


def account(result: PageResult) -> None:
    """Assign every character of the page to exactly one place and check it.

    Characters outside every span must be whitespace; any other character
    would be lost, so it is added to the residue (and reported) instead.
    Overlapping claims are a bug in segmentation and are reported as errors.
    """
    text = result.page.text
    owner, counts, problems = _claims(result)
    # Unclaimed characters: whitespace is layout; anything else is residue.
    for start, end in _lost_runs(text, owner):
        _add_residue(result, text, start, end, counts)
    counts.whitespace = counts.total - counts.body - counts.head - counts.furniture - counts.markup - counts.residue
    for problem in problems:
        result.diagnostics.append(Diagnostic("error", result.page.rel_path, f"segmentation bug: {problem}"))
    result.accounting = counts


def _add_residue(result: PageResult, text: str, start: int, end: int, counts: Accounting) -> None:
    result.residue.append(Element(Role.RESIDUE, text[start:end], [Span(start, end)]))
    counts.residue += end - start
    line = text.count("\n", 0, start) + 1
    result.diagnostics.append(Diagnostic("warning", result.page.rel_path, f"text kept as residue (belongs to no article): {text[start:end][:30]!r}", line))
