"""Clean text for readers: punctuation width, derived titles; and texts as
code points, for the code that counts their characters with numpy.

The source text is never changed (spans point into it); these functions only
shape what is displayed and exported as ``text``.
"""

from __future__ import annotations

import re

import numpy as np

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_CJK_CONTEXT = rf"[{_HAN}“”‘’《》（）【】、。，；：！？]"

# Half-width punctuation next to Chinese becomes full-width (12月17日,重庆 →
# 12月17日，重庆); numbers and Latin text keep theirs (1,000 / 10:30 / a, b).
_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_CJK = re.compile(_CJK_CONTEXT)


_HALF_WIDTH = re.compile(r"[,;:?!(]")  # all that the substitutions below can change


def normalize_punctuation(text: str) -> str:
    if not _HALF_WIDTH.search(text):
        return text  # most text is set full-width already: three substitutions for nothing

    def replace(match: re.Match) -> str:
        i = match.start()
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before.isdigit() and after.isdigit():
            return match.group(0)
        if match.group(0) == ";" and re.search(r"&#?\w+$", text[max(0, i - 10) : i]):
            return ";"  # the end of an entity such as &amp; stays as written
        if _CJK.match(before) or _CJK.match(after):
            return _TO_FULL[match.group(0)]
        return match.group(0)

    text = re.sub(r"[,;:?!]", replace, text)
    # Parentheses around or beside Chinese text: 西部(重庆)科学城 → 西部（重庆）科学城.
    text = re.sub(rf"\(([^()]*[{_HAN}][^()]*)\)", r"（\1）", text)
    text = re.sub(rf"(?<=[{_HAN}])\(([^()]*)\)", r"（\1）", text)
    return text


_LEADING_TIME = re.compile(r"^(?:日前|近日|近期|目前|当前|今年以来|本报讯[（(][^）)]*[）)])[，,]?")
_CLAUSE_END = re.compile(r"[，,。；;！!？?：:]")
DERIVED_TITLE_MAX = 28


def derive_title(text: str) -> str:
    """A title for a piece printed without one: its first clause (after a
    leading 日前，/近日，), cut at a word-safe length with an ellipsis."""
    text = text.strip()
    stripped = _LEADING_TIME.sub("", text).strip() or text
    match = _CLAUSE_END.search(stripped)
    clause = stripped[: match.start()] if match else stripped
    if len(clause) < 6 and match:
        following = _CLAUSE_END.search(stripped, match.end())
        clause = stripped[: following.start()] if following else stripped
    clause = clause.strip("“”\"'‘’（）() ")
    if len(clause) > DERIVED_TITLE_MAX:
        clause = clause[:DERIVED_TITLE_MAX].rstrip() + "…"
    return clause or "（无题）"


def clean_byline(text: str) -> str:
    """``□本报记者 张凌霄`` → ``本报记者 张凌霄``; brackets of a dateline or a
    sign-off are dropped."""
    text = re.sub(r"^[□■◇◆○●◎☆★▲△▌|]\s*", "", text.strip())
    text = re.sub(r"^[（(]\s*|\s*[）)]$", "", text)
    return re.sub(r"\s+", " ", text)


def code_points(texts: list[str], ranges: tuple[tuple[int, int], ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``texts`` joined by line breaks (which join no pair of characters
    in ``ranges``), as code points; whether each is in one of ``ranges``
    (inclusive bounds); and which text each belongs to (a joining line
    break: the text before it).  Topic vectors (segmentation) and the
    search index both number characters and pairs of them this way."""
    points = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    inside = np.zeros(len(points), dtype=bool)
    for low, high in ranges:
        inside |= (points >= low) & (points <= high)
    owners = np.repeat(np.arange(len(texts), dtype=np.int64), [len(text) + 1 for text in texts])[: len(points)]
    return points, inside, owners
