"""Stage 3b — turn drafts into :class:`Article` records: deck structure,
bylines and credits, kinds, derived titles, stable ids."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..model import Article, Credit, Element, Role, Span, merge_spans
from ..text import clean_byline, derive_title, normalize_punctuation
from . import patterns
from .assemble import DeckLine, Draft
from .layout import display_width


@dataclass(frozen=True)
class Deck:
    banners: list[str]
    kicker: str | None
    title: str | None
    subtitle: str | None


_SERIES_TAG = re.compile(r"^\S{1,3}[\s\u3000]+\S")  # 看效果 持续营造…: a series tag in front


def _title_score(line: DeckLine, index: int, count: int, most_prominent: int | None) -> float:
    score = 0.0
    if most_prominent is not None and line.level == most_prominent:
        score += 2.0  # the most prominent OCR heading level of the group
    if re.search(r"[，,]", line.text):
        score -= 1.5  # a clause with a comma reads as 引题 or 副题
    if _SERIES_TAG.match(line.text):
        score -= 2.0
    if 6 <= display_width(line.text) <= 32:
        score += 0.5
    if count == 2 and index == 1:
        score += 0.3  # 引题 + 主题 is the commonest two-line deck
    if count >= 3 and index == count - 2:
        score += 0.3  # 引题 / 主题 / 副题
    return score


def structure_deck(lines: list[DeckLine]) -> Deck:
    """Which deck line is the title (主题), which the kicker (引题) above it,
    the subtitle (副题) below it, and which are banners above the kicker."""
    if not lines:
        return Deck([], None, None, None)
    texts = [normalize_punctuation(line.text) for line in lines]
    if len(lines) == 1:
        return Deck([], None, texts[0], None)
    title_index = None
    for i, line in enumerate(lines[:-1]):
        if line.text.endswith(("：", ":")):
            title_index = i + 1  # a kicker ending in a colon introduces the title
    if title_index is None:
        levels = {line.level for line in lines if line.level}
        most_prominent = min(levels) if len(levels) > 1 else None
        scores = [_title_score(line, i, len(lines), most_prominent) for i, line in enumerate(lines)]
        title_index = max(range(len(lines)), key=lambda i: (scores[i], -i))
    kicker = texts[title_index - 1] if title_index >= 1 else None
    banners = texts[: max(title_index - 1, 0)]
    subtitle = " ".join(texts[title_index + 1 :]) or None
    return Deck(banners, kicker, texts[title_index], subtitle)


def _credit(text: str) -> Credit:
    if "摄" in text:
        role = "摄影"
    elif "制图" in text or "图表" in text:
        role = "制图"
    elif "漫画" in text:
        role = "漫画"
    elif "供图" in text:
        role = "供图"
    else:
        role = "图片"
    return Credit(role, patterns.byline_names(text), normalize_punctuation(text))


def _element(piece, text: str) -> Element:
    if piece.role is Role.BYLINE:
        shown = clean_byline(piece.text)
    else:
        shown = normalize_punctuation(piece.text)
    return Element(piece.role, shown, merge_spans([span for span, _ in piece.parts], text))


def article_id(page_key: str, anchor: str) -> str:
    """Stable id from the page's identity and the article's own text — never
    from run order, so adding pages or articles never renumbers others."""
    digest = hashlib.sha1(f"{page_key}\n{anchor}".encode("utf-8")).hexdigest()[:8]
    return f"{page_key}-{digest}"


def finalize(drafts: list[Draft], page_key: str, page_text: str, page_column: str | None) -> list[Article]:
    articles: list[Article] = []
    used_ids: set[str] = set()
    ordered = sorted(drafts, key=lambda d: min([s.start for p in d.pieces for s, _ in p.parts] + [line.spans[0].start for line in d.deck] or [0]))
    for order, draft in enumerate(ordered):
        elements = [_element(piece, page_text) for piece in draft.pieces]
        deck = structure_deck(draft.deck)
        bylines = [e.text for e in elements if e.role is Role.BYLINE]
        first_body = next((e for e in elements if e.role is Role.BODY), None)
        dateline = patterns.DATELINE.match(first_body.text) if first_body and draft.dateline else None
        byline_texts = ([clean_byline(dateline.group(1))] if dateline else []) + bylines
        authors: list[str] = []
        for byline in byline_texts:
            authors.extend(n for n in patterns.byline_names(byline) if n not in authors)
        credits = [_credit(e.text) for e in elements if e.role is Role.CREDIT or (e.role is Role.CAPTION and patterns.has_credit_tail(e.text))]
        kind = draft.kind
        genre = next((patterns.labels().genres[t.strip("：: ")] for t, k, _ in draft.labels if k == "genre"), None)
        if genre and kind == "article":
            kind = genre
        if kind == "continuation" and deck.title:
            kind = "article"
        if kind == "photo" and not authors:
            for credit in credits:
                authors.extend(n for n in credit.names if n not in authors)
        title = deck.title
        derived = title is None
        if derived:
            source = first_body.text if first_body else next((e.text for e in elements if e.text), "")
            title = derive_title(source)
        label_texts = [normalize_punctuation(t) for t, _, _ in draft.labels]
        columns = [normalize_punctuation(t) for t, k, _ in draft.labels if k == "column"] + deck.banners
        column = columns[0] if columns else page_column
        anchor = first_body.text[:80] if first_body else (title or "")
        ident = article_id(page_key, anchor)
        suffix = 2
        while ident in used_ids:
            ident = f"{article_id(page_key, anchor)}-{suffix}"
            suffix += 1
        used_ids.add(ident)
        head_spans = merge_spans(sorted([span for line in draft.deck for span in line.spans] + [span for _, _, parts in draft.labels for span, _ in parts]), page_text)
        articles.append(
            Article(
                id=ident,
                page_key=page_key,
                kind=kind,
                title=title,
                title_derived=derived,
                kicker=deck.kicker,
                subtitle=deck.subtitle,
                byline="；".join(byline_texts) or None,
                authors=authors,
                credits=credits,
                column=column,
                labels=label_texts + [b for b in deck.banners if b != column],
                elements=elements,
                head_spans=head_spans,
                continued_from=draft.continued_from,
                continues_to=draft.continues_to,
                spans=merge_spans([s for e in elements for s in e.spans], page_text),
                order=order,
                fragments=draft.fragments,
            )
        )
    return articles


def marks_of(drafts: list[Draft]) -> list[Span]:
    return [m for d in drafts for m in d.marks]
