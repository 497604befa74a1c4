"""Editors' corrections: ``seeds/corrections.yml``, applied on every build.

The machine reads most pages right; where it does not, an editor writes
what is right, keyed by the article's stable id (shown on every article
page), and every later build applies it::

    articles:
      000_fb5bc286347f2f36-5a1b2c3d:
        title: 碳中和路径设计应处理好五大关系
        kicker: 中国科学院院士金之钧   # null removes it
        subtitle: null
        byline: 本报记者 张凌霄
        date: 2022-07-28
        tags: {add: {people: [金之钧]}, remove: [路径]}
        note: 标题据版面图片核对
      000_fb5bc286347f2f36-9c8d7e6f:
        merge: [000_fb5bc286347f2f36-0a1b2c3d]   # same page, appended in order
      001_7b529e5c8adfd392-11223344:
        split: [{at: 两大领域发力指减碳, title: 减碳与消纳}]   # paragraph: its start or number
      002_c19f4712d88570c9-55667788:
        hide: true

As Trove keeps a newspaper's OCR text beside its corrections, the
machine's reading stays recoverable: every article records what was
changed (``corrections``: field, what the machine read, what the editor
set), merged articles name their parts, split ones their origin, and the
URLs of articles merged away or hidden stay alive as short notices.  A
correction that no longer matches an article (the page changed, or was
segmented differently) is reported in the build report, never dropped in
silence.

Structure (merge, split, hide) and fields are applied right after
segmentation; tags after annotation, before related stories are linked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from .model import Article, Correction, Diagnostic, PageResult, Role, merge_spans
from .segment import patterns
from .segment.finalize import article_id
from .text import derive_title

FILE_NAMES = ("corrections.yml", "corrections.yaml")
FIELDS = ("title", "kicker", "subtitle", "byline", "authors", "date")
KEYS = {*FIELDS, "tags", "merge", "split", "hide", "note"}
TAG_KINDS = ("keywords", "people", "places", "organizations", "authors")
UNMATCHED = "correction-unmatched"  # Diagnostic.code of a correction that changed nothing


@dataclass
class Split:
    at: int | str  # 1-based paragraph number, or the paragraph's first characters
    title: str | None = None


@dataclass
class ArticleCorrection:
    id: str
    line: int | None  # in corrections.yml
    fields: dict[str, Any] = field(default_factory=dict)  # FIELDS → value (None removes)
    add_tags: dict[str, list[str]] = field(default_factory=dict)
    remove_tags: dict[str | None, list[str]] = field(default_factory=dict)  # kind (None: any) → terms
    merge: list[str] = field(default_factory=list)
    split: list[Split] = field(default_factory=list)
    hide: bool = False
    note: str | None = None


@dataclass
class Corrections:
    path: str | None = None  # relative to the seeds folder
    articles: dict[str, ArticleCorrection] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.articles)

    def pages(self, keys: "Iterable[str]") -> frozenset[str]:
        """Those of the page ``keys`` whose articles a correction may change:
        the pages of the articles corrected and of those merged into them
        (an article's id starts with its page's key and a dash; a page
        counted in by a key that merely looks like a prefix costs only
        time)."""
        ids = [ident for correction in self.articles.values() for ident in (correction.id, *correction.merge)]
        return frozenset(key for key in keys if any(ident.startswith(key + "-") for ident in ids)) if ids else frozenset()


# -- reading -----------------------------------------------------------------


def _article_lines(text: str) -> dict[str, int]:
    """The line of each article id under ``articles:``, for messages."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return {}
    for key, value in root.value:
        if key.value == "articles" and isinstance(value, yaml.MappingNode):
            return {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
    return {}


def load_corrections(seeds: Path) -> tuple[Corrections, list[Diagnostic]]:
    """Read ``corrections.yml``; whatever is wrong with it is reported with
    its line, and only the broken part is ignored."""
    for name in FILE_NAMES:
        path = seeds / name
        if path.is_file():
            break
    else:
        return Corrections(), []
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = yaml.safe_load(text) or {}
        lines = _article_lines(text)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return Corrections(name), [
            Diagnostic("error", name, f"ignored: not valid YAML ({exc.__class__.__name__}: {getattr(exc, 'problem', exc)}); fix the syntax", mark.line + 1 if mark else None, UNMATCHED)
        ]
    diagnostics: list[Diagnostic] = []
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, dict):
        return Corrections(name), [Diagnostic("error", name, "ignored: expected a mapping 'articles:' of article ids to corrections", None, UNMATCHED)]
    corrections = Corrections(name)
    for key, value in articles.items():
        ident = str(key)
        line = lines.get(ident)
        if not isinstance(value, dict):
            diagnostics.append(Diagnostic("error", name, f"{ident}: ignored, expected a mapping of {', '.join(sorted(KEYS))}", line, UNMATCHED))
            continue
        correction, problems = _parse(ident, value, line)
        diagnostics += [Diagnostic("warning", name, f"{ident}: {p}", line) for p in problems]
        corrections.articles[ident] = correction
    return corrections, diagnostics


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return [str(v) for v in value]
    return None


