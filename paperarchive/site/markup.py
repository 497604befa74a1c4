"""Escaping: page text is data, never markup.

Text from a newspaper page may contain anything — ``<script>``, ``[x](…)``,
``# ``, ``|`` tables, ``{{ }}``.  In Markdown context every ASCII character
that Markdown, HTML or the enabled pymdownx extensions could interpret is
written as a numeric character reference, which Markdown passes through and
the browser shows literally.  In raw-HTML context ``html.escape`` is used.
"""

from __future__ import annotations

import html

import yaml

# Characters with a meaning in Markdown, HTML, attr_list, tables, emoji
# (:name:), mark (==), caret (^^), tilde (~~), arithmatex ($) and Jinja.
_MARKDOWN_ACTIVE = frozenset("\\`*_{}[]()#+-.!|<>&~^=:$@\"'%")


def md_text(text: str) -> str:
    """Text safe to place inline in Markdown; renders exactly as given."""
    return "".join(f"&#{ord(c)};" if c in _MARKDOWN_ACTIVE else c for c in " ".join(text.split()))


def html_text(text: str) -> str:
    return html.escape(text, quote=True)


class _Dumper(yaml.SafeDumper):
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
