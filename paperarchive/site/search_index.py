"""The archive's search index: character bigrams of Chinese text in sharded
JavaScript files, read by ``paperarchive/theme/assets/javascripts/pa-search.js``.

Why not Material's built-in search: it matches word prefixes only (之钧,
经济圈, 新通道 are never found; 碳 never finds 低碳), ORs the words of a
query, and ships every article's full text as one JSON file that the
browser indexes on the first query (16.7 MB and 2.3 s at 1,000 articles,
50 MB and 7.5 s at 3,000).  Pagefind matches partial words but cannot run
from ``file://``, and the offline copy must search too.

So each article is indexed by the overlapping pairs of characters of its
Chinese text (金之钧 → 金之, 之钧): any run of two or more characters a
reader types — a name, its end, a compound, a term — is found by asking
for all of its pairs.  Single characters are indexed for titles and tags.
Latin words and numbers are indexed as words.  Every posting records where
the token occurs (title, tags, how often in the body), so titles and tags
weigh more than body text.

The index is made of segments: the articles in id order (so, mostly, in
date order) cut where their ids say so into runs of about 8,000, the
newest run into runs of about 1,000, each segment a whole index of its
own in a folder named by its content.  A new day changes the segment its
articles fall into, and only that one is encoded and written again; the
rest stay on disk as they were (at 10,000 articles re-encoding everything
took 2 s of every build).  Each segment
is split into shards by a token's first character, the same number for
all, so a token's postings in all segments weigh what one shard would; a
query loads the shards of its tokens from every segment, through
``<script>`` tags, which work on a web server and from ``file://`` alike,
and the browser numbers the documents across segments in order.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np

from ..cache import digest
from ..model import Article, PageResult
from ..text import code_points
from .labels import article_date, page_name
from .output import Kept, PreviousBuild, kept_entry
from .tags import KINDS, article_tags
from .urls import article_url

if TYPE_CHECKING:
    from ..cache import Cache
    from .render import SiteContext

SEARCH_DIR = "search"
SHARD_TARGET_BYTES = 160_000  # a query loads a few shards of about this size
LEAD_CHARS = 90  # opening of the article shown under each result
DETAIL_CHUNK = 200  # documents per file of result details (address, page, opening)

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PAIRS = re.compile(rf"(?=([{_CJK}][{_CJK}]))")  # overlapping: 金之钧 → 金之, 之钧
_CHARACTERS = re.compile(rf"[{_CJK}]")
_ALONE = re.compile(rf"(?<![{_CJK}])[{_CJK}](?![{_CJK}])")
_LATIN = re.compile(r"[a-z0-9]+(?:[.+#][a-z0-9]+)*")

# Posting flags (the low four bits of each posting value).
TITLE, TAG = 1, 2  # bit 2-3: body occurrences, 0 = none, 1 = one, 2 = 2-3, 3 = 4+


def normalize(text: str) -> str:
    """What is compared: NFKC (full-width Latin and digits to half-width),
    lower case.  The browser applies the same to a query.

    Normalized piece by piece between runs of unified Han characters:
    those are stable under NFKC (no decomposition, combining class 0,
    never composed with a neighbour), so the text's NFKC is its pieces'
    NFKC joined, and only the few distinct pieces between them (，。、
    and the like) are normalized — once each.  Every article's text with
    its full-width punctuation went through unicodedata whole: a third of
    the search index's time."""
    pieces = _HAN_RUNS.split(text)
    pieces[::2] = [_nfkc(piece) for piece in pieces[::2]]
    return "".join(pieces).lower()


# Unified Han (Extension A and the main block): the compatibility
# ideographs (U+F900…) do change under NFKC, and stay outside.
_HAN_RUNS = re.compile("([\u3400-\u4dbf\u4e00-\u9fff]+)")


@functools.lru_cache(maxsize=65536)
def _nfkc(piece: str) -> str:
    return unicodedata.normalize("NFKC", piece)


def tokens(text: str, single_characters: bool = False) -> list[str]:
    """Index tokens of a text: Chinese bigrams, single Chinese characters
    (all when asked, else those standing alone), Latin words and numbers.
    Regular expressions do the work: this runs over every article."""
    text = normalize(text)
    singles = _CHARACTERS if single_characters else _ALONE
    return singles.findall(text) + _PAIRS.findall(text) + _LATIN.findall(text)


