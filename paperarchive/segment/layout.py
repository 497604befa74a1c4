"""Stage 2a — physical layout: lines, blank-line blocks and reading units.

Two layouts occur in e-paper and OCR text and may be mixed on one page:

* *blank-line paragraphs*: every paragraph or headline is one line, separated
  by blank lines;
* *hard wraps*: a paragraph is cut every ~20 characters (a newspaper column),
  words cut anywhere.

A reading unit is one paragraph or one headline line.  Lines of one block are
joined into a unit when the first one is a wrap (as wide as the column and not
ending a sentence) or, on hard-wrapped pages, when both are short (a headline
wrapped over two lines).  Blank lines never join units here: paragraphs split
by a blank line mid-sentence are a question of continuity, decided later.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

from ..model import Line, Span, Unit
from . import patterns

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_HEADING_MARK = re.compile(r"(#{1,6})[ \t\u3000]+")  # used with match(text, pos)
_CLOSING_MARK = re.compile(r"[ \t\u3000]+#+$")

HARD_WRAP_MAX_WIDTH = 40  # a column wider than this is not a hard-wrapped column
WRAP_TOLERANCE = 2.5  # a line this close to the column width is a wrap


def _narrow_characters() -> re.Pattern:
    """A character class of every character of the first plane that is not
    wide or full-width (Unicode's East Asian Width W and F), built once
    from ``unicodedata``: counting matches in C is thirty times faster than
    asking per character, and Chinese text has few narrow characters — a
    list of those few costs less to make than one of every wide one (3.5×).
    Characters beyond the first plane are left out, so that ``re`` tests a
    character against a bitmap rather than hundreds of ranges one by one
    (3× faster)."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if unicodedata.east_asian_width(chr(code)) in "WF":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    ranges.append([0x10000, 0x10FFFF])
    return re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


_NARROW = _narrow_characters()
_BEYOND_FIRST_PLANE = re.compile("[\U00010000-\U0010ffff]")


def display_width(text: str) -> float:
    """Width in full-width character cells (CJK = 1, Latin and digits = ½)."""
    narrow = len(_NARROW.findall(text))
    if _BEYOND_FIRST_PLANE.search(text):  # rare (emoji, CJK extension B …): asked one by one
        narrow += sum(1 for ch in _BEYOND_FIRST_PLANE.findall(text) if unicodedata.east_asian_width(ch) not in "WF")
    return (2 * len(text) - narrow) / 2


def split_lines(text: str) -> list[Line]:
    """Physical lines with content spans; blank lines start a new block.

    Leading/trailing whitespace (full-width spaces included) and OCR heading
    marks (``# ``, ``## ``) are excluded from the content span; the mark is
    kept as its own span so no character is lost.  A line that carries a jump
    marker inline is split into pseudo-lines (see :func:`_split_inline`).
    """
    lines: list[Line] = []
    block = 0
    previous_blank = True
    number = 0
    for match in _LINE.finditer(text):
        raw = match.group(0)
        if not raw:
            break
        number += 1
        body = raw.rstrip("\r\n")
        start = match.start()
        stripped = body.strip()
        if not stripped:
            previous_blank = True
            continue
        if previous_blank and lines:
            block += 1
        previous_blank = False
        lead = len(body) - len(body.lstrip())
        indented = display_width(body[:lead].replace("\t", "  ")) >= 1
        content_start = start + lead
        content_end = start + len(body.rstrip())
        level = 0
        marks: tuple[Span, ...] = ()
        heading = _HEADING_MARK.match(text, content_start, content_end)
        if heading and heading.end() < content_end:
            level = len(heading.group(1))
            marks = (Span(content_start, heading.end()),)
            content_start = heading.end()
            closing = _CLOSING_MARK.search(text[content_start:content_end])
            if closing:  # "## 标题 ##": the closing run is markup too
                marks += (Span(content_start + closing.start(), content_end),)
                content_end = content_start + closing.start()
        for piece_start, piece_end in _split_inline(text, content_start, content_end):
            lines.append(
                Line(
                    number=number,
                    block=block,
                    content=Span(piece_start, piece_end),
                    text=text[piece_start:piece_end],
                    heading_level=level,
                    marks=marks if piece_start == content_start else (),
                    indented=indented and piece_start == content_start,
                )
            )
    return lines


def _split_inline(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a line where a jump marker sits inline: ``（上接01版）中电科…`` →
    marker + text; ``…（下转02版）`` → text + marker.  Pieces keep exact
    offsets.  (Signatures are split per paragraph, see :func:`_split_signature`.)"""
    content = text[start:end]
    pieces = [(start, end)]
    lead = patterns.LEADING_JUMP.match(content)
    if lead and lead.end() < len(content):
        rest = start + lead.end()
        while rest < end and text[rest].isspace():
            rest += 1
        pieces = [(start, start + lead.end()), (rest, end)]
    last_start, last_end = pieces[-1]
    tail = patterns.trailing_jump(text[last_start:last_end])
    if tail is not None:
        cut = last_start + tail
        body_end = cut
        while body_end > last_start and text[body_end - 1].isspace():
            body_end -= 1
        if body_end > last_start:
            pieces[-1:] = [(last_start, body_end), (cut, last_end)]
    return pieces


@dataclass(frozen=True)
class Columns:
    """Column width around every line of hard-wrapped text.

    Widths are measured locally — the median width of the neighbouring lines
    of the same block — because one block may hold columns of different
    widths (a page exported without blank lines).  ``page`` is the median of
    all local widths, used for lines that cannot be measured; it is None when
    the page has no hard-wrapped text at all."""

    by_start: dict[int, float]
    page: float | None

    def at(self, line: Line) -> float | None:
        if self.page is None:
            return None
        return self.by_start.get(line.content.start, self.page)


COLUMN_WINDOW = 6  # lines each side used to measure the local column width


def measure_columns(lines: list[Line]) -> Columns:
    by_block: dict[int, list[Line]] = {}
    for line in lines:
        by_block.setdefault(line.block, []).append(line)
    measured: dict[int, float] = {}
    for members in by_block.values():
        if len(members) < 3:
            continue
        widths = [display_width(line.text) for line in members]
        for i, line in enumerate(members):
            # The block's last line is usually a paragraph end, not a wrap.
            window = widths[max(0, i - COLUMN_WINDOW) : min(len(members) - 1, i + COLUMN_WINDOW + 1)] or widths
            width = statistics.median(window)
            # Wrapped text is regular: most lines fill the column.  Lines of
            # one paragraph each vary wildly and are not a column.
            regular = sum(1 for w in window if width - 3 <= w <= width + 1.5) >= 0.6 * len(window)
            if width <= HARD_WRAP_MAX_WIDTH and regular:
                measured[line.content.start] = width
    if not measured:
        return Columns({}, None)
    return Columns(measured, statistics.median(measured.values()))


def build_units(lines: list[Line]) -> tuple[list[Unit], Columns]:
    """Group lines into reading units.  Returns the units and the measured
    column widths."""
    columns = measure_columns(lines)
    # Each line's width and whether it stands alone, once: a line is asked
    # about as the next line and again as the previous one, and a wrapped
    # paragraph's widest line was looked for again at every line it took.
    widths = [display_width(line.text) for line in lines]
    special = [patterns.is_special_line(line.text) for line in lines]
    groups: list[list[Line]] = []
    widest = 0.0  # of the last group's lines
    for i, line in enumerate(lines):
        if groups:
            group = groups[-1]
            previous = group[-1]  # the line before this one: groups are runs of lines
            column = columns.at(previous)
            if previous.block == line.block and not special[i - 1] and not special[i] and _joins(previous, line, column, widths[i - 1], widths[i]):
                # After a full-width wrap, a short line ends the unit: the
                # next short line is something else (a headline under a
                # paragraph or long kicker), not more of a wrapped headline.
                wrapped = column is not None and widest >= column - WRAP_TOLERANCE
                if not (wrapped and widths[i - 1] < column - WRAP_TOLERANCE):
                    group.append(line)
                    widest = max(widest, widths[i])
                    continue
        groups.append([line])
        widest = widths[i]
    groups = [
        piece
        for i, group in enumerate(groups)
        for piece in (
            _split_dangling_last_line(group, columns.at(group[-2]) if len(group) > 1 else None)
            if i + 1 < len(groups) and groups[i + 1][0].block == group[-1].block
            else [group]
        )
    ]
    groups = [piece for group in groups for piece in _split_signature(group)]
    return [Unit(index=i, lines=group) for i, group in enumerate(groups)], columns


def _split_signature(group: list[Line]) -> list[list[Line]]:
    """A signature after the paragraph's last sentence (``…负责人表示。 刘玉珮
    龙博``), even wrapped over lines (``…表示。 罗晶 黄柏`` / ``添 唐敏``), is
    split off as a unit of its own."""
    cut = patterns.trailing_signature("".join(line.text for line in group))
    if cut is None:
        return [group]
    head, tail = split_lines_at(group, cut)
    return [part for part in (head, tail) if part]


def split_lines_at(group: list[Line], offset: int) -> tuple[list[Line], list[Line]]:
    """Split a unit's lines at ``offset`` into the concatenation of their
    texts; whitespace around the cut goes to neither side.  Spans stay exact."""
    position = 0
    for index, line in enumerate(group):
        if position + len(line.text) > offset:
            cut = offset - position
            head_text = line.text[:cut].rstrip()
            tail_start = cut + (len(line.text[cut:]) - len(line.text[cut:].lstrip()))
            before = group[:index]
            if head_text:
                before = before + [Line(line.number, line.block, Span(line.content.start, line.content.start + len(head_text)), head_text, line.heading_level, line.marks)]
            after = group[index + 1 :]
            if tail_start < len(line.text):
                start = line.content.start + tail_start
                after = [Line(line.number, line.block, Span(start, line.content.end), line.text[tail_start:], line.heading_level, () if head_text else line.marks)] + after
            return before, after
        position += len(line.text)
    return list(group), []


def _split_dangling_last_line(group: list[Line], column: float | None) -> list[list[Line]]:
    """On a page without blank lines, a headline directly under a full-width
    headline line (a long kicker) is read as its wrap.  When the lines above
    read as a headline (no sentence inside) and the last line is short and
    unpunctuated, with more text following in the block, the last line is a
    unit of its own and is scored as a possible headline.  (Under a paragraph
    the same shape is a sentence cut by column flow, and stays.)"""
    if column is None or len(group) < 2:
        return [group]
    last, previous = group[-1], group[-2]
    if display_width(previous.text) < column - WRAP_TOLERANCE or display_width(last.text) >= column - WRAP_TOLERANCE:
        return [group]
    if re.search(r"[\W_]$", last.text) and not re.search(r"[”’」』》]$", last.text):
        return [group]  # ends with punctuation: a real paragraph end or an open clause
    above = "".join(line.text for line in group[:-1])
    if re.search(r"[。！？!?；;]", above) or display_width(above) > HARD_WRAP_MAX_WIDTH or group[0].indented:
        return [group]  # a paragraph cut mid-sentence (column flow), not a headline
    if re.search(r"[，,、；;：:]", last.text):
        return [group]  # a clause, not a headline
    return [group[:-1], [last]]


def _joins(previous: Line, line: Line, column: float | None, previous_width: float, width: float) -> bool:
    """Whether ``line`` continues the unit ending with ``previous`` (same
    block; neither a special line, see :func:`patterns.is_special_line`),
    given their display widths."""
    if patterns.DATELINE.match(line.text) or (line.heading_level and not previous.heading_level):
        return False  # a dateline (本报讯（…）) or a marked headline starts a unit
    if line.indented and not previous.indented:
        return False  # an indent starts a paragraph (two indented lines may be a centred headline)
    if patterns.ends_sentence(previous.text):
        return False  # paragraph (or sentence) ends here
    if previous.heading_level:
        # An OCR heading wrapped in a narrow column goes on: onto an unmarked
        # short line, or onto a line with the same mark (OCR marks every
        # visual line of a large headline).
        if column is None:
            return False
        if line.heading_level:
            return line.heading_level == previous.heading_level and display_width(previous.text + line.text) <= HARD_WRAP_MAX_WIDTH
        return headline_shaped(line.text) and width < column - WRAP_TOLERANCE
    if column is None:
        # Not hard-wrapped: one line per paragraph or headline, except a long
        # line cut without sentence end, which continues on the next line
        # unless that line is shaped like a headline.
        return previous_width > HARD_WRAP_MAX_WIDTH and not headline_shaped(line.text)
    if previous_width >= column - WRAP_TOLERANCE:
        return True  # a full-width line is a wrap
    # A short line: a headline wrapped over two short lines joins; a short
    # line followed by a full one is a headline above its text.
    return width < column - WRAP_TOLERANCE


def headline_shaped(text: str) -> bool:
    return display_width(text) <= 32 and not re.search(r"[。！？!?；;]", text)
