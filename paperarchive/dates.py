"""Infer a page's publication date from its text.

A page rarely prints its own date in the extracted text, but its leads do:
``7月27日，在……`` or ``记者5月26日从市财政局了解到``.  The year comes from
the years the page mentions, ignoring targets (``到2025年``) and ranges.  A
morning daily prints yesterday's news, so the publication date is taken as the
lead date plus ``offset_days`` (1 by default; set ``infer_date_offset`` in
``pages.yml`` for another paper).  The result is always marked as inferred.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

_MONTH_DAY = re.compile(r"(?<![0-9０-９])([0-9０-９]{1,2})月([0-9０-９]{1,2})日")
_YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2})年")
_CN_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"[二一][〇零一二三四五六七八九]{3}")
# Words right before a year that make it a target or a range end, not "now".
_TARGET_BEFORE = ("到", "至", "—", "－", "-", "~", "～", "于")
_TARGET_AFTER = ("前", "底前", "年底前")
_LEAD_WINDOW = 40  # characters from the start of a paragraph that count as its lead


@dataclass(frozen=True)
class InferredDate:
    date: str
    evidence: str


def _to_int(digits: str) -> int:
    return int(digits.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*", text)]


def _page_year(text: str) -> tuple[int | None, Counter]:
    years: Counter = Counter()
    for match in _YEAR.finditer(text):
        before = text[max(0, match.start() - 2) : match.start()]
        after = text[match.end() : match.end() + 3]
        if before.endswith(_TARGET_BEFORE) or after.startswith(_TARGET_AFTER):
            continue
        years[int(match.group(1))] += 1
    for match in _CN_YEAR.finditer(text):
        year = int("".join(_CN_DIGITS[c] for c in match.group(0)))
        if 1900 <= year <= 2099:
            years[year] += 1
    if not years:
        return None, years
    # The most recent year named as a fact is the best guess for "this year";
    # past years appear in retrospectives far more often than future ones.
    return max(years), years


def infer_date(text: str, offset_days: int = 1) -> InferredDate | None:
    year, years = _page_year(text)
    if year is None:
        return None
    starts = _paragraph_starts(text)
    votes: Counter = Counter()
    for match in _MONTH_DAY.finditer(text):
        month, day = _to_int(match.group(1)), _to_int(match.group(2))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        in_lead = any(0 <= match.start() - s <= _LEAD_WINDOW for s in starts)
        votes[(month, day)] += 3 if in_lead else 1
    if not votes:
        return None
    # Most votes first; on a tie the later date (a page reports its most
    # recent events in the leads).
    (month, day), weight = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    try:
        lead = dt.date(year, month, day)
    except ValueError:
        return None
    published = lead + dt.timedelta(days=offset_days)
    evidence = (
        f"lead date {month}月{day}日 (weight {weight}), year {year} "
        f"(years named: {', '.join(f'{y}×{n}' for y, n in sorted(years.items()))}), "
        f"+{offset_days} day(s) from event to print"
    )
    return InferredDate(published.isoformat(), evidence)