# Body class (bits 2-3 of a posting) by occurrences: 0 none, 1 one, 2 two
# or three, 3 four or more.
_BODY_FLAGS = (0, 1 << 2, 2 << 2, 2 << 2, 3 << 2)


@dataclass
class SearchDoc:
    url: str
    title: str
    kicker: str
    date: str
    page: str
    tags: list[str]
    lead: str


def _row(doc: SearchDoc) -> tuple:
    """Its fields in order, as dataclasses.astuple gives them — without the
    deep copy, which took 0.6 s of every clean build."""
    return (doc.url, doc.title, doc.kicker, doc.date, doc.page, doc.tags, doc.lead)


def _document(article: Article, result: PageResult) -> SearchDoc:
    meta = result.page.meta
    tags = _tag_terms(article)
    lead = "".join(article.paragraphs)[:LEAD_CHARS]
    page = " ".join(p for p in (meta.paper or "", page_name(result)) if p)
    deck = " ".join(t for t in (article.subtitle,) if t)
    return SearchDoc(article_url(article), article.title + (f"——{deck}" if deck else ""), article.kicker or "", article_date(article, result)[0] or "", page, tags, lead)


# Postings are written as base-32 digits in two alphabets: a digit from
# CONTINUE means more digits follow, one from LAST ends the number.  Each
# number is (gap to the previous document << 4) | flags.  Nothing needs
# escaping inside a JavaScript string.
LAST = "0123456789abcdefghijklmnopqrstuv"
CONTINUE = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz+/"


def _encode_number(value: int) -> str:
    digits = []
    while True:
        digits.append(value & 31)
        value >>= 5
        if not value:
            break
    return "".join(CONTINUE[d] for d in reversed(digits[1:])) + LAST[digits[0]]


# Numbers below 2**15 (three digits) from a table: most postings are.  Made
# digit by digit (one, two, then three digits, in value order): calling
# _encode_number for each took 35 ms of every start.
_ENCODED = [*LAST, *[a + z for a in CONTINUE[1:] for z in LAST], *[a + b + z for a in CONTINUE[1:] for b in CONTINUE for z in LAST]]


def encode_postings(postings: list[tuple[int, int]]) -> str:
    """``[(document, flags)]`` in document order → compact text."""
    out: list[str] = []
    previous = 0
    table, limit = _ENCODED, len(_ENCODED)
    for document, flags in postings:
        value = ((document - previous) << 4) | flags
        out.append(table[value] if value < limit else _encode_number(value))
        previous = document
    return "".join(out)


def decode_postings(text: str) -> list[tuple[int, int]]:
    """The inverse of :func:`encode_postings` (the browser does the same)."""
    postings, value, document = [], 0, 0
    for char in text:
        digit = CONTINUE.find(char)
        if digit >= 0:
            value = (value << 5) | digit
            continue
        value = (value << 5) | LAST.index(char)
        document += value >> 4
        postings.append((document, value & 15))
        value = 0
    return postings


def shard_of(token: str, shards: int) -> int:
    return ord(token[0]) % shards


def _deck(article: Article) -> str:
    """The headline lines an article's title tokens come from."""
    return " ".join(t for t in (article.kicker, article.title, article.subtitle) if t)


def _tag_terms(article: Article) -> list[str]:
    """Every tag of an article, all kinds, in order."""
    return [term for terms in article_tags(article).values() for term in terms]


def article_flags(article: Article) -> dict[str, int]:
    """Every token of an article with where it stands (title, tag, how often
    in the body): the article's part of the index."""
    deck = _deck(article)
    flags = {token: _BODY_FLAGS[min(count, 4)] for token, count in Counter(tokens(article.text)).items()}
    # dict.fromkeys, not set(): the order of the flags (kept in the cache)
    # must not depend on the hash seed.
    for token in dict.fromkeys(tokens(deck, single_characters=True)):
        flags[token] = flags.get(token, 0) | TITLE
    for term in _tag_terms(article):
        for token in dict.fromkeys(tokens(term, single_characters=True)):
            flags[token] = flags.get(token, 0) | TAG
    return flags


