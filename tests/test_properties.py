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


# -- the writer ---------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "kicker", "subtitle", "byline", "column"]), st.text(max_size=80) | st.none()))
def test_front_matter_parses_back_to_the_same_values(values):
    from paperarchive.site.markup import front_matter

    data = {"id": "p-1", **values, "authors": [v for v in values.values() if v], "source": {"spans": [[0, 1]]}}
    assert get_data(front_matter(data) + "\n正文\n")[1] == data


_NAMES = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Lo"), max_codepoint=0x9FFF), min_size=1, max_size=12)
_TREES = st.dictionaries(st.lists(_NAMES, min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".md"), st.text(max_size=40), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_TREES, second=_TREES)
def test_docs_hold_exactly_the_last_build_and_the_hand_written_files(tmp_path_factory, first, second):
    from paperarchive.site.output import write_tree

    docs = tmp_path_factory.mktemp("docs")
    (docs / "mine.txt").write_text("hand-written", encoding="utf-8")
    write_tree(docs, first)
    write_tree(docs, second)
    found = {p.relative_to(docs).as_posix(): p.read_bytes().decode("utf-8") for p in docs.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert found.pop("mine.txt") == "hand-written"
    assert found == second
