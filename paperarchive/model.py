"""Typed data handed from stage to stage.

read (SourcePage) → layout (Line, Unit) → roles (Unit.role) → assemble (Article,
PageResult) → write.  Every piece of text is carried as character offsets into
``SourcePage.text`` (the page decoded to ``str``, BOM removed, nothing else
changed), so any later stage can go back to the exact source, as spaCy keeps
annotations as offsets into the original document.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Role(str, Enum):
    """What a reading unit is on the printed page."""

    BANNER = "banner"  # page or column banner above one or more articles
    LABEL = "label"  # column label such as 决策建议, 智库视点, 编者按
    KICKER = "kicker"  # 引题
    TITLE = "title"  # 主题
    SUBTITLE = "subtitle"  # 副题
    HEADING = "heading"  # a headline line whose deck position is not decided yet
    BYLINE = "byline"
    BODY = "body"
    SECTION_HEAD = "section_head"  # 小标题 inside one report
    CAPTION = "caption"
    CREDIT = "credit"  # 摄 / 制图 / 视觉重庆 …
    JUMP_MARKER = "jump_marker"  # （上接01版） / （下转02版）
    AUTHOR_NOTE = "author_note"  # （作者系…）
    FURNITURE = "furniture"  # page furniture: mailboxes, page names …
    RESIDUE = "residue"  # text that belongs to no article


# Roles that make up an article's headline deck (not part of source.spans).
DECK_ROLES = frozenset({Role.BANNER, Role.LABEL, Role.KICKER, Role.TITLE, Role.SUBTITLE})


@dataclass(frozen=True, order=True)
class Span:
    """Half-open ``[start, end)`` character range in ``SourcePage.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Diagnostic:
    """A message for the build report; ``line`` is 1-based when known."""

    level: str  # "warning" | "error" | "info"
    file: str
    message: str
    line: int | None = None
    code: str | None = None  # what kind of problem, for grouping in the report ("page-skipped" …)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message}" if where else f"{self.level}: {self.message}"


@dataclass(frozen=True)
class PageMeta:
    """Identity of one printed page (版面)."""

    key: str  # URL-safe, stable identifier derived from the file path
    paper: str | None = None
    date: str | None = None  # YYYY-MM-DD
    date_source: str | None = None  # manifest | filename | text | None
    date_evidence: str | None = None  # why an inferred date was chosen
    page: str | None = None  # page number as printed, e.g. "01"
    page_name: str | None = None  # 版名, e.g. 要闻
    column: str | None = None  # default column for the page's articles
    city: str | None = None  # the paper's city: 市药监局 in its pages is this city's


@dataclass
class SourcePage:
    """One input file, decoded."""

    path: Path
    rel_path: str  # POSIX path relative to the seeds folder
    text: str
    encoding: str
    meta: PageMeta
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: str | None = None  # why the file is not read as a page (binary, undecodable)


@dataclass(frozen=True)
class Line:
    """One physical line of the page, with its content span (whitespace and
    OCR ``#`` marks excluded) and the span of any ``#`` mark."""

    number: int  # 1-based line number in the file
    block: int  # index of the blank-line separated block it belongs to
    content: Span
    text: str  # text of ``content``
    heading_level: int = 0  # number of leading '#' (OCR hint), 0 if none
    marks: tuple[Span, ...] = ()  # spans of '#' marks, counted as markup
    indented: bool = False  # starts with an indent (≥ 1 full-width cell): a paragraph start


@dataclass
class Unit:
    """A reading unit: one paragraph or one headline line, possibly made of
    several hard-wrapped physical lines."""

    index: int
    lines: list[Line]
    role: Role = Role.BODY
    # Set by the role scorer for inspection and tests.
    heading_score: float = 0.0

    @functools.cached_property
    def text(self) -> str:
        # Cached: asked for again and again while a page is assembled, and
        # a unit's lines never change once it is made.
        return join_wrapped([line.text for line in self.lines])

    @property
    def spans(self) -> list[Span]:
        return [line.content for line in self.lines]

    @property
    def block(self) -> int:
        return self.lines[0].block

    @property
    def first_line(self) -> int:
        return self.lines[0].number

    @property
    def heading_level(self) -> int:
        return self.lines[0].heading_level


def join_wrapped(parts: list[str]) -> str:
    """Join hard-wrapped pieces of one paragraph.

    Chinese needs no separator; a space is kept only between two Latin letters,
    where the wrap most likely replaced one (``CCUS`` / ``CCS`` stay intact as
    they are never wrapped mid-word by typesetters).
    """
    pieces: list[str] = []
    last = ""  # the last character so far
    for part in parts:
        if part:
            if last.isascii() and last.isalpha() and part[0].isascii() and part[0].isalpha():
                pieces.append(" ")
            pieces.append(part)
            last = part[-1]
    return "".join(pieces)  # one copy: adding to a string copied it at every line


