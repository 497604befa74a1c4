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
from decimal import Decimal
from json.encoder import encode_basestring

# Special anywhere: Markdown, HTML, attr_list, tables, mark (==), caret (^^),
# tilde (~~), arithmatex ($), magiclink (@) and Jinja-like braces.
_MARKDOWN_ACTIVE = frozenset("\\`*_{}[]()#!|<>&~^=$@")
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in _MARKDOWN_ACTIVE}
_ACTIVE = re.compile("[" + re.escape("".join(sorted(_MARKDOWN_ACTIVE))) + "]")
# Special only at the start of a line: lists, quotes, headings, rules.
_LINE_START = re.compile(r"^(?:[-+*>#=]|[0-9]+(?=[.)]))")


def md_text(text: str) -> str:
    """Text safe to place inline in Markdown; renders exactly as given."""
    text = " ".join(text.split())
    # translate() looks every character up in a dict: most paragraphs hold
    # none of these, and a search finds that in C (a fifth of render time).
    escaped = text.translate(_ESCAPES) if _ACTIVE.search(text) else text
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


# Front matter is YAML written by hand from JSON scalars: a JSON string is a
# valid YAML double-quoted scalar once the few characters YAML reads as line
# breaks or refuses (NEL, LS, PS, C1 controls, lone surrogates, BOM) are
# escaped too.  Written this way it is twenty times faster than PyYAML's
# representer, which took half the render time at 10,000 articles, and
# stays valid and exact whatever a headline holds (tests/test_properties.py
# parses it back with PyYAML, as MkDocs does).
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _quote(text: str) -> str:
    # What json.dumps(text, ensure_ascii=False) returns for a str, without
    # building an encoder per call (a tenth of rendering an article page).
    quoted = encode_basestring(text)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted) if _YAML_UNSAFE.search(quoted) else quoted


def _number(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    # YAML 1.1 (PyYAML) reads a float only with a dot: 1e-05 must be 0.00001.
    return text if "." in text and "e" not in text else format(Decimal(text), "f") + ("" if "." in format(Decimal(text), "f") else ".0")


def _flow(value) -> str:
    if type(value) is str:  # most values: tested first
        return _quote(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_quote(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"front matter cannot hold {type(value).__name__}")


def front_matter(data: dict) -> str:
    """YAML front matter that parses back to exactly ``data`` whatever a
    title holds (quotes, colons, ``---``, control characters): one key per
    line, mappings one level deep, lists of mappings one item per line,
    every value in flow style."""
    lines = ["---"]
    for key, value in data.items():
        if isinstance(value, dict) and value:
            lines.append(f"{key}:")
            lines += [f"  {sub}: {_flow(item)}" for sub, item in value.items()]
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            lines.append(f"{key}:")
            lines += [f"- {_flow(item)}" for item in value]
        else:
            lines.append(f"{key}: {_flow(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"
