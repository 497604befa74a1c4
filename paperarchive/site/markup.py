"""Escaping: page text is data, never markup.

Text from a newspaper page may contain anything — ``<script>``, ``[x](…)``,
``# ``, ``|`` tables, ``{{ }}``.  In Markdown context every ASCII character
that Markdown, HTML, attr_list or a common pymdownx extension could
interpret is written as a numeric character reference, which Markdown passes
through and the browser shows literally.  Characters that are only special
at the start of a line (``-``, ``+``, ``1.``) are escaped there only, so
dates, decimals and times (2022-07-28, 1.8万, 10:30) stay plain text in the
HTML and in the search index.  In raw-HTML context ``html.escape`` is used.
"""

from __future__ import annotations

import html
import re

import yaml

# Special anywhere: Markdown, HTML, attr_list, tables, mark (==), caret (^^),
# tilde (~~), arithmatex ($), magiclink (@) and Jinja-like braces.
_MARKDOWN_ACTIVE = frozenset("\\`*_{}[]()#!|<>&~^=$@")
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in _MARKDOWN_ACTIVE}
# Special only at the start of a line: lists, quotes, headings, rules.
_LINE_START = re.compile(r"^(?:[-+*>#=]|[0-9]+(?=[.)]))")


def md_text(text: str) -> str:
    """Text safe to place inline in Markdown; renders exactly as given."""
    text = " ".join(text.split())
    escaped = text.translate(_ESCAPES)
    start = _LINE_START.match(text)
    if start:
        if start.group(0)[0].isdigit():  # 1. / 2) would start an ordered list
            cut = start.end()  # digits are never escaped, so offsets agree here
            if text[cut] == ".":
                return escaped[:cut] + "&#46;" + escaped[cut + 1 :]
            return escaped  # ")" is escaped everywhere already
        if text[0] not in _MARKDOWN_ACTIVE:
            return f"&#{ord(text[0])};" + escaped[1:]
    return escaped


def html_text(text: str) -> str:
    return html.escape(text, quote=True)


# LibYAML's emitter (in PyYAML's wheels) is seven times faster than the
# pure-Python one, which took two thirds of the render time at 10,000
# articles; both write the same bytes for the archive's front matter.
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):
    """Safe YAML with short lists kept on one line (spans stay readable)."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(not isinstance(item, (list, dict)) for item in data) and len(data) <= 4
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def front_matter(data: dict) -> str:
    """YAML front matter emitted by a YAML library, so any title (quotes,
    colons, ``---``) stays valid YAML and parses back to the same value."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"