def _chunk_postings(chunk: list[Article]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The postings of consecutive documents as arrays (token number within
    the chunk's own vocabulary, document within the chunk, flags): cheap to
    hand back from a worker, unlike millions of tuples.

    What :func:`article_flags` gives for each article (a test holds them
    equal), made for the whole chunk at once with numpy: building a
    dictionary of ~1,000 tokens per article took most of the search
    index's time.  A Chinese token is a number — a character its code
    point, a pair ``first << 21 | second`` — keyed by its document, so
    counting tokens and merging their flags are sorts; Latin words, a few
    per article, are numbered as they come."""
    bodies, decks, tags = [], [], []
    words: dict[str, int] = {}
    latin_keys: list[int] = []
    latin_flags: list[int] = []

    def add_latin(number: int, found: "Counter[str]", flag: int | None) -> None:
        for word, count in found.items():
            latin_keys.append((number << _DOC_SHIFT) | words.setdefault(word, _LATIN_BASE + len(words)))
            latin_flags.append(_BODY_FLAGS[min(count, 4)] if flag is None else flag)

    for number, article in enumerate(chunk):
        body = normalize(article.text)
        deck = normalize(_deck(article))
        terms = normalize("\n".join(_tag_terms(article)))
        bodies.append(body)
        decks.append(deck)
        tags.append(terms)
        add_latin(number, Counter(_LATIN.findall(body)), None)
        add_latin(number, Counter(_LATIN.findall(deck)), TITLE)
        add_latin(number, Counter(_LATIN.findall(terms)), TAG)
    body_keys, counts = np.unique(_han_keys(bodies, single_characters=False), return_counts=True)
    deck_keys, tag_keys = _han_keys(decks, single_characters=True), _han_keys(tags, single_characters=True)
    keys = np.concatenate([body_keys, deck_keys, tag_keys, np.array(latin_keys, dtype=np.int64)])
    flags = np.concatenate(
        [
            np.array(_BODY_FLAGS, dtype=np.uint8)[np.minimum(counts, 4)],
            np.full(len(deck_keys), TITLE, dtype=np.uint8),
            np.full(len(tag_keys), TAG, dtype=np.uint8),
            np.array(latin_flags, dtype=np.uint8),
        ]
    )
    # One posting per (document, token), its flags OR-ed together.
    merged, where = np.unique(keys, return_inverse=True)
    values = np.zeros(len(merged), dtype=np.uint8)
    np.bitwise_or.at(values, where, flags)
    codes, token_ids = np.unique(merged & _CODE_MASK, return_inverse=True)
    names = {code: word for word, code in words.items()}
    vocabulary = [names[code] if code >= _LATIN_BASE else chr(code) if code < _PAIR_BASE else chr(code >> 21) + chr(code & 0x1FFFFF) for code in codes.tolist()]
    return vocabulary, token_ids.astype(np.int32), (merged >> _DOC_SHIFT).astype(np.int32), values


# A token number: a character's code point (below 2**21), a pair of them
# (first << 21 | second: below 2**37, as Chinese characters are below
# 2**16), or a Latin word's place in the chunk plus 2**37; the document is
# put above, at bit 38.
_PAIR_BASE = 1 << 21
_LATIN_BASE = 1 << 37
_DOC_SHIFT = 38
_CODE_MASK = (1 << _DOC_SHIFT) - 1
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))  # as _CJK


def _han_keys(texts: list[str], single_characters: bool) -> np.ndarray:
    """(document << 38 | token) for every Chinese token of each text, as
    :func:`tokens` finds them (repeats included): pairs of adjacent
    characters, and single characters — all of them, or those standing
    alone."""
    points, han, owners = code_points(texts, _CJK_RANGES)
    documents = owners << _DOC_SHIFT
    pair = han[:-1] & han[1:]
    pairs = documents[:-1][pair] | (points[:-1][pair] << 21) | points[1:][pair]
    if single_characters:
        single = han
    else:
        single = han.copy()
        single[1:] &= ~han[:-1]
        single[:-1] &= ~han[1:]
    return np.concatenate([documents[single] | points[single], pairs])


def _encode_all(token_ids: np.ndarray, docs: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, str, np.ndarray]:
    """:func:`encode_postings` for every token at once, with numpy: sorted
    by token then document; returns the tokens in order, all their postings
    as one string, and where each token's postings start in it."""
    order = np.lexsort((docs, token_ids))
    token_ids, docs, values = token_ids[order], docs[order], values[order]
    starts = np.flatnonzero(np.r_[True, token_ids[1:] != token_ids[:-1]])
    previous = np.r_[0, docs[:-1]]
    previous[starts] = 0  # each token's first gap counts from document 0
    numbers = ((docs - previous) << 4) | values.astype(np.int32)  # a gap below 2**27 documents
    lengths = np.ones(len(numbers), dtype=np.int32)
    rest = numbers >> 5
    while rest.any():
        lengths += rest > 0
        rest >>= 5
    offsets = np.cumsum(lengths) - lengths
    out = np.empty(int(lengths.sum()), dtype=np.uint8)
    last_alphabet = np.frombuffer(LAST.encode("ascii"), dtype=np.uint8)
    continue_alphabet = np.frombuffer(CONTINUE.encode("ascii"), dtype=np.uint8)
    for position in range(int(lengths.max()) if len(lengths) else 0):
        mask = lengths > position
        remaining = lengths[mask] - 1 - position  # digits after this one
        digits = (numbers[mask] >> (5 * remaining)) & 31
        out[offsets[mask] + position] = np.where(remaining == 0, last_alphabet[digits], continue_alphabet[digits])
    return token_ids[starts], out.tobytes().decode("ascii"), np.r_[offsets[starts], len(out)]


CHUNK_ARTICLES = 250  # articles tokenized together, on average
# Articles per segment, on average: whole segments, and those of the tail
# the new days go into (multiples of each other and of the chunk, so every
# cut of one kind is a cut of the smaller kinds too).
SEGMENT_ARTICLES = 32 * CHUNK_ARTICLES
TAIL_SEGMENT_ARTICLES = 4 * CHUNK_ARTICLES


def _cut(articles: list[Article], modulus: int) -> list[list[Article]]:
    """Consecutive articles (in id order) in runs that end after an article
    whose id hashes to 0 modulo ``modulus``: the cut depends on the
    articles themselves, not their positions, so adding a day's articles
    changes only the runs they fall into and the rest stay the same — in
    the cache (chunks) and on disk (segments)."""
    runs: list[list[Article]] = [[]]
    for article in articles:
        runs[-1].append(article)
        if zlib.crc32(article.id.encode("utf-8")) % modulus == 0:
            runs.append([])
    return [run for run in runs if run]


def _chunk_key(chunk: list[Article], code: str) -> str:
    """Everything :func:`article_flags` reads of a chunk's articles."""
    parts = [code]
    for article in chunk:
        tags = "\x1f".join(_tag_terms(article))
        if article.fingerprint:  # it stands for the deck and text (see Article.fingerprint)
            parts += ["fingerprint", article.id, article.fingerprint, tags]
        else:
            parts += ["text", article.id, article.kicker or "", article.title, article.subtitle or "", tags, article.text]
    return digest("search", *parts)


POSTING_BYTES_PER_DOCUMENT = 1_500  # measured: 13.6 MB of shards for 9,085 articles


def _segments(articles: list[Article], sizes: tuple[int, int] = (SEGMENT_ARTICLES, TAIL_SEGMENT_ARTICLES)) -> list[list[Article]]:
    """The articles (in id order) in segments, tiered as in Lucene: runs of
    about ``sizes[0]`` articles, except the last, still open one (no cut
    after its last article yet), which is cut into runs of about
    ``sizes[1]``.  New days go to the end, so a day re-encodes a small
    segment; when the tail reaches a cut of the first kind it becomes one
    segment (a merge, every ~8,000 articles), so the number of segments —
    files a query loads — stays small.  A pure function of the articles,
    so clean and incremental builds cut alike."""
    whole, tail = sizes
    segments = _cut(articles, whole)
    if segments and zlib.crc32(segments[-1][-1].id.encode("utf-8")) % whole != 0:
        segments[-1:] = _cut(segments[-1], tail)
    return segments


def shard_count(documents: int) -> int:
    """Shards per segment: one number for the whole index, from its size,
    so a token's postings in all segments together weigh what one shard
    of a single index would (about :data:`SHARD_TARGET_BYTES`) — a query
    downloads no more for being split into segments.  Counted from
    documents, not bytes, so that it is known before anything is encoded."""
    return 1 << max(0, math.ceil(math.log2(max(1.0, documents * POSTING_BYTES_PER_DOCUMENT / SHARD_TARGET_BYTES))))


Postings = tuple[list[str], np.ndarray, np.ndarray, np.ndarray]


def _segment_files(parts: list[Postings], documents: list[SearchDoc], chunk_sizes: list[int], shards: int) -> tuple[str, dict[str, str]]:
    """A segment's files, in a folder named by a digest of their content:
    its postings sharded by token, its document table, the details of its
    documents in chunks.  ``parts`` are its chunks' postings, documents
    numbered within each chunk (of ``chunk_sizes``)."""
    vocabulary: dict[str, int] = {}
    arrays = []
    offset = 0
    for (chunk_vocabulary, token_ids, docs, values), size in zip(parts, chunk_sizes):
        global_ids = np.array([vocabulary.setdefault(token, len(vocabulary)) for token in chunk_vocabulary], dtype=np.int32)
        arrays.append((global_ids[token_ids] if len(token_ids) else token_ids, docs + np.int32(offset), values))
        offset += size
    if sum(len(a[0]) for a in arrays):
        ordered, text, bounds = _encode_all(*(np.concatenate([a[i] for a in arrays]) for i in range(3)))
    else:
        ordered, text, bounds = np.array([], dtype=np.int32), "", np.array([0])
    names = list(vocabulary)
    grouped: list[dict[str, str]] = [{} for _ in range(shards)]
    for i, token in enumerate(ordered.tolist()):
        grouped[shard_of(names[token], shards)][names[token]] = text[bounds[i] : bounds[i + 1]]
    # What ranking needs of every document (title, kicker, date, tags) is
    # loaded with the first query; what only a shown result needs (address,
    # page, opening lines) comes in chunks, for the results on screen — at
    # 36,000 articles one table of everything was 23 MB.
    bodies = {"docs": _json([[d.title, d.kicker, d.date, d.tags] for d in documents])}
    for start in range(0, len(documents), DETAIL_CHUNK):
        bodies[f"details-{start // DETAIL_CHUNK}"] = _json([[d.url, d.page, d.lead] for d in documents[start : start + DETAIL_CHUNK]])
    bodies.update({f"shard-{i}": _json(group) for i, group in enumerate(grouped)})
    return _versioned(bodies)


def _versioned(bodies: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Files in a folder named by a digest of all of them (so a browser
    never mixes an old file with a new one); each calls the loader with
    its folder and name."""
    hasher = hashlib.sha256()
    for name in sorted(bodies):
        hasher.update(name.encode() + b"\0" + bodies[name].encode("utf-8") + b"\0")
    version = hasher.hexdigest()[:12]
    return version, {f"{SEARCH_DIR}/{version}/{name}.js": f"__paSearchLoaded({json.dumps(version + '/' + name)},{body});\n" for name, body in bodies.items()}


def build_search_index(context: "SiteContext", advance=None, cache: "Cache | None" = None, code: str = "", previous: "PreviousBuild | None" = None, segment_sizes: tuple[int, int] = (SEGMENT_ARTICLES, TAIL_SEGMENT_ARTICLES)) -> dict[str, "str | Kept"]:
    """Generated files (path under docs/ → content) of the search index:
    :func:`start_search_index`, waited for."""
    return start_search_index(context, advance, cache, code, previous, segment_sizes)()


def start_search_index(context: "SiteContext", advance=None, cache: "Cache | None" = None, code: str = "", previous: "PreviousBuild | None" = None, segment_sizes: tuple[int, int] = (SEGMENT_ARTICLES, TAIL_SEGMENT_ARTICLES)) -> Callable[[], dict[str, "str | Kept"]]:
    """Generated files (path under docs/ → content) of the search index —
    started: the articles are tokenized at once, and the segments' files
    made by a forked process while the caller goes on; the function
    returned waits for them (it has a ``cancel()``).

    The documents (in id order) are cut into segments, each a complete
    index of its documents in its own folder, named by its content; the
    browser reads them all and merges their postings.  With a ``cache``
    (``code`` being the generator's digest), a segment whose inputs are
    unchanged and whose files the last build left in docs/ (``previous``)
    is not made again: its files are :class:`Kept`.  Articles are
    tokenized on all cores in chunks, themselves cached by content.

    The segments' files are made in the background because a clean build's
    first segment holds 8,000 articles and the others a few hundred: on a
    pool, one worker made it alone while the other core idled (half a
    second at 10,000 articles); the pipeline renders meanwhile."""
    from ..parallel import fork_map, in_background

    articles = sorted(context.articles.values(), key=lambda ar: ar[0].id)
    pages = {article.id: result for article, result in articles}
    documents: dict[str, SearchDoc] = {}

    def document(article: Article) -> SearchDoc:
        if article.id not in documents:
            documents[article.id] = _document(article, pages[article.id])
        return documents[article.id]

    # Segments, and within them chunks (in production every segment end is
    # a chunk end anyway; ``segment_sizes`` are smaller in tests).
    segments = [_cut(run, CHUNK_ARTICLES) for run in _segments([article for article, _ in articles], segment_sizes)]
    shards = shard_count(len(articles))
    keys = [[_chunk_key(chunk, code) for chunk in segment] for segment in segments]
    # A segment's files hold its postings (the chunk keys) and its documents'
    # rows; an article's fingerprint and tags (in the chunk key) make its row.
    segment_keys = [
        digest("search-files", code, str(shards), *chunk_keys, _json([_row(document(a)) for chunk in segment for a in chunk if not a.fingerprint]))
        for segment, chunk_keys in zip(segments, keys)
    ]
    kept = (previous.kept(cache.get_many("search-files", segment_keys)) if previous is not None and cache is not None else {})
    # Only the segments to be made need their chunks' postings.
    todo = [number for number, key in enumerate(segment_keys) if key not in kept]
    wanted = [(chunk, key) for number in todo for chunk, key in zip(segments[number], keys[number])]
    cached = cache.get_many("search", [key for _, key in wanted]) if cache is not None else {}
    missing = [(chunk, key) for chunk, key in wanted if key not in cached]  # each chunk's articles are its own: no key twice

    def stored(job: tuple[list[Article], str], made: Postings) -> Postings:
        if cache is not None:  # as the workers go on
            cache.put("search", job[1], made)
        return made

    postings: dict[str, Postings] = dict(zip((key for _, key in missing), fork_map(lambda job: _chunk_postings(job[0]), missing, min_items=8, advance=advance, then=stored)))
    postings.update(cached)
    made = in_background(lambda: [
        _segment_files([postings[key] for key in keys[number]], [document(a) for chunk in segments[number] for a in chunk], [len(chunk) for chunk in segments[number]], shards)
        for number in todo
    ]) if todo else (lambda: [])
    tags_version, tag_files = _versioned({"tags": _json(_tag_list(context))})

    def finished() -> dict[str, "str | Kept"]:
        files: dict[str, "str | Kept"] = {}
        versions: dict[int, str] = {}
        for number, (version, made_files) in zip(todo, made()):
            versions[number] = version
            files.update(made_files)
            if cache is not None:
                cache.put("search-files", segment_keys[number], kept_entry(made_files))
        for number, key in enumerate(segment_keys):
            if key in kept:
                files.update(kept[key])
                versions[number] = next(iter(kept[key])).split("/")[1]
        files.update(tag_files)
        meta = {
            "segments": [[versions[number], sum(len(chunk) for chunk in segment)] for number, segment in enumerate(segments)],
            "documents": len(articles),
            "tags": tags_version,
            "shards": shards,
            "details": DETAIL_CHUNK,
            "last": LAST,
            "continue": CONTINUE,
        }
        files[f"{SEARCH_DIR}/meta.js"] = f"__paSearchLoaded(\"meta\",{_json(meta)});\n"
        return files

    finished.cancel = getattr(made, "cancel", lambda: None)  # type: ignore[attr-defined]
    return finished


def _tag_list(context: "SiteContext") -> list[list]:
    """Every tag with its kind, page and article count, for the tag line
    above the results (a reader typing 金之钧 also gets 人物：金之钧)."""
    rows = []
    for kind, terms in context.index.terms.items():
        for term, ids in terms.items():
            rows.append([KINDS[kind][1], term, context.tag_paths[(kind, term)][: -len(".md")] + ".html", len(ids)])
    rows.sort(key=lambda row: (-row[3], row[1], row[0]))
    return rows


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
