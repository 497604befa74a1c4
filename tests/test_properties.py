"""Properties that hold for any text: no exception, every character
accounted for, spans valid and disjoint, front matter that parses back."""

from __future__ import annotations

from pathlib import Path

from mkdocs.utils.meta import get_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperarchive.model import PageMeta, SourcePage
from paperarchive.segment import segment_page
from paperarchive.site.render import article_front_matter, render_article, render_page_view

from .conftest import SEEDS

SAMPLES = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
PIECES = list("本报讯（记者 张三）。，、：；！？“”《》□摄图/0123456789abc碳中和物联网江北嘴\u3000 ") + [
    "\n", "\n\n", "\r\n", "## ", "# ", "（上接01版）", "（下转02版）", "（作者系教授）", "刘玉珮 龙博", "<script>", "---", "|", "{{ x }}", "\ufeff",
]


def check(text: str) -> None:
    result = segment_page(SourcePage(Path("p.txt"), "p.txt", text, "utf-8", PageMeta(key="p")))
    assert result.accounting.accounted == result.accounting.total == len(text)
    assert not [d for d in result.diagnostics if d.level == "error"], result.diagnostics
    spans = sorted((s.start, s.end) for a in result.articles for s in a.spans + a.head_spans)
    spans += [(s.start, s.end) for e in result.furniture + result.residue for s in e.spans]
    spans.sort()
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    for article in result.articles:
        page = render_article(article, result)
        assert get_data(page)[1] == article_front_matter(article, result)
    render_page_view(result)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=200).map("".join))
def test_any_text_of_news_characters(text):
    check(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text(text):
    check(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.data())
def test_cut_and_shuffled_sample_pages(sample, data):
    lines = sample.split("\n")
    order = data.draw(st.permutations(range(len(lines))))
    keep = data.draw(st.integers(0, len(lines)))
    check("\n".join(lines[i] for i in order[:keep]))