def _terms_by_kind(section: str, value: dict, problems: list[str]) -> dict:
    """``{kind: [terms]}`` of ``tags.add`` or ``tags.remove``; a bad entry is
    named in ``problems`` and left out."""
    found = {}
    for kind, terms in value.items():
        if kind not in TAG_KINDS or _strings(terms) is None:
            problems.append(f"tags.{section}.{kind}: expected one of {', '.join(TAG_KINDS)} with a list of terms; ignored")
        else:
            found[kind] = _strings(terms)
    return found


def _parse(ident: str, value: dict, line: int | None) -> tuple[ArticleCorrection, list[str]]:
    problems = [f"unknown key {key!r} ignored (known: {', '.join(sorted(KEYS))})" for key in value if key not in KEYS]
    correction = ArticleCorrection(ident, line)
    for key in FIELDS:
        if key not in value:
            continue
        raw = value[key]
        if key == "authors":
            names = _strings(raw) if raw is not None else []
            if names is None:
                problems.append("authors: expected a list of names; ignored")
                continue
            correction.fields[key] = names
        elif key == "date":
            date = raw.isoformat() if isinstance(raw, dt.date) else str(raw) if raw is not None else None
            try:
                correction.fields[key] = dt.date.fromisoformat(date).isoformat() if date else None
            except ValueError:
                problems.append(f"date {raw!r} is not YYYY-MM-DD; ignored")
        elif key == "title" and (raw is None or not str(raw).strip()):
            problems.append("title cannot be empty; ignored (use hide: true to withdraw an article)")
        else:
            correction.fields[key] = None if raw is None else str(raw).strip() or None
    tags = value.get("tags")
    if tags is not None:
        if not isinstance(tags, dict):
            problems.append("tags: expected {add: {kind: [terms]}, remove: [terms]}; ignored")
        else:
            add = tags.get("add") or {}
            if isinstance(add, dict):
                correction.add_tags = _terms_by_kind("add", add, problems)
            else:
                problems.append("tags.add: expected a mapping of kinds to terms; ignored")
            remove = tags.get("remove") or []
            if isinstance(remove, dict):
                correction.remove_tags = _terms_by_kind("remove", remove, problems)
            elif _strings(remove) is not None:
                correction.remove_tags[None] = _strings(remove)
            else:
                problems.append("tags.remove: expected a list of terms; ignored")
            problems += [f"tags.{k}: unknown, use add or remove" for k in tags if k not in ("add", "remove")]
    if "merge" in value:
        merged = _strings(value["merge"])
        if merged is None:
            problems.append("merge: expected a list of article ids; ignored")
        else:
            correction.merge = merged
    if "split" in value:
        for item in value["split"] if isinstance(value["split"], list) else [value["split"]]:
            at = item.get("at") if isinstance(item, dict) else item
            title = item.get("title") if isinstance(item, dict) else None
            if isinstance(at, bool) or not isinstance(at, (int, str)) or (isinstance(at, int) and at < 2):
                problems.append(f"split: {item!r} needs at: the paragraph that starts the new article (its first characters, or its number from 2); ignored")
                continue
            correction.split.append(Split(at, str(title) if title else None))
    if "hide" in value:
        if isinstance(value["hide"], bool):
            correction.hide = value["hide"]
        else:
            problems.append("hide: expected true or false; ignored")
    if value.get("note") is not None:
        correction.note = str(value["note"])
    return correction, problems


