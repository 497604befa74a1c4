"""Stage 2b — roles of reading units, before articles are assembled.

Fixed surface forms (bylines, credits, jump markers, author notes, page
furniture, known labels) are recognised by :mod:`patterns`.  Everything else
is a headline line or body text, decided by a small additive scorer over
features any paper shares: width, sentence punctuation, commas, speech verbs,
OCR ``#`` hints, layout (a line inside a hard-wrapped block is text), what
follows a jump marker, and continuity (a line whose last word runs on into the
next unit is text, not a headline).  The scorer is deliberately transparent:
each unit keeps its score for inspection (``Unit.heading_score``).
"""

from __future__ import annotations

import re

from ..model import Role, Unit
from . import patterns
from .continuity import boundary_score, crossing_word
from .layout import Columns, display_width, headline_shaped

_SPEECH = re.compile(r"(?:表示|认为|指出|介绍|强调|透露|坦言|告诉记者|称|说)[，,：:]")
_TITLE_MAX = 32  # display cells; a deck line longer than this is rare
# A headline does not end on a preposition, conjunction or structural particle.
_DANGLING = re.compile(r"[在的和与及从对把被将向而并但或跟]$")
_SECTION_MARKER = re.compile(r"^(?:关键词|链接|背景|相关链接|延伸阅读|专家观点|数读|观察|记者手记)\s*[:：]")


def classify(units: list[Unit], columns: Columns) -> None:
    """Set ``role`` (and ``heading_score``) on every unit, in place."""
    labels = patterns.labels()
    for unit in units:
        unit.role = _fixed_role(unit.text, labels)
    for i, unit in enumerate(units):
        if unit.role is not Role.BODY:
            continue
        previous = units[i - 1] if i > 0 else None
        following = units[i + 1] if i + 1 < len(units) else None
        unit.heading_score = heading_score(unit, previous, following, columns.at(unit.lines[-1]))
        if unit.heading_score > 0:
            unit.role = Role.HEADING
    # Second look at borderline lines next to a confident headline: a kicker
    # or subtitle is often long and carries a comma.
    for i, unit in enumerate(units):
        if unit.role is Role.BODY and -1.0 < unit.heading_score <= 0:
            neighbours = [units[j] for j in (i - 1, i + 1) if 0 <= j < len(units)]
            if any(n.role is Role.HEADING and n.heading_score >= 1.0 for n in neighbours):
                following = units[i + 1] if i + 1 < len(units) else None
                if not patterns.ends_open_clause(unit.text) and not (following and crossing_word(unit.text, following.text)):
                    unit.heading_score += 1.0
                    unit.role = Role.HEADING
    _interrupting_captions(units)


# Surface forms that fix a unit's role, tried in this order.
_FIXED_ROLES = (
    (patterns.is_jump_line, Role.JUMP_MARKER),
    (patterns.is_author_note, Role.AUTHOR_NOTE),
    (patterns.is_furniture, Role.FURNITURE),
    (patterns.is_credit_line, Role.CREDIT),
    (patterns.standalone_byline, Role.BYLINE),
)


def _fixed_role(text: str, labels: patterns.Labels) -> Role:
    for matches, role in _FIXED_ROLES:
        if matches(text):
            return role
    if labels.kind(text):
        return Role.LABEL
    if not patterns.ends_sentence(text) and patterns.has_credit_tail(text) and display_width(text) <= 80:
        return Role.CAPTION  # a caption carrying its own credit
    return Role.BODY


def heading_score(unit: Unit, previous: Unit | None, following: Unit | None, column: float | None) -> float:
    """Positive: a headline line (deck or section head); negative: text."""
    text = unit.text
    width = display_width(text)
    if not text:
        return -5.0
    if column is not None and len(unit.lines) >= 2 and all(display_width(line.text) < column - 2.5 for line in unit.lines):
        # Short lines joined into one unit: a headline broken over lines, as
        # wide as its widest line rather than all of them together.
        width = max(display_width(line.text) for line in unit.lines)
    if patterns.ends_sentence(text):
        # Headlines may end with ？ or ！, never with 。
        if text.rstrip("”’\"」』）)").endswith(("？", "！", "?", "!")) and width <= _TITLE_MAX and not re.search(r"[，,。]", text):
            return 0.5 + (1.0 if unit.heading_level else 0.0)
        return -5.0
    score = 0.0
    if unit.heading_level:
        score += 1.5
    if text.endswith(("：", ":")):
        # A kicker may end with a colon (金之钧：); a sentence introducing a
        # list does too, but is long and has commas.
        score += 0.0 if width <= 16 and not re.search(r"[，,]", text) else -3.0
    elif patterns.ends_open_clause(text):
        score -= 4.0
    elif _DANGLING.search(text[-2:]):  # anchored at the end: only the end can match
        score -= 2.0
    if re.search(r"[。！？!?；;]", text[:-1]):
        score -= 3.0
    if width <= _TITLE_MAX:
        score += 2.0
    elif width <= 40:
        score += 0.5
    else:
        score -= 3.0
    score -= 0.75 * len(re.findall(r"[，,]", text))
    if _SPEECH.search(text):
        score -= 3.0
    if (
        column is not None
        and display_width(unit.lines[-1].text) >= column - 3
        and following is not None
        and following.role is Role.BODY
        and following.block == unit.block
        and not headline_shaped(following.text)
    ):
        score -= 1.5  # as wide as the column, unfinished, text right under it: a wrap
    if previous is not None and previous.role is Role.JUMP_MARKER and (patterns.jump_target(previous.text) or ("", ""))[0] == "from":
        score -= 5.0  # （上接01版） is followed by the text it continues
    if following is not None and following.role is Role.BODY and boundary_score(text, following.text) >= 2.5:
        score -= 3.0  # the sentence runs on into the next unit
    return score


def is_section_marker(text: str) -> bool:
    return bool(_SECTION_MARKER.match(text))


def _interrupting_captions(units: list[Unit]) -> None:
    """A short headline-like line that sits inside a sentence cut in two
    (``…在入围名`` / 江津龙煜精密铜管公司生产车间 / ``单的1500余家…``) is a
    photo caption placed in the text flow, not a headline."""
    for i in range(1, len(units) - 1):
        unit, before, after = units[i], units[i - 1], units[i + 1]
        if unit.role is Role.HEADING and before.role is Role.BODY and after.role is Role.BODY:
            if not patterns.ends_sentence(before.text) and crossing_word(before.text, after.text):
                unit.role = Role.CAPTION
