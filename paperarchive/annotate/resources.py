"""Dictionaries for annotation: news terms, stopwords, gazetteers of places
and organizations, rules for person names, aliases — the package's own plain
files in ``paperarchive/data/`` plus the user's additions.

A user extends them without touching the package: ``seeds/dictionary.yml``
(or the files listed under ``dictionary:`` in ``seeds/pages.yml``) with any of
the keys ``terms, stopwords, people, not_people, places, not_places,
organizations, not_organizations, aliases, person_titles, person_verbs``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..cache import Cache, digest
from ..lexicon import DEFAULT_FREQUENCY, new_tokenizer, package_text, read_term_lines
from ..model import Diagnostic
from ..segment.patterns import surnames

USER_DICTIONARY = "dictionary.yml"
LIST_KEYS = (
    "terms", "stopwords", "people", "not_people", "places", "not_places", "organizations",
    "not_organizations", "person_titles", "person_verbs", "non_org_words",
)


def _words(text: str) -> list[str]:
    """Whitespace-separated entries of a plain list file, ``#`` comments out."""
    words: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
        words.extend(line.split())
    return words


@dataclass
class UserDictionary:
    lists: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def digest(self) -> str:
        payload = yaml.safe_dump({"lists": self.lists, "aliases": self.aliases}, allow_unicode=True, sort_keys=True)
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def load_user_dictionary(seeds: Path, extra: list[str] | None = None) -> tuple[UserDictionary, list[Diagnostic]]:
    """Read ``seeds/dictionary.yml`` and any files named in ``pages.yml``'s
    ``dictionary:`` key.  Problems are reported and the file is skipped."""
    paths = [seeds / USER_DICTIONARY] if (seeds / USER_DICTIONARY).exists() else []
    paths += [seeds / name for name in extra or []]
    user = UserDictionary()
    diagnostics: list[Diagnostic] = []
    for path in paths:
        rel = path.name if path.parent == seeds else str(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            mark = getattr(exc, "problem_mark", None)
            diagnostics.append(Diagnostic("error", rel, f"dictionary ignored: {exc.__class__.__name__}; fix it or remove it", mark.line + 1 if mark else None))
            continue
        if not isinstance(data, dict):
            diagnostics.append(Diagnostic("error", rel, "dictionary ignored: expected a mapping of lists (terms:, people:, places: …)"))
            continue
        for key, value in data.items():
            if key == "aliases" and isinstance(value, dict):
                user.aliases.update({str(k): str(v) for k, v in value.items()})
            elif key in LIST_KEYS and isinstance(value, list):
                user.lists.setdefault(key, []).extend(str(v) for v in value)
            else:
                diagnostics.append(Diagnostic("warning", rel, f"key {key!r} ignored: expected one of {', '.join(LIST_KEYS)} (lists) or aliases (mapping)"))
        user.sources.append(rel)
    return user, diagnostics


@dataclass
class Resources:
    """Everything annotation needs, built once per build."""

    tokenizer: object  # rjieba.Jieba with news terms and gazetteer names
    protected: re.Pattern | None  # entries the tokenizer cannot hold (brackets, spaces)
    protected_kind: dict[str, str]
    stopwords: frozenset[str]
    terms: frozenset[str]
    people: frozenset[str]
    not_people: frozenset[str]
    places: frozenset[str]
    not_places: frozenset[str]
    organizations: frozenset[str]
    not_organizations: frozenset[str]
    non_org_words: tuple[str, ...]  # a tuple: used with str.endswith
    non_org_endings: tuple[str, ...]
    organization_prefixes: frozenset[str]
    sub_unit_suffixes: tuple[str, ...]
    center_markers: frozenset[str]
    org_name_verbs: frozenset[str]
    always_non_org_endings: tuple[str, ...]
    conjunction_suffixes: tuple[str, ...]
    facility_words: tuple[str, ...]
    person_titles: tuple[str, ...]
    person_verbs: tuple[str, ...]  # a tuple: used with str.startswith
    organization_suffixes: tuple[str, ...]
    organization_suffix_ends: frozenset[str]  # last characters of the suffixes: a cheap first test
    place_suffixes: tuple[str, ...]
    aliases: dict[str, str]
    place_canonical: dict[str, str]  # 重庆市 → 重庆, 广西壮族自治区 → 广西
    surnames: frozenset[str]
    idf: dict[str, float]
    idf_unknown: float  # jieba's rule: an unknown word gets the median IDF
    idf_term: float  # a listed news term is specific: the 90th percentile
    digest: str  # identifies the dictionaries (for caches)
    token_classes: dict[str, dict[str, int]] = field(default_factory=dict)  # tag → word → what it may start (see annotate)
    organization_suffix_of: dict[str, str | None] = field(default_factory=dict)  # word → its longest organization suffix


class LazyTokenizer:
    """An rjieba tokenizer with these extra entries, built when first used:
    a build whose new articles were annotated elsewhere (new_pages) never
    uses it, and building it took 0.07–0.15 s."""

    def __init__(self, extra: list[tuple[str, int, str]]):
        self._extra = extra
        self._tokenizer = None

    def __getattr__(self, name: str):
        if self._tokenizer is None:
            self._tokenizer = new_tokenizer(self._extra)
        return getattr(self._tokenizer, name)


def _package_list(name: str) -> list[str]:
    return _words(package_text(name))


# The table by the file's path, size and time, with its content digest: an
# incremental build asks for it twice (for the new-page helper, then for the
# dictionaries) and reads and hashes the 5 MB file once.
_IDF_TABLES: dict[tuple[str, int, int], tuple[str, tuple[dict[str, float], float, float]]] = {}


def jieba_idf(cache: "Cache | None" = None) -> tuple[dict[str, float], float, float]:
    """jieba's IDF table (jieba/analyse/idf.txt, from a large news corpus),
    its median and 90th percentile.  Parsing its 350,000 lines takes 0.2 s
    of every build; kept in the build cache (by the file's content), it
    is read back in a third of that."""
    # Found, not imported: importing jieba (its HMM tables) took 0.11 s.
    package = importlib.util.find_spec("jieba")
    if package is None or not package.submodule_search_locations:
        raise RuntimeError("jieba is not installed; install the project's dependencies (scripts/bootstrap)")
    path = Path(package.submodule_search_locations[0]) / "analyse" / "idf.txt"
    status = path.stat()
    stamp = (str(path), status.st_size, status.st_mtime_ns)
    if stamp in _IDF_TABLES:
        key, table = _IDF_TABLES[stamp]
        if cache is not None:
            cache.used.setdefault("jieba-idf", set()).add(key)  # still in use: not dropped as stale
        return table
    data = path.read_bytes()
    key = digest("jieba-idf", data)
    table = cache.get_many("jieba-idf", [key]).get(key) if cache is not None else None  # type: ignore[assignment]
    if table is None:
        table = _parse_idf(data.decode("utf-8"))
        if cache is not None:
            cache.put("jieba-idf", key, table)
    _IDF_TABLES.clear()  # one table: a new jieba replaces the old one
    _IDF_TABLES[stamp] = (key, table)
    return table


def _parse_idf(text: str) -> tuple[dict[str, float], float, float]:
    idf: dict[str, float] = {}
    for line in text.splitlines():
        word, _, value = line.partition(" ")
        if value:
            idf[word] = float(value)
    values = sorted(idf.values())
    return idf, values[len(values) // 2], values[int(len(values) * 0.9)]


_PUNCTUATED = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]")


def build_resources(user: UserDictionary | None = None, cache: "Cache | None" = None) -> Resources:
    """The dictionaries with ``user``'s additions; ``cache`` keeps jieba's
    parsed IDF table between builds."""
    user = user or UserDictionary()
    rules = yaml.safe_load(package_text("entities.yml"))

    def merged(key: str, base: list[str]) -> list[str]:
        return list(dict.fromkeys(base + user.lists.get(key, [])))

    places = merged("places", _package_list("places.txt"))
    organizations = merged("organizations", _package_list("organizations.txt"))
    people = merged("people", [])
    terms = [w for w, _, _ in read_term_lines(package_text("news_terms.txt"))] + user.lists.get("terms", [])
    extra_entries = [(t, DEFAULT_FREQUENCY, "nz") for t in user.lists.get("terms", [])]
    protected_kind: dict[str, str] = {}
    for kind, names, tag in (("place", places, "ns"), ("organization", organizations, "nt"), ("person", people, "nr")):
        for name in names:
            if _PUNCTUATED.search(name):
                protected_kind[name] = kind  # jieba splits at brackets: match these before tokenizing
            else:
                extra_entries.append((name, DEFAULT_FREQUENCY, tag))
    tokenizer = LazyTokenizer(extra_entries)
    protected = None
    if protected_kind:
        alternatives = sorted(protected_kind, key=len, reverse=True)
        protected = re.compile("|".join(re.escape(a) for a in alternatives))
    idf, unknown, specific = jieba_idf(cache)
    digest = hashlib.sha1(
        ("\n".join(package_text(n) for n in ("news_terms.txt", "places.txt", "organizations.txt", "stopwords.txt", "entities.yml")) + user.digest()).encode("utf-8")
    ).hexdigest()[:12]
    return Resources(
        tokenizer=tokenizer,
        protected=protected,
        protected_kind=protected_kind,
        stopwords=frozenset(merged("stopwords", _package_list("stopwords.txt"))),
        terms=frozenset(terms),
        people=frozenset(people),
        not_people=frozenset(merged("not_people", rules["not_people"])),
        places=frozenset(places),
        not_places=frozenset(merged("not_places", rules["not_places"])),
        organizations=frozenset(organizations),
        not_organizations=frozenset(merged("not_organizations", rules["not_organizations"])),
        non_org_words=tuple(merged("non_org_words", rules["non_org_words"])),
        non_org_endings=tuple(rules["non_org_endings"]),
        organization_prefixes=frozenset(rules["organization_prefixes"]),
        sub_unit_suffixes=tuple(rules["sub_unit_suffixes"]),
        center_markers=frozenset(rules["center_markers"]),
        org_name_verbs=frozenset(rules["org_name_verbs"]),
        always_non_org_endings=tuple(rules["always_non_org_endings"]),
        conjunction_suffixes=tuple(rules["conjunction_suffixes"]),
        facility_words=tuple(rules["facility_words"]),
        person_titles=tuple(sorted(merged("person_titles", rules["person_titles"]), key=len, reverse=True)),
        person_verbs=tuple(merged("person_verbs", rules["person_verbs"])),
        organization_suffixes=tuple(sorted(rules["organization_suffixes"], key=len, reverse=True)),
        organization_suffix_ends=frozenset(suffix[-1] for suffix in rules["organization_suffixes"]),
        place_suffixes=tuple(sorted(rules["place_suffixes"], key=len, reverse=True)),
        aliases=dict(user.aliases),
        place_canonical=_place_canonical(places),
        surnames=surnames(),
        idf=idf,
        idf_unknown=unknown,
        idf_term=specific,
        digest=digest,
    )


_PROVINCIAL_SUFFIX = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")


def _place_canonical(places: list[str]) -> dict[str, str]:
    """Provinces and cities are tagged by their short name when the gazetteer
    knows it (重庆市 → 重庆); districts and counties keep their suffix."""
    known = set(places)
    canonical = {}
    for place in places:
        stem = _PROVINCIAL_SUFFIX.sub("", place)
        if stem != place and stem in known:
            canonical[place] = stem
    return canonical


def idf_of(resources: Resources, word: str) -> float:
    value = resources.idf.get(word)
    if value is not None:
        return value
    return resources.idf_term if word in resources.terms else resources.idf_unknown


def log_tf(count: int) -> float:
    return 1.0 + math.log(count)