# -- applying ----------------------------------------------------------------


def _unmatched(corrections: Corrections, correction: ArticleCorrection, message: str) -> Diagnostic:
    return Diagnostic("error", corrections.path or FILE_NAMES[0], f"{correction.id}: {message}", correction.line, UNMATCHED)


def apply_structure(results: list[PageResult], corrections: Corrections) -> list[Diagnostic]:
    """Merges, splits, field corrections and hiding, page by page (in
    place).  Ids are the machine's; a split's new part gets the id its
    first paragraph gives it, and may be corrected under that id too."""
    if not corrections:
        return []
    diagnostics: list[Diagnostic] = []
    found: set[str] = set()
    for result in results:
        by_id = {a.id: a for a in result.articles}
        mine = [c for c in corrections.articles.values() if c.id in by_id]
        for correction in mine:
            if correction.merge:
                found.add(correction.id)
                diagnostics += _merge(result, by_id, correction, corrections)
        for correction in mine:
            if correction.split and correction.id in by_id:
                found.add(correction.id)
                diagnostics += _split(result, by_id[correction.id], correction, corrections)
        by_id = {a.id: a for a in result.articles}
        for correction in corrections.articles.values():
            article = by_id.get(correction.id)
            if article is None:
                continue
            found.add(correction.id)
            _fields(article, correction, result.page.meta.date)
            if correction.hide:
                result.articles.remove(article)
                article.hidden = True
                result.hidden.append(article)
    merged_away = {m for c in corrections.articles.values() for m in c.merge}
    for correction in corrections.articles.values():
        if correction.id not in found and correction.id not in merged_away:
            diagnostics.append(_unmatched(corrections, correction, "matches no article; the page may have changed or been read differently — find the article's id on its page and update corrections.yml"))
    return diagnostics


def _merge(result: PageResult, by_id: dict[str, Article], correction: ArticleCorrection, corrections: Corrections) -> list[Diagnostic]:
    target = by_id[correction.id]
    diagnostics = []
    for other_id in correction.merge:
        other = by_id.get(other_id)
        if other is None or other is target or other not in result.articles:
            where = "is not on the same page" if other is None else "is already part of it"
            diagnostics.append(_unmatched(corrections, correction, f"merge: {other_id} {where}; only articles of one page can be merged (pieces on other pages are linked by 上接/下转)"))
            continue
        result.articles.remove(other)
        target.elements += other.elements
        target.spans = target.spans + other.spans  # reading order: this one's text, then the other's
        target.head_spans = merge_spans(sorted(target.head_spans + other.head_spans), result.page.text)
        target.fragments += other.fragments
        target.merged_from.append(other.id)
        target.corrections.append(Correction("merge", {"id": other.id, "title": other.title}, None))
        for author in other.authors:
            if author not in target.authors:
                target.authors.append(author)
        target.credits += other.credits
        if target.continues_to is None:
            target.continues_to = other.continues_to
    return diagnostics


