"""Pictures drawn at build time as inline SVG: no script, no chart library,
no network.  Colours come from CSS classes that use Material's colour
variables (``docs/stylesheets/archive.css``), so the same SVG reads in the
light and the dark palette.  Every bar and cell carries a ``<title>`` (a
tooltip and what a screen reader says), and every chart a caption.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .markup import html_text


def month_range(first: str, last: str) -> list[str]:
    """``YYYY-MM`` months from ``first`` to ``last`` inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _figure(svg: str, caption: str, css: str) -> str:
    # One line with no blank lines: Markdown keeps a raw HTML block whole.
    return f'<figure class="pa-chart {css}">{svg}<figcaption>{html_text(caption)}</figcaption></figure>'


def bar_chart(series: list[tuple[str, int]], caption: str, label_of=lambda key: key, tick=lambda key, i: i == 0, unit: str = "篇") -> str:
    """Vertical bars, one per ``(key, count)``, in order.  ``tick(key, i)``
    decides which bars get an axis label (every bar when there are few)."""
    if not series:
        return ""
    n = len(series)
    few = n <= 14  # few bars: each gets its label, so each needs room for one
    step = max(52, 640 // n) if few else max(6, min(36, 640 // n))
    step = min(step, 80)
    bar = max(3, min(28, step - max(1, step // 5)))
    top, plot, axis, pad = 14, 90, 18, 2
    width, height = n * step + 2 * pad, top + plot + axis
    peak = max(count for _, count in series) or 1
    parts = [
        f'<svg class="pa-chart-svg" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{html_text(caption)}</title>',
        f'<line class="pa-chart-axis" x1="0" y1="{top + plot}.5" x2="{width}" y2="{top + plot}.5"/>',
    ]
    for i, (key, count) in enumerate(series):
        x = pad + i * step + (step - bar) // 2 if few else pad + i * step
        h = round(plot * count / peak) if count else 0
        if count and h < 2:
            h = 2
        label = f"{label_of(key)}：{count} {unit}"
        parts.append(
            f'<rect class="pa-chart-bar" x="{x}" y="{top + plot - h}" width="{bar}" height="{h}"><title>{html_text(label)}</title></rect>'
        )
        if count == peak or (few and count):
            parts.append(f'<text class="pa-chart-value" x="{x + bar / 2:g}" y="{top + plot - h - 3}" text-anchor="middle">{count}</text>')
        if few or tick(key, i):
            parts.append(f'<text class="pa-chart-label" x="{x + (bar / 2 if few else 0):g}" y="{height - 4}" text-anchor="{"middle" if few else "start"}">{html_text(label_of(key))}</text>')
    parts.append("</svg>")
    return _figure("".join(parts), caption, "pa-chart-bars")


def months_chart(counts: Mapping[str, int], caption: str) -> str:
    """Articles per month over the whole span, empty months included."""
    if not counts:
        return ""
    months = month_range(min(counts), max(counts))
    series = [(m, counts.get(m, 0)) for m in months]
    return bar_chart(
        series,
        caption,
        label_of=lambda m: f"{m[:4]}年{int(m[5:])}月" if len(months) <= 14 else m,
        tick=lambda m, i: i == 0 or m.endswith("-01"),
    )


def days_chart(counts: Mapping[str, int], month: str, caption: str) -> str:
    """Articles per day of one month."""
    year, number = int(month[:4]), int(month[5:7])
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    days = (following - dt.date(year, number, 1)).days
    series = [(f"{month}-{d:02d}", counts.get(f"{month}-{d:02d}", 0)) for d in range(1, days + 1)]
    return bar_chart(series, caption, label_of=lambda key: f"{int(key[8:])}日", tick=lambda key, i: i in (0, 9, 19, days - 1))


def year_calendar(counts: Mapping[str, int], year: int, caption: str, href=None) -> str:
    """A calendar of one year, a cell per day shaded by its number of
    articles (how full each day is), weeks as columns as in a wall planner.
    ``href(date)`` links a day that has articles to its page."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    cell, gap, left, top = 11, 2, 22, 16
    weeks = (first.weekday() + days + 6) // 7
    width, height = left + weeks * (cell + gap), top + 7 * (cell + gap)
    peak = max((c for d, c in counts.items() if d.startswith(f"{year:04d}-")), default=0) or 1
    parts = [
        f'<svg class="pa-chart-svg" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{html_text(caption)}</title>'
    ]
    for row, name in ((0, "一"), (2, "三"), (4, "五")):
        parts.append(f'<text class="pa-chart-label" x="0" y="{top + row * (cell + gap) + cell - 2}">{name}</text>')
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        column = (first.weekday() + offset) // 7
        x, y = left + column * (cell + gap), top + day.weekday() * (cell + gap)
        if day.day == 1:
            parts.append(f'<text class="pa-chart-label" x="{x}" y="{top - 5}">{day.month}月</text>')
        iso = day.isoformat()
        count = counts.get(iso, 0)
        level = 0 if not count else min(4, 1 + (4 * count - 1) // peak)
        rect = f'<rect class="pa-cal pa-cal-{level}" x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2"><title>{iso}：{count} 篇</title></rect>'
        if count and href:
            rect = f'<a href="{html_text(href(iso))}">{rect}</a>'
        parts.append(rect)
    parts.append("</svg>")
    return _figure("".join(parts), caption, "pa-chart-calendar")
