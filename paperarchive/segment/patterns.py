"""Surface patterns of newspaper text: bylines, datelines, credits, jump
markers, author notes, page furniture, labels.

Everything here is a pure function of one string.  Both full-width and
half-width punctuation are accepted everywhere (``（`` and ``(``, ``：`` and
``:``), since OCR and e-paper exports mix them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
NAME = rf"[{HAN}][{HAN}·]{{1,4}}"  # a personal name: 2–5 Han characters
OPEN = r"[（(]"
CLOSE = r"[）)]"
SEP = r"[\s\u3000、，,]+"

_SENTENCE_END = re.compile(r"(?:[。！？!?…]|(?<![0-9A-Za-z])\.)[”’\"'」』）)】〕》]*$")
_CLAUSE_OPEN = re.compile(r"[，,、：:；;（(“‘「『《—-]$")

# 本报记者, 新华社记者, 人民日报记者, 央视网记者, 首席记者, 特约通讯员 …
ROLE_PREFIX = rf"(?:本报|本刊|[{HAN}]{{2,6}}(?:日报|晚报|报|社|网|台))?(?:首席|特约|见习|实习|资深)?(?:摄影)?(?:记者|通讯员|实习生|评论员|撰稿人|特约撰稿人)"

# --- jump markers ---------------------------------------------------------
_PAGE_NO = r"[0-9０-９一二三四五六七八九十A-Za-z]{1,4}"
LEADING_JUMP = re.compile(rf"^{OPEN}\s*(?:上接|接|紧接|续)\s*第?\s*({_PAGE_NO})\s*版?\s*{CLOSE}")
_TRAILING_JUMP = re.compile(rf"{OPEN}\s*(?:下转|转|转至|转第|转接)\s*第?\s*({_PAGE_NO})\s*版?\s*{CLOSE}$")
JUMP_LINE = re.compile(rf"^{OPEN}\s*(?:上接|接|紧接|续|下转|转|转至|转接)\s*第?\s*({_PAGE_NO})\s*版?\s*{CLOSE}$")

# --- datelines: inline bylines at the start of a lead ----------------------
DATELINE = re.compile(
    rf"^(?:据)?(?:本报(?:讯|[{HAN}0-9０-９]{{1,12}}(?:电|讯))|(?:新华社|中新社|中新网|人民日报|央视新闻|央广网|[{HAN}]{{2,6}}(?:社|网|报|台))[{HAN}0-9０-９]{{0,12}}(?:电|讯))"
    rf"\s*{OPEN}([^）)]{{1,60}}){CLOSE}"
)

# --- standalone bylines ---------------------------------------------------
_BOX_BYLINE = re.compile(rf"^[□■◇◆○●◎☆★▲△▌|]\s*([^。！？!?，,]{{2,40}})$")
_ROLE_BYLINE = re.compile(rf"^{ROLE_PREFIX}[\s:：]*{NAME}(?:{SEP}(?:{ROLE_PREFIX}\s*)?{NAME})*(?:\s*(?:报道|采写|摄影报道|发自[{HAN}]{{2,6}}))?$")
_BRACKET_BYLINE = re.compile(rf"^{OPEN}\s*(?:本报)?(?:首席|特约|见习|实习)?(?:记者|通讯员)\s*[^）)。]{{2,40}}?(?:采访|报道|采写|整理|综合)?\s*{CLOSE}$")
_SLASH_BYLINE = re.compile(rf"^(?:文|文/图|文图|记者|撰文)\s*[/／:：丨|]\s*{NAME}(?:\s*{SEP}?\s*(?:图|摄影|摄)\s*[/／:：丨|]\s*{NAME})?$")
_NAMES_ONLY = re.compile(rf"^{NAME}(?:[\s\u3000]+{NAME}){{1,5}}$")
_TRAILING_NAMES = re.compile(rf"(?<=[。！？!?”’\"」』）)])[\s\u3000]+({NAME}(?:[\s\u3000]+{NAME}){{0,5}})$")

# --- credits and captions -------------------------------------------------
_CREDIT_TAIL = re.compile(
    rf"(?:{ROLE_PREFIX}\s*)?(?:{NAME}(?:{SEP}{NAME})*)\s*摄(?:影)?\s*(?:{OPEN}[^）)]{{1,12}}{CLOSE}|[/／][^\s/／]{{2,8}})?$"
)
_CREDIT_LINE = re.compile(
    rf"^(?:(?:特约)?摄影(?:记者)?\s*[:：]?\s*{NAME}|(?:制图|图表|设计|绘图|漫画|图片|供图|图|视觉|美编|摄影)\s*[/／:：丨|]\s*{NAME}(?:{SEP}{NAME})*)"
    rf"(?:\s*[/／][^\s/／]{{2,8}}|\s*{OPEN}[^）)]{{1,12}}{CLOSE})?$"
)
_CREDIT_MARKERS = re.compile(rf"(?:[/／]视觉重庆|{OPEN}视觉重庆{CLOSE}|{OPEN}(?:本报)?资料图片{CLOSE}|供图$|图片来源[:：])")

# --- author notes and furniture -------------------------------------------
AUTHOR_NOTE = re.compile(rf"^{OPEN}\s*(?:作者|本文作者|笔者|本文)(?:系|为|是|单位|简介|来源)[^）)]{{0,200}}{CLOSE}$")
_FURNITURE = re.compile(
    r"(?:投稿|来稿|报料)(?:邮箱|信箱|热线|电话)|(?:E-?mail|邮箱)\s*[:：]?\s*\S+@\S+|^(?:责任编辑|责编|本版编辑|编辑|美编|校对|版式设计|视觉设计|组版)\s*[:：/]"
    r"|^第?\s*[0-9]{1,3}\s*版$|^https?://\S+$|^[-—=_*·•~]{3,}$"
)


_CLOSERS = "”’\"'」』）)】〕》"
_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def ends_sentence(text: str) -> bool:
    """What ``_SENTENCE_END`` matches, read from the end of the text: the
    search tried every 。 of a paragraph, and paragraphs are asked about
    again and again while a page is assembled.  (``$`` also matches before
    a final line break.)"""
    return _ends_sentence(text) or (text.endswith("\n") and _ends_sentence(text[:-1]))


def _ends_sentence(text: str) -> bool:
    core = text.rstrip(_CLOSERS)
    if not core:
        return False
    if core[-1] in "。！？!?…":
        return True
    return core[-1] == "." and (len(core) < 2 or core[-2] not in _ASCII_ALNUM)


def ends_open_clause(text: str) -> bool:
    """Ends with a comma, enumeration mark, colon, opening bracket or quote:
    the sentence certainly goes on.  (Only the last two characters can
    match: the last, or the one before a final line break.)"""
    return bool(_CLAUSE_OPEN.search(text[-2:]))


def is_jump_line(text: str) -> bool:
    return bool(JUMP_LINE.match(text))


def jump_target(text: str) -> tuple[str, str] | None:
    """``（上接01版）`` → ("from", "01版"); ``（下转02版）`` → ("to", "02版")."""
    match = JUMP_LINE.match(text)
    if not match:
        return None
    direction = "from" if re.search(r"上接|接|续", text[:4]) and not re.search(r"下转|转", text[:4]) else "to"
    return direction, f"{match.group(1)}版"


def trailing_jump(text: str) -> int | None:
    """Offset where an inline ``（下转02版）`` starts, if the text ends with one."""
    match = _TRAILING_JUMP.search(text)
    return match.start() if match and match.start() > 0 else None


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    words: set[str] = set()
    for line in resources.files("paperarchive.data").joinpath("surnames.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


def looks_like_name(token: str) -> bool:
    if not 2 <= len(token) <= 4 or not re.fullmatch(rf"[{HAN}·]+", token):
        return False
    names = surnames()
    return token[0] in names or token[:2] in names


def trailing_signature(text: str) -> int | None:
    """Offset of a signature after the last sentence (``…表示。 刘玉珮 龙博``)."""
    match = _TRAILING_NAMES.search(text)
    if not match:
        return None
    tokens = match.group(1).split()
    if all(looks_like_name(t) and len(t) <= 3 for t in tokens):
        return match.start(1)
    return None


def standalone_byline(text: str) -> bool:
    if DATELINE.match(text):
        return False
    if _BOX_BYLINE.match(text) or _ROLE_BYLINE.match(text) or _BRACKET_BYLINE.match(text) or _SLASH_BYLINE.match(text):
        return True
    if _NAMES_ONLY.match(text):
        return all(looks_like_name(t) for t in text.split())
    return False


def is_credit_line(text: str) -> bool:
    """A line that is only a photo or graphics credit (``制图/李梦妮``)."""
    if len(text) > 40:
        return False
    return bool(_CREDIT_LINE.match(text) or (_CREDIT_TAIL.fullmatch(text) and "摄" in text) or _CREDIT_MARKERS.search(text) and len(text) <= 24)


def has_credit_tail(text: str) -> bool:
    """A caption that ends with its credit (``…实验室(本报资料图片)首席记者 龙帆 摄(视觉重庆)``)."""
    return bool(_CREDIT_TAIL.search(text) or _CREDIT_MARKERS.search(text))


def is_author_note(text: str) -> bool:
    return bool(AUTHOR_NOTE.match(text))


def is_furniture(text: str) -> bool:
    return len(text) <= 80 and bool(_FURNITURE.search(text))  # the cheap test first: most lines are long


def is_special_line(text: str) -> bool:
    """Lines that are always a unit of their own, never part of a paragraph."""
    return is_jump_line(text) or standalone_byline(text) or is_credit_line(text) or is_author_note(text) or is_furniture(text)


# --- labels -----------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    columns: frozenset[str]
    genres: dict[str, str]

    def kind(self, text: str) -> str | None:
        key = re.sub(r"[\s:：]+$", "", text)
        if key in self.genres:
            return "genre"
        if key in self.columns:
            return "column"
        return None


@lru_cache(maxsize=1)
def labels() -> Labels:
    data = yaml.safe_load(resources.files("paperarchive.data").joinpath("labels.yml").read_text(encoding="utf-8"))
    return Labels(frozenset(data.get("column", [])), dict(data.get("genre", {})))


# --- byline parsing ---------------------------------------------------------

_ROLE_WORDS = re.compile(rf"^(?:{ROLE_PREFIX}|摄影)")
_ROLE_SUFFIX = re.compile(r"(?:采访|报道|采写|整理|综合|摄影|摄)$")
_AGENCY_AFTER_SLASH = re.compile(rf"[/／](?:视觉重庆|视觉中国|[{HAN}]{{2,6}}(?:社|网|报|图片|视觉))$")


def byline_names(text: str) -> list[str]:
    """Personal names in a byline, dateline bracket, signature or credit.

    ``本报讯（记者 申晓佳 实习生 桑瑛佳）`` → [申晓佳, 桑瑛佳];
    ``(记者张亦筑、夏元、韩毅、黄光红采访)`` → four names;
    ``特约摄影 孙凯芳/视觉重庆`` → [孙凯芳].
    """
    inner = text
    dateline = DATELINE.match(text)
    if dateline:
        inner = dateline.group(1)
    inner = re.sub(rf"{OPEN}[^）)]*(?:视觉|图片|资料)[^）)]*{CLOSE}", " ", inner)
    inner = _AGENCY_AFTER_SLASH.sub(" ", inner.strip())  # 孙凯芳/视觉重庆
    inner = re.sub(r"^[□■◇◆○●◎☆★▲△▌|]", "", inner.strip())
    inner = re.sub(r"^[（(]|[）)]$", "", inner.strip())
    inner = re.sub(r"(?:制图|图表|设计|绘图|漫画|图片|供图|文图|文|图|摄影)\s*[/／:：丨|]", " ", inner)
    names: list[str] = []
    for token in re.split(r"[\s\u3000、，,:：/／|丨]+", inner):
        token = _ROLE_WORDS.sub("", token)
        token = _ROLE_SUFFIX.sub("", token)
        if re.fullmatch(rf"[{HAN}][{HAN}·]{{1,5}}", token) and token not in names and token not in {"记者", "通讯员", "实习生", "本报", "特约", "首席"}:
            names.append(token)
    return names