def _split(result: PageResult, article: Article, correction: ArticleCorrection, corrections: Corrections) -> list[Diagnostic]:
    """Cut the article before the paragraphs named by the splits: the
    start of a paragraph or section head, or its number — the line of the
    article's text (``text`` in the dataset), from 1.  A section head just
    above the cut goes with the new article and, unless the split names a
    title, becomes its title."""
    diagnostics = []
    lines = [e for e in article.elements if e.role in (Role.BODY, Role.SECTION_HEAD)]
    cuts: dict[int, Split] = {}
    for split in correction.split:
        if isinstance(split.at, int):
            element = lines[split.at - 1] if 2 <= split.at <= len(lines) else None
        else:
            element = next((e for e in lines[1:] if e.text.startswith(split.at.strip())), None)
        if element is None:
            diagnostics.append(_unmatched(corrections, correction, f"split: no paragraph {split.at!r} after the first one of this article; write the start of the paragraph that begins the new article"))
            continue
        index = next(i for i, e in enumerate(article.elements) if e is element)
        while index > 1 and article.elements[index - 1].role is Role.SECTION_HEAD:
            index -= 1
        cuts[index] = split
    if not cuts:
        return diagnostics
    bounds = [0, *sorted(cuts), len(article.elements)]
    segments = [article.elements[a:b] for a, b in zip(bounds, bounds[1:])]
    text = result.page.text
    continues_to, article.continues_to = article.continues_to, None
    article.elements = segments[0]
    article.spans = merge_spans([s for e in segments[0] for s in e.spans], text)
    position = result.articles.index(article)
    for start, elements in zip(sorted(cuts), segments[1:]):
        split = cuts[start]
        title, head = split.title, []
        if elements[0].role is Role.SECTION_HEAD and len(elements) > 1:
            head, elements = elements[:1], elements[1:]
            title = title or head[0].text
        first = next((e.text for e in elements if e.role is Role.BODY), elements[0].text)
        new = Article(
            id=_free_id(result, article_id(result.page.meta.key, first[:80])),
            page_key=article.page_key,
            kind="article" if title else "continuation",
            title=title or derive_title(first),
            title_derived=not title,
            authors=[n for e in elements if e.role is Role.BYLINE for n in patterns.byline_names(e.text)],
            column=article.column,
            elements=elements,
            head_spans=[s for e in head for s in e.spans],
            spans=merge_spans([s for e in elements for s in e.spans], text),
            order=article.order,
            split_from=article.id,
        )
        position += 1
        result.articles.insert(position, new)
        article.corrections.append(Correction("split", None, {"id": new.id, "at": split.at}))
    result.articles[position].continues_to = continues_to
    return diagnostics


def _free_id(result: PageResult, ident: str) -> str:
    taken = {a.id for a in result.articles} | {a.id for a in result.hidden}
    candidate, suffix = ident, 2
    while candidate in taken:
        candidate, suffix = f"{ident}-{suffix}", suffix + 1
    return candidate


def _fields(article: Article, correction: ArticleCorrection, page_date: str | None) -> None:
    for key, value in correction.fields.items():
        machine = (article.date or page_date) if key == "date" else getattr(article, key)
        if key == "title":
            article.title_derived = False
        if key == "byline" and "authors" not in correction.fields:
            names = patterns.byline_names(value) if value else []
            if names != article.authors:
                article.corrections.append(Correction("authors", list(article.authors), names))
                article.authors = names
        setattr(article, key, value)
        article.corrections.append(Correction(key, machine, value))
    if correction.note:
        article.editor_note = correction.note
    if correction.hide:
        article.corrections.append(Correction("hide", None, True))


def apply_tags(results: list[PageResult], corrections: Corrections) -> list[Diagnostic]:
    """Tags added and removed by editors, after annotation and keywords."""
    if not corrections:
        return []
    diagnostics: list[Diagnostic] = []
    by_id = {a.id: a for r in results for a in r.articles}
    attribute = {"keywords": "keywords", "people": "people", "places": "places", "organizations": "organizations", "authors": "credited"}
    for correction in corrections.articles.values():
        article = by_id.get(correction.id)
        if article is None or article.annotation is None or not (correction.add_tags or correction.remove_tags):
            continue
        annotation = article.annotation
        for kind, terms in correction.add_tags.items():
            held = getattr(annotation, attribute[kind])
            added = [t for t in terms if t not in held]
            held.extend(added)
            if added:
                article.corrections.append(Correction("tags", None, {"add": {kind: added}}))
        for kind, terms in correction.remove_tags.items():
            kinds = [kind] if kind else list(TAG_KINDS)
            removed = {k: [t for t in terms if t in getattr(annotation, attribute[k])] for k in kinds}
            for k, gone in removed.items():
                if gone:
                    setattr(annotation, attribute[k], [t for t in getattr(annotation, attribute[k]) if t not in gone])
                    article.corrections.append(Correction("tags", {"remove": {k: gone}}, None))
            missing = [t for t in terms if not any(t in gone for gone in removed.values())]
            if missing:
                diagnostics.append(Diagnostic("warning", corrections.path or FILE_NAMES[0], f"{correction.id}: tags.remove: {', '.join(missing)} not among its tags (any more); nothing removed", correction.line))
    return diagnostics


