"""Re-lay a sample page out in another layout, keeping track of where every
character went, so hand annotations of the original score the copy.

Layouts seen in e-paper and OCR exports: hard wraps at a column width, no
blank lines between paragraphs, CRLF line ends, full-width indents, half- or
full-width punctuation, OCR '#' marks on headline lines.
"""

from __future__ import annotations

import re
import unicodedata

HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?", "！": "!"})
FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"})
LAYOUTS = ("wrap", "wrap-tight", "indent-tight", "noblank", "indent", "crlf", "halfwidth", "fullwidth", "marks", "bom")


def _width(c: str) -> float:
    return 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5


def relayout(text: str, layout: str, heading_lines: set[int] = frozenset(), column: float = 24) -> tuple[str, dict[int, int]]:
    """Return the new text and a map old offset → new offset for every
    character that survives (all do, except blank lines removed)."""
    out: list[str] = []
    mapping: dict[int, int] = {}
    pos = 0

    def emit(chunk: str, origin: int | None = None) -> None:
        nonlocal pos
        for k, ch in enumerate(chunk):
            if origin is not None:
                mapping[origin + k] = pos
            out.append(ch)
            pos += 1

    if layout == "bom":
        emit("\ufeff")
    lines = list(re.finditer(r"[^\n]*\n?", text))
    newline = "\r\n" if layout == "crlf" else "\n"
    for number, match in enumerate(lines, 1):
        line = match.group(0).rstrip("\n")
        start = match.start()
        if not match.group(0):
            break
        if not line.strip():
            if layout not in ("noblank", "wrap-tight", "indent-tight"):
                emit(newline)
            continue
        content = line
        if layout == "halfwidth":
            content = line.translate(HALF)
        elif layout == "fullwidth":
            content = re.sub(r"(?<![0-9A-Za-z])[,:;()?!]|[,:;()?!](?![0-9A-Za-z])", lambda m: m.group(0).translate(FULL), line)
        if layout in ("indent", "indent-tight") and number not in heading_lines:
            emit("\u3000\u3000")
        if layout == "marks" and number in heading_lines and not line.lstrip().startswith("#"):
            emit("## ")
        if layout in ("wrap", "wrap-tight", "indent-tight") and number in heading_lines and sum(_width(c) for c in content) > column:
            # Headlines are set in larger type across columns; a long one is
            # broken into two short lines, not at the body column width.
            half = len(content) // 2
            emit(content[:half], start)
            emit(newline)
            emit(content[half:], start + half)
        elif layout in ("wrap", "wrap-tight", "indent-tight") and sum(_width(c) for c in content) > column:
            width = 0.0
            for k, ch in enumerate(content):
                if width + _width(ch) > column:
                    emit(newline)
                    width = 0.0
                emit(ch, start + k)
                width += _width(ch)
        else:
            emit(content, start)
        emit(newline)
    return "".join(out), mapping