@dataclass
class Element:
    """One piece of an article body in reading order."""

    role: Role  # BODY, SECTION_HEAD, CAPTION, CREDIT, AUTHOR_NOTE, BYLINE, JUMP_MARKER
    text: str  # clean text (wraps joined, OCR marks removed, punctuation normalised)
    spans: list[Span]


@dataclass
class Credit:
    role: str  # 摄影 | 制图 | 图片 …
    names: list[str]
    text: str


@dataclass
class Correction:
    """One change an editor made (``corrections.yml``) and what the machine
    had read, so the machine's reading stays recoverable."""

    field: str  # title | kicker | subtitle | byline | authors | date | tags | merge | split | hide
    machine: object
    corrected: object


@dataclass
class Article:
    """An assembled article, ready to be written."""

    id: str
    page_key: str
    kind: str  # article | photo | continuation | editor_note
    title: str
    title_derived: bool = False
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    column: str | None = None
    labels: list[str] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    head_spans: list[Span] = field(default_factory=list)  # deck, labels, banner
    continued_from: str | None = None  # e.g. "01版" for （上接01版）
    continues_to: str | None = None  # e.g. "02版" for （下转02版）
    spans: list[Span] = field(default_factory=list)  # source.spans, reading order
    order: int = 0  # position on the page, in reading order of first body text
    fragments: int = 1  # number of separate runs of source it was assembled from
    annotation: "Annotation | None" = None  # set by the annotation stage
    # Set by editors' corrections (paperarchive/corrections.py):
    date: str | None = None  # a date of its own, else the page's
    corrections: list[Correction] = field(default_factory=list)
    editor_note: str | None = None
    merged_from: list[str] = field(default_factory=list)  # ids of articles merged into it
    split_from: str | None = None  # id of the article it was split from
    hidden: bool = False
    # A digest of what made the article as it stands (its page's
    # segmentation inputs and its annotation's), set by the pipeline when no
    # correction touches its page: render keys use it instead of a pickle of
    # the whole article (a tenth of a millisecond each, on every build).
    fingerprint: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [e.text for e in self.elements if e.role == Role.BODY]

    @property
    def text(self) -> str:
        """The clean body: paragraphs and section heads, one per line."""
        return "\n".join(e.text for e in self.elements if e.role in (Role.BODY, Role.SECTION_HEAD) and e.text)


def merge_spans(spans: list[Span], text: str) -> list[Span]:
    """Merge consecutive spans (in the given reading order) whose gap in
    ``text`` is only whitespace, so a paragraph wrapped over five lines is one
    span rather than five.  Order is kept: spans are never sorted."""
    merged: list[Span] = []
    for span in spans:
        if not len(span):
            continue
        if merged:
            last = merged[-1]
            if last.end <= span.start and not text[last.end : span.start].strip():
                merged[-1] = Span(last.start, span.end)
                continue
        merged.append(span)
    return merged


@dataclass
class Accounting:
    """Where every character of a page went."""

    total: int = 0
    body: int = 0  # in some article's source.spans
    head: int = 0  # decks, labels, banners attached to articles
    furniture: int = 0
    markup: int = 0  # OCR '#' marks
    residue: int = 0
    whitespace: int = 0

    @property
    def accounted(self) -> int:
        return self.body + self.head + self.furniture + self.markup + self.residue + self.whitespace


@dataclass
class PageResult:
    """Everything segmentation found on one page."""

    page: SourcePage
    articles: list[Article]
    furniture: list[Element]
    residue: list[Element]
    accounting: Accounting
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hidden: list[Article] = field(default_factory=list)  # withdrawn by an editor: kept, not published
    markup: list[Span] = field(default_factory=list)  # OCR '#' marks
    source_digest: str = ""  # of what segmentation read: the page, its metadata, the code (the segmentation cache's key)


@dataclass
class Mention:
    """An entity found in an article: offsets into ``Article.text``."""

    kind: str  # person | place | organization
    name: str  # canonical name (aliases resolved)
    start: int
    end: int

    def __reduce__(self) -> tuple:
        # Pickled as the constructor's arguments, not as a dataclass's state:
        # the cache gives back a quarter of a million of them on every build
        # at 10,000 articles, in two thirds of the time.
        return (Mention, (self.kind, self.name, self.start, self.end))


@dataclass
class Annotation:
    """What the annotation stage found in one article (a pure function of
    the article and the dictionaries; corpus-level choices come later)."""

    terms: dict[str, int]  # keyword candidates → weighted count (deck counts double)
    people: list[str]
    places: list[str]
    organizations: list[str]
    credited: list[str]  # names from bylines and credits
    mentions: list[Mention] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # chosen at corpus level


@dataclass
class Related:
    id: str
    score: float
    shared: list[str]
