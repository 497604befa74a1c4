"""Relative links between generated pages."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from paperarchive.site.urls import link

segment = st.sampled_from(["tags", "places", "重庆", "2", "articles", "p1", "dates", "index", "a-b"])
source = st.lists(segment, min_size=0, max_size=3).map(lambda parts: "/".join(parts + ["page.md"]))


@given(source, source)
def test_link_is_the_relative_path(here, there):
    assert link(here, there) == posixpath.relpath(there, posixpath.dirname(here) or ".")


def test_link_keeps_anchors():
    assert link("articles/p1/x.md", "pages/p1.md", "src-p1-x") == "../../pages/p1.md#src-p1-x"
