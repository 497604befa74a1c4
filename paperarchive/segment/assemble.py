"""Stage 3 — assemble articles from role-tagged units.

One left-to-right pass over the page with three decisions, each a small,
explicit scorer rather than a rule for one sample:

1. **Where a headline group belongs.**  A group of headline lines opens the
   next article (a leading deck), ends the previous one (a deck printed after
   its body: the previous article has text but no headline), or splits between
   them.  The split is chosen by how much of each line's vocabulary each body
   shares (:meth:`Assembler._split_trailing_deck`).
2. **Section head or new article.**  A headline inside a running report is a
   小标题 unless the evidence for a new article wins: a byline or dateline right
   after it, a photo credit, a report that already signed off, and above all a
   change of topic (:meth:`Assembler._new_article_score`).
3. **Where a paragraph goes** (the model of continuity).  A paragraph normally
   continues the current article; but when another article on the page stopped
   mid-sentence, the paragraph may be its continuation — column flow.  Each
   candidate is scored by :func:`continuity.boundary_score` (how the sentence
   was cut, whether a word crosses the cut) plus topical similarity
   (:meth:`Assembler._route_body`).

Everything is a function of the page alone, so pages can be segmented (and
cached) independently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Role, Span, Unit, join_wrapped
from . import patterns
from .continuity import TopicBag, TopicIndex, TopicVector, boundary_score, continuation_evidence
from .layout import Columns, display_width, split_lines_at
from .roles import is_section_marker

# Weights of the scorers, in one place so their meaning is reviewable.
TOPIC_WEIGHT = 10.0  # × similarity (mean of TF-IDF cosines, ~0–0.3) when routing a paragraph
WEAK_JUMP_MIN_SIMILARITY = 0.05  # without a word across the cut, a jump needs this much topic…
WEAK_JUMP_RATIO = 2.0  # …and this many times the current article's similarity
NEW_PARAGRAPH_PRIOR = 0.5  # a complete paragraph is followed by another of the same article
OTHER_ARTICLE_PENALTY = 0.25  # jumping to another open article needs some evidence
LAYOUT_MISMATCH_PENALTY = 3.0  # text of another column width is not the same article
SECTION_TOPIC_WEIGHT = 10.0  # × (cosine - baseline) when deciding section vs article
SECTION_TOPIC_BASELINE = 0.08  # cosine of unrelated stories on one page is mostly below this
PHOTO_MAX_UNITS = 3
PHOTO_MAX_CHARS = 320


@dataclass
class DeckLine:
    """One line of a headline deck; a line wrapped over several physical
    lines keeps one span per physical line (OCR marks between them are not
    part of it)."""

    text: str
    parts: list[tuple[Span, str]]
    level: int = 0
    marks: tuple[Span, ...] = ()

    @property
    def spans(self) -> list[Span]:
        return [span for span, _ in self.parts]


@dataclass
class Piece:
    """A paragraph, section head, caption … of an article under construction."""

    role: Role
    parts: list[tuple[Span, str]]

    @property
    def text(self) -> str:
        return join_wrapped([t for _, t in self.parts])


@dataclass
class Draft:
    """An article under construction."""

    deck: list[DeckLine] = field(default_factory=list)
    labels: list[tuple[str, str, list[tuple[Span, str]]]] = field(default_factory=list)  # (text, kind, parts)
    pieces: list[Piece] = field(default_factory=list)
    marks: list[Span] = field(default_factory=list)  # OCR marks of its deck
    closed: bool = False  # signed off: end byline, author note, photo credit, （下转）
    kind: str = "article"
    continued_from: str | None = None
    continues_to: str | None = None
    dateline: bool = False
    headless: bool = False  # started without deck, byline or dateline
    fragments: int = 1
    topic: TopicBag | None = None  # vocabulary of body and section heads
    column: float | None = None  # measured column width of its wrapped text, if any
    index: int = 0  # position among the page's drafts

    def add(self, piece: Piece) -> None:
        self.pieces.append(piece)
        if piece.role in (Role.BODY, Role.SECTION_HEAD):
            self._count(piece.text)

    def extend_last_body(self, parts: list[tuple[Span, str]]) -> None:
        """Continue the last paragraph mid-sentence with more lines."""
        last = self.last_body()
        last.parts.extend(parts)
        self._count("".join(t for _, t in parts))

    def _count(self, text: str) -> None:
        if self.topic is not None:
            self.topic.add(text)

    @property
    def has_body(self) -> bool:
        return any(p.role is Role.BODY for p in self.pieces)

    @property
    def has_byline(self) -> bool:
        return self.dateline or any(p.role is Role.BYLINE for p in self.pieces)

    def body_text(self) -> str:
        return "".join(p.text for p in self.pieces if p.role in (Role.BODY, Role.SECTION_HEAD))

    def last_body(self) -> Piece | None:
        for piece in reversed(self.pieces):
            if piece.role is Role.BODY:
                return piece
        return None

    def is_open(self) -> bool:
        """Stopped mid-sentence and not signed off: its text goes on somewhere."""
        last = self.last_body()
        return not self.closed and self.continues_to is None and last is not None and not patterns.ends_sentence(last.text)


@dataclass
class Pending:
    """What has been seen of the next article before its first paragraph."""

    deck: list[DeckLine] = field(default_factory=list)
    labels: list[tuple[str, str, list[tuple[Span, str]]]] = field(default_factory=list)
    bylines: list[Unit] = field(default_factory=list)
    jumps: list[tuple[Unit, str]] = field(default_factory=list)
    marks: list[Span] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.deck or self.labels or self.bylines or self.jumps)


_KICKER_COLON = re.compile(r"^(.{4,}?[：:])[\s\u3000]+(\S.*)$")
_RELATIVE_DAY = re.compile(r"(?<![0-9月])([0-9]{1,2})日")


def deck_lines(unit: Unit) -> list[DeckLine]:
    """Deck lines of a headline unit.  ``金之钧： 碳中和路径…`` — a colon
    followed by a space — is a kicker and a title printed on two lines and
    joined by the extraction; it is split back."""
    match = _KICKER_COLON.match(unit.text)
    if match:
        kicker, title = split_lines_at(unit.lines, match.end(1))
        if kicker and title:
            return [_deck_line(kicker, unit.heading_level), _deck_line(title, unit.heading_level)]
    return [_deck_line(unit.lines, unit.heading_level)]


def _deck_line(lines: list, level: int) -> DeckLine:
    marks = tuple(m for line in lines for m in line.marks)
    return DeckLine(join_wrapped([line.text for line in lines]), [(line.content, line.text) for line in lines], level, marks)


class Assembler:
    def __init__(self, units: list[Unit], columns: Columns):
        self.units = units
        self.columns = columns
        self.topics = TopicIndex([u.text for u in units])
        self.drafts: list[Draft] = []
        self.current: Draft | None = None
        self.pending = Pending()
        self.furniture: list[Unit] = []
        self.residue: list[tuple[Span, str]] = []
        self.residue_marks: list[Span] = []
        self.trace: list[str] = []  # why each decision was taken (for --explain and tests)
        # Drafts that may still be open, by position in ``drafts``.  Only the
        # current draft ever changes, so a draft found closed stays closed
        # until it is current again: routing a paragraph then looks at the
        # few open drafts, not at every draft of the page (which made a
        # page of thousands of articles quadratic).
        self._maybe_open: dict[int, Draft] = {}

    # -- driver -------------------------------------------------------------

    def run(self) -> list[Draft]:
        i = 0
        units = self.units
        while i < len(units):
            unit = units[i]
            if unit.role in (Role.HEADING, Role.LABEL):
                j = i
                while j < len(units) and units[j].role in (Role.HEADING, Role.LABEL):
                    j += 1
                self._heading_group(units[i:j], j)
                self._note_current()
                i = j
                continue
            handler = {
                Role.BODY: self._body,
                Role.CAPTION: self._caption,
                Role.CREDIT: self._credit,
                Role.BYLINE: self._byline,
                Role.JUMP_MARKER: self._jump,
                Role.AUTHOR_NOTE: self._author_note,
                Role.FURNITURE: self._furniture,
            }[unit.role]
            handler(unit, i)
            self._note_current()
            i += 1
        self._flush_pending()
        return self.drafts

    def _note_current(self) -> None:
        if self.current is not None:
            self._maybe_open[self.current.index] = self.current

    # -- helpers ------------------------------------------------------------

    def _upcoming_text(self, start: int) -> str:
        """Text of the body run that starts at unit ``start`` (until the next
        headline, byline or other article boundary)."""
        texts: list[str] = []
        for unit in self.units[start:]:
            if unit.role in (Role.BODY, Role.CAPTION):
                texts.append(unit.text)
            elif texts or unit.role not in (Role.BYLINE, Role.JUMP_MARKER, Role.CREDIT, Role.FURNITURE):
                break  # bylines and markers right under a headline are skipped
        return self.topics.joined(texts)

    def _unit_width(self, unit: Unit) -> float:
        return max(display_width(line.text) for line in unit.lines)

    def _column_of(self, unit: Unit) -> float | None:
        """The measured column width of a hard-wrapped paragraph (None when
        the paragraph is not wrapped, so nothing can be said)."""
        if len(unit.lines) < 2:
            return None
        return self.columns.at(unit.lines[0])

    def _start(self, unit: Unit | None, index: int) -> Draft:
        """Open a new article from what is pending, with ``unit`` as its first
        paragraph (if any)."""
        draft = Draft(topic=TopicBag(self.topics))
        pending, self.pending = self.pending, Pending()
        draft.deck = pending.deck
        draft.labels = pending.labels
        draft.marks = pending.marks
        for jump_unit, target in pending.jumps:
            draft.continued_from = target
            draft.add(self._piece(Role.JUMP_MARKER, jump_unit))
        for byline in pending.bylines:
            draft.add(self._piece(Role.BYLINE, byline))
        if unit is not None and patterns.DATELINE.match(unit.text):
            draft.dateline = True
        draft.headless = not (pending.deck or pending.bylines or pending.jumps or draft.dateline or pending.labels)
        if draft.continued_from or draft.headless:
            draft.kind = "continuation"
        if unit is not None:
            draft.add(self._piece(Role.BODY, unit))
            draft.column = self._column_of(unit)
        draft.index = len(self.drafts)
        self.drafts.append(draft)
        self.current = draft
        return draft

    @staticmethod
    def _piece(role: Role, unit: Unit) -> Piece:
        return Piece(role, [(line.content, line.text) for line in unit.lines])

    def _similarity(self, text: str, draft: Draft) -> float:
        """Topical closeness of a paragraph to an article: the mean of its
        cosine to the whole article and to the article's last paragraph (a
        sentence resumed elsewhere is closest to the text it was cut from)."""
        last = draft.last_body()
        mine = self._vector(text)
        local = self.topics.cosine_to(mine, last.text) if last else 0.0
        return (self.topics.cosine_vectors(mine, draft.topic) + local) / 2

    def _vector(self, text: str) -> TopicVector:
        """TF-IDF vector of a text (memoised by the index: the same
        paragraph is compared with every candidate article)."""
        return self.topics.vector(text)

    # -- headline groups ----------------------------------------------------

    def _heading_group(self, group: list[Unit], next_index: int) -> None:
        label_info = patterns.labels()
        lines: list[DeckLine] = []
        for unit in group:
            if unit.role is Role.LABEL:
                kind = label_info.kind(unit.text) or "column"
                parts = [(line.content, line.text) for line in unit.lines]
                marks = [m for line in unit.lines for m in line.marks]
                current = self.current
                if kind == "genre" and current is not None and current.has_body and not current.has_byline and not self.pending.deck and not self.pending.bylines:
                    # 编者按 printed after the unsigned note it labels.
                    current.labels.append((unit.text, kind, parts))
                    current.marks.extend(marks)
                else:
                    self.pending.labels.append((unit.text, kind, parts))
                    self.pending.marks.extend(marks)
            else:
                lines.extend(deck_lines(unit))
        if not lines:
            return
        current = self.current
        upcoming = self._upcoming_text(next_index)
        if (
            current is not None
            and not current.deck
            and current.has_body
            and not self.pending.deck
            and not any(p.role is Role.SECTION_HEAD for p in current.pieces)
        ):
            k = self._split_trailing_deck(lines, current, upcoming)
            if k:
                current.deck.extend(lines[:k])
                current.marks.extend(m for line in lines[:k] for m in line.marks)
                lines = lines[k:]
        if not lines:
            return
        if (
            current is not None
            and not current.closed
            and current.has_body
            and current.kind != "photo"
            and not self.pending
            and self._new_article_score(lines, current, next_index, upcoming) <= 0
        ):
            for line in lines:
                current.add(Piece(Role.SECTION_HEAD, list(line.parts)))
                current.marks.extend(line.marks)
            return
        self.pending.deck.extend(lines)
        self.pending.marks.extend(m for line in lines for m in line.marks)

    def _split_trailing_deck(self, lines: list[DeckLine], previous: Draft, upcoming: str) -> int:
        """How many leading lines of a headline group belong to the article
        before it (which has text but no headline yet).

        Lines keep their order, so the answer is a split point k: lines[:k]
        end the previous article, lines[k:] open the next.  Each line votes by
        how much more of its vocabulary the previous body shares than the next
        one; a small prior keeps ties forward (leading decks are the norm).
        """
        previous_text = previous.body_text()
        if not upcoming.strip():
            # Nothing follows: a deck at the end of the page can only close the
            # article before it.
            return len(lines)
        margins = [self.topics.containment(line.text, previous_text) - self.topics.containment(line.text, upcoming) for line in lines]
        self.trace.append(f"trailing deck margins {[round(m, 2) for m in margins]} for {[l.text[:10] for l in lines]}")
        best_k, best_score = 0, None
        for k in range(len(lines) + 1):
            score = sum(margins[:k]) - sum(margins[k:]) - 0.1 * k
            if best_score is None or score > best_score:
                best_k, best_score = k, score
        return best_k

    def _new_article_score(self, lines: list[DeckLine], current: Draft, next_index: int, upcoming: str) -> float:
        """Positive when a headline group opens a new article, negative when
        it is a section head (小标题) of the current report.

        The strongest evidence is where the bylines are: an article almost
        always carries one (under its deck, in its dateline or as a sign-off),
        so a headline followed by a byline opens an article, and a stretch of
        text whose only byline is a sign-off at its end is one report — unless
        the current report already has its byline, when the sign-off must
        belong to a new article.  Topic change and relative dates (``17日``
        in a report dated ``12月17日``) weigh in after that.
        """
        units = self.units
        following = units[next_index] if next_index < len(units) else None
        if following is None:
            return -5.0  # nothing after it: it cannot open an article
        score = 0.0
        if len(lines) >= 2 and not is_section_marker(lines[0].text):
            score += 1.0
        if following.role in (Role.BYLINE, Role.JUMP_MARKER) or (following.role is Role.BODY and patterns.DATELINE.match(following.text)):
            score += 5.0
        elif self._photo_ahead(next_index):
            score += 3.0
        elif self._sign_off_ahead(next_index):
            score += 3.0 if current.has_byline else -1.0
        else:
            score -= 1.0 if current.has_byline else 1.5  # the new piece would have no byline at all
        if is_section_marker(lines[0].text):
            score -= 2.0
        day = _RELATIVE_DAY.search(upcoming[:40])
        if day and re.search(rf"[0-9]{{1,2}}月{day.group(1)}日", current.body_text()):
            score -= 2.0  # "17日," continues a report dated 12月17日
        similarity = self.topics.cosine_vectors(self._vector(upcoming), current.topic) if upcoming else 0.0
        score -= SECTION_TOPIC_WEIGHT * (similarity - SECTION_TOPIC_BASELINE)
        self.trace.append(f"{lines[0].text[:12]}: new-article score {score:.2f} (cosine {similarity:.2f})")
        return score

    def _sign_off_ahead(self, start: int) -> bool:
        """A sign-off (end byline, author note) before the next article that
        certainly starts (a headline followed by a byline or dateline)."""
        units = self.units
        for i in range(start, len(units)):
            unit = units[i]
            if unit.role is Role.AUTHOR_NOTE:
                return True
            if unit.role is Role.BYLINE and not re.match(r"^[□■◇◆○●◎☆★▲△▌|]", unit.text):
                return True
            if unit.role is Role.BODY and patterns.DATELINE.match(unit.text):
                return False
            if unit.role is Role.JUMP_MARKER:
                return False
            if unit.role in (Role.HEADING, Role.LABEL) and i + 1 < len(units) and units[i + 1].role is Role.BYLINE and re.match(r"^[□■◇◆○●◎☆★▲△▌|]", units[i + 1].text):
                return False
        return False

    def _photo_ahead(self, start: int) -> bool:
        """A short text followed by a photo credit: photo news."""
        chars = 0
        for offset, unit in enumerate(self.units[start : start + PHOTO_MAX_UNITS + 1]):
            if unit.role is Role.CREDIT:
                return offset > 0
            if unit.role not in (Role.BODY, Role.CAPTION):
                return False
            chars += len(unit.text)
            if chars > PHOTO_MAX_CHARS:
                return False
        return False

    # -- paragraphs ---------------------------------------------------------

    def _body(self, unit: Unit, index: int) -> None:
        if self.pending or patterns.DATELINE.match(unit.text):
            self._start(unit, index)
            return
        target, join = self._route_body(unit)
        if target is None:
            self._start(unit, index)
            return
        if target is not self.current:
            target.fragments += 1
        if join:
            target.extend_last_body([(line.content, line.text) for line in unit.lines])
        else:
            target.add(self._piece(Role.BODY, unit))
        if target.column is None:
            target.column = self._column_of(unit)
        self.current = target

    def _route_body(self, unit: Unit) -> tuple[Draft | None, bool]:
        """Choose the article a paragraph belongs to: ``(draft, join)``, where
        ``join`` means it continues the draft's last paragraph mid-sentence.
        ``(None, False)`` starts a new, headless article."""
        candidates: list[tuple[float, int, Draft, bool]] = []
        current = self.current
        current_similarity = 0.0
        if current is not None and not current.closed:
            similarity = current_similarity = self._similarity(unit.text, current)
            last = current.last_body()
            if last is not None and not patterns.ends_sentence(last.text):
                score = boundary_score(last.text, unit.text) + TOPIC_WEIGHT * similarity
                candidates.append((score, 0, current, True))
            else:
                score = NEW_PARAGRAPH_PRIOR + TOPIC_WEIGHT * similarity - self._layout_penalty(unit, current)
                candidates.append((score, 0, current, False))
        for order in sorted(self._maybe_open):
            draft = self._maybe_open[order]
            if draft is current:
                continue
            if not draft.is_open():
                del self._maybe_open[order]
                continue
            evidence = continuation_evidence(draft.last_body().text, unit.text)
            similarity = self._similarity(unit.text, draft)
            if evidence < 2.0 and not (similarity >= WEAK_JUMP_MIN_SIMILARITY and similarity >= WEAK_JUMP_RATIO * current_similarity):
                continue  # nothing at the cut and no clear topic: not this one
            score = evidence + TOPIC_WEIGHT * similarity - OTHER_ARTICLE_PENALTY
            candidates.append((score, order + 1, draft, True))
        self.trace.append(
            f"line {unit.first_line}: route "
            + ", ".join(f"{'current' if d is current else 'open#' + str(o)}{'+join' if j else ''}={sc:.2f}" for sc, o, d, j in candidates)
        )
        if not candidates:
            return None, False
        # Highest score wins; on a tie the current article, then the earliest.
        score, _, draft, join = max(candidates, key=lambda c: (c[0], -c[1]))
        if score < 0:
            return None, False
        return draft, join

    def _layout_penalty(self, unit: Unit, draft: Draft) -> float:
        """On hard-wrapped pages each article sits in a column of one width;
        a paragraph set much wider than the article so far is something else
        (a photo caption, another story)."""
        if draft.column is None:
            return 0.0
        return LAYOUT_MISMATCH_PENALTY if self._unit_width(unit) > draft.column + 4 else 0.0

    # -- other units --------------------------------------------------------

    def _caption(self, unit: Unit, index: int) -> None:
        if self.current is None or self.pending:
            draft = self._start(None, index)
            draft.kind = "photo"
        self.current.add(self._piece(Role.CAPTION, unit))

    def _credit(self, unit: Unit, index: int) -> None:
        current = self.current
        if current is None or self.pending:
            self.furniture.append(unit)
            return
        current.add(self._piece(Role.CREDIT, unit))
        if self._photo_like(current):
            current.kind = "photo"
            current.closed = True

    @staticmethod
    def _photo_like(draft: Draft) -> bool:
        body = [p for p in draft.pieces if p.role in (Role.BODY, Role.CAPTION)]
        return (
            len(draft.deck) <= 1
            and not draft.has_byline
            and not draft.continued_from
            and not any(p.role is Role.SECTION_HEAD for p in draft.pieces)
            and 0 < len(body) <= PHOTO_MAX_UNITS
            and sum(len(p.text) for p in body) <= PHOTO_MAX_CHARS
        )

    def _byline(self, unit: Unit, index: int) -> None:
        current = self.current
        following = self.units[index + 1] if index + 1 < len(self.units) else None
        ends_article = following is None or following.role in (Role.HEADING, Role.LABEL, Role.JUMP_MARKER)
        sign_off_style = not re.match(r"^[□■◇◆○●◎☆★▲△▌|]", unit.text)
        if (
            not self.pending
            and current is not None
            and current.has_body
            and not current.has_byline
            and not current.closed
            and (sign_off_style or ends_article)
        ):
            current.add(self._piece(Role.BYLINE, unit))
            current.closed = True
            return
        self.pending.bylines.append(unit)

    def _jump(self, unit: Unit, index: int) -> None:
        direction, target = patterns.jump_target(unit.text) or ("from", None)
        if direction == "to" and self.current is not None and not self.pending:
            self.current.add(self._piece(Role.JUMP_MARKER, unit))
            self.current.continues_to = target
            self.current.closed = True
            return
        self.pending.jumps.append((unit, target))

    def _author_note(self, unit: Unit, index: int) -> None:
        if self.current is None or self.pending:
            self.furniture.append(unit)
            return
        self.current.add(self._piece(Role.AUTHOR_NOTE, unit))
        self.current.closed = True

    def _furniture(self, unit: Unit, index: int) -> None:
        self.furniture.append(unit)

    def _flush_pending(self) -> None:
        """End of page: a deck or byline still waiting for text."""
        pending = self.pending
        if not pending:
            return
        current = self.current
        if pending.deck and current is not None and not current.deck and current.has_body:
            current.deck.extend(pending.deck)
            current.marks.extend(pending.marks)
            pending.deck, pending.marks = [], []
        if pending.bylines and current is not None and not current.has_byline:
            for unit in pending.bylines:
                current.add(self._piece(Role.BYLINE, unit))
            pending.bylines = []
        for line in pending.deck:
            self.residue.extend(line.parts)
        for _, _, parts in pending.labels:
            self.residue.extend(parts)
        for unit in pending.bylines:
            self.residue.extend((line.content, line.text) for line in unit.lines)
        for unit, _ in pending.jumps:
            self.residue.extend((line.content, line.text) for line in unit.lines)
        self.residue_marks.extend(pending.marks)
        self.pending = Pending()
