"""Tag indexes: which articles carry each keyword, person, place,
organization and author, and where each tag's page lives.

Tag pages keep the Chinese term in their URL (``tags/people/金之钧.html``):
browsers and GitHub Pages handle UTF-8 paths, and so does ``file://``.
Characters that are unsafe in a file name or URL (``/ ? # %`` …) are replaced
and a short hash keeps such terms distinct.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..model import Article, PageResult

# kind → (URL folder, Chinese name)
KINDS = {
    "keywords": ("keywords", "关键词"),
    "people": ("people", "人物"),
    "places": ("places", "地点"),
    "organizations": ("organizations", "机构"),
    "authors": ("authors", "作者"),
}
_UNSAFE = re.compile(r"[\\/:*?\"<>|#%&{}\[\]^`~\s\x00-\x1f]")


def tag_slug(term: str) -> str:
    """File name for a tag page: the term itself when it is safe.  A term
    that had to be cleaned, or has upper-case Latin letters (CCUS and ccus
    must not share a file on a case-insensitive disk), gets a short hash of
    the original appended.  Never empty, never a path."""
    cleaned = _UNSAFE.sub("-", term).strip("-.") or "tag"
    if cleaned != term or cleaned.lower() != cleaned:
        cleaned = f"{cleaned.lower()[:40]}-{hashlib.sha1(term.encode('utf-8')).hexdigest()[:6]}"
    return cleaned[:80]


def tag_source(kind: str, term: str) -> str:
    return f"tags/{KINDS[kind][0]}/{tag_slug(term)}.md"


def kind_index_source(kind: str) -> str:
    return f"tags/{KINDS[kind][0]}/index.md"


def article_tags(article: Article) -> dict[str, list[str]]:
    annotation = article.annotation
    if annotation is None:
        return {kind: [] for kind in KINDS}
    return {
        "keywords": list(annotation.keywords),
        "people": list(annotation.people),
        "places": list(annotation.places),
        "organizations": list(annotation.organizations),
        "authors": list(annotation.credited),
    }


@dataclass
class TagIndex:
    """kind → term → article ids, newest first."""

    terms: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def count(self, kind: str, term: str) -> int:
        return len(self.terms.get(kind, {}).get(term, []))


def newest_first_key(article: Article, result: PageResult) -> tuple:
    meta = result.page.meta
    # Dates sort descending, undated last; then page, then title — stable.
    return (meta.date is None, _reverse(meta.date or ""), meta.paper or "", meta.page or "", result.page.rel_path, article.order, article.id)


def _reverse(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def build_index(results: list[PageResult]) -> TagIndex:
    index = TagIndex({kind: {} for kind in KINDS})
    ordered = sorted(((a, r) for r in results for a in r.articles), key=lambda ar: newest_first_key(*ar))
    for article, _ in ordered:
        for kind, terms in article_tags(article).items():
            for term in terms:
                index.terms[kind].setdefault(term, []).append(article.id)
    for kind in index.terms:
        index.terms[kind] = dict(sorted(index.terms[kind].items()))
    return index


def check_slug_collisions(index: TagIndex) -> dict[tuple[str, str], str]:
    """Source path of every tag page; a collision of two terms on one path
    (possible only after cleaning) gets the longer, hashed form."""
    paths: dict[tuple[str, str], str] = {}
    seen: dict[str, str] = {}
    for kind, terms in index.terms.items():
        for term in terms:
            path = tag_source(kind, term)
            key = path.lower()
            if key in seen and seen[key] != term:
                path = f"tags/{KINDS[kind][0]}/{tag_slug(term)}-{hashlib.sha1(term.encode('utf-8')).hexdigest()[:10]}.md"
            seen[path.lower()] = term
            paths[(kind, term)] = path
    return paths
