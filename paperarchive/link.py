"""Stage 5 — link: corpus-level choices over annotated articles.

* **keywords**: each article's candidate terms ranked by TF-IDF; the IDF comes
  from jieba's news-corpus table, blended with the archive's own document
  frequencies as the archive grows (see :func:`idf_blend`), counted as of
  the article's date (see :func:`statistics_as_of_date`);
* **related stories**: a sparse vector per article over its terms and
  entities, each kind an index with its own weight (Hugo's related content
  works the same way); cosine similarity through an inverted index, terms in
  too many articles dropped, so the cost stays near-linear; up to
  :data:`MAX_RELATED` that share several features above
  :data:`RELATED_THRESHOLD`, or one rare topic central to both above
  :data:`TOPIC_THRESHOLD`, each with the shared terms that explain it;
* **near-duplicates** (the same wire story on two pages) are flagged, not
  listed as related;
* **continuations**: （上接01版） pieces and the articles they continue are
  linked both ways.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

import numpy as np

from .annotate.resources import Resources, idf_of, log_tf
from .cache import digest
from .model import Article, PageResult, Related

if TYPE_CHECKING:
    from .cache import Cache

MAX_KEYWORDS = 6
KEYWORD_MIN_SHARE = 0.35  # a keyword scores at least this share of the article's best
IDF_BLEND_HALF = 2000  # archive size at which the archive's own IDF weighs half

# Related stories: weight of each index, Hugo-style.
INDEX_WEIGHTS = {"term": 1.0, "person": 3.0, "organization": 2.0, "agency": 0.7, "place": 0.7}
# Government bodies (发展改革委, 经信委, 财政局) announce and act in most news
# of a government paper: like places, they say where news came from more
# than what it is about, so they weigh as little (鹿角隧道 and a review of
# the year's projects share 市发展改革委 and nothing of substance).
AGENCY_ENDINGS = ("委", "局", "厅", "办", "署", "部", "政府", "委员会", "办公室", "党委")
MAX_RELATED = 5
RELATED_THRESHOLD = 0.15  # cosine over each article's whole vector
MIN_SHARED = 2  # one shared name is a coincidence, not a reason; one shared topic may be
TOPIC_THRESHOLD = 0.05  # …with this lower score, if it is a rare word in jieba's news
SPECIFIC_TOPIC_IDF = 9.5  # corpus (碳中和 13.9, 产业链 7.3) …
TOPIC_RANK = 4  # …and among the first keywords of both articles
MAX_DF_SHARE = 0.05  # a feature in more than this share of a large archive says nothing
SMALL_ARCHIVE_DF_SHARE = 0.3  # a small archive tolerates more (重庆 in 17 of 26 still says nothing)
DUPLICATE_COSINE = 0.6  # candidates for the near-duplicate check…
DUPLICATE_CANDIDATES = 10  # …among an article's closest few
DUPLICATE_JACCARD = 0.5  # share of identical sentences two copies of one story have in common


@dataclass
class Links:
    """Corpus-level results, by article id."""

    related: dict[str, list[Related]] = field(default_factory=dict)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    continued_from: dict[str, str] = field(default_factory=dict)  # piece → article it continues
    continued_in: dict[str, list[str]] = field(default_factory=dict)  # article → its continuations


def idf_blend(jieba_idf: float, document_frequency: int, articles: int, unknown_idf: float) -> float:
    """IDF for keyword ranking.  jieba's table (from a large news corpus)
    knows which words are common in news at all; the archive knows what is
    common in *this* paper (重庆 on every page of 重庆日报).  With few articles
    the archive's counts are noise, so its weight grows with its size,
    ``w = N / (N + IDF_BLEND_HALF)``; its IDF is scaled onto jieba's range
    (a word in one article of the archive ≈ a word jieba has never seen)."""
    return idf_blender(articles, unknown_idf)(jieba_idf, document_frequency)


def idf_blender(articles: int, unknown_idf: float) -> Callable[[float, int], float]:
    """:func:`idf_blend` for an archive of ``articles``, with what depends
    on its size alone computed once (each article scores forty terms)."""
    scale = unknown_idf / (math.log(articles + 1) + 1)
    weight = articles / (articles + IDF_BLEND_HALF)
    jieba_share, archive_share = 1 - weight, weight * scale

    def blend(jieba_idf: float, document_frequency: int) -> float:
        return jieba_share * jieba_idf + archive_share * (math.log((articles + 1) / (document_frequency + 1)) + 1)

    return blend


def archive_date(article: Article, result: PageResult) -> str:
    """The date at which an article's archive statistics are taken: its
    own (an editor's correction) or its page's; undated articles come after
    every dated one and see the whole archive."""
    return article.date or result.page.meta.date or "9999"


def statistics_as_of_date(items: list[tuple[str, Iterable[str]]], wanted: set[int] | None = None) -> list[tuple[int, dict[str, int]]]:
    """For each ``(date, features)``: how many articles are dated up to
    that day, and each feature's document frequency among them.

    Why not the whole archive's counts: every day added moves them a little,
    and the keywords and related stories of most older articles with them
    (a day added to 9,000 articles changed the related lists of 1,944 old
    articles, of which 343 had gained a new one).  Counted as of each
    article's own date, an article's weights depend on the archive up to
    its day only, like the reader of that day's paper: adding a later day
    changes old articles only where a new story really joins them, and a
    clean build gives the same answer (adding an *older* day moves the
    statistics of everything after it, as it should).  With ``wanted``
    (indexes), only those items get their frequencies (the others
    ``(0, {})``); the counting still reads every item."""
    order = sorted(range(len(items)), key=lambda i: items[i][0])
    counts: Counter[str] = Counter()
    out: list[tuple[int, dict[str, int]]] = [(0, {})] * len(items)
    start = 0
    while start < len(order):
        end = start
        while end < len(order) and items[order[end]][0] == items[order[start]][0]:
            counts.update(set(items[order[end]][1]))
            end += 1
        for i in order[start:end]:
            if wanted is None or i in wanted:
                out[i] = (end, {feature: counts[feature] for feature in items[i][1]})
        start = end
    return out


def choose_keywords(results: list[PageResult], resources: Resources, mode: str = "blend", cache: "Cache | None" = None, code: str = "") -> None:
    """Each article's keywords: its candidate terms by TF-IDF, the archive's
    document frequencies taken as of the article's date.  With a ``cache``
    (and the generator's ``code`` digest), an article's keywords are kept
    under what makes them — its terms and the terms of every article dated
    up to its day (:func:`_keyword_keys`) — so a day added after the others
    scores only its own articles."""
    pairs = [(article, result) for result in results for article in result.articles]
    items = [(archive_date(a, r), a.annotation.terms) for a, r in pairs]
    keys = _keyword_keys(pairs, [date for date, _ in items], resources, mode, code) if cache is not None else []
    cached = cache.get_many("keywords", keys) if cache is not None else {}
    wanted = {i for i in range(len(pairs)) if not keys or keys[i] not in cached}
    statistics = statistics_as_of_date(items, wanted)
    jieba_idf: dict[str, float] = {}
    for i, (article, _) in enumerate(pairs):
        if i not in wanted:
            article.annotation.keywords = list(cached[keys[i]])
            continue
        n, df = statistics[i]
        article.annotation.keywords = _keywords_of(article, n, df, resources, mode, jieba_idf)
        if cache is not None:
            cache.put("keywords", keys[i], article.annotation.keywords)


def _keyword_keys(pairs: list[tuple[Article, PageResult]], dates: list[str], resources: Resources, mode: str, code: str) -> list[str]:
    """Per article, a digest of everything its keywords are chosen from: its
    terms (its :attr:`~.model.Article.fingerprint`, which makes them, or the
    terms themselves) and the same of every article dated up to its day,
    folded date by date into one running digest."""
    identities = [
        article.fingerprint or digest("terms", json.dumps(sorted(article.annotation.terms.items()), ensure_ascii=False))
        for article, _ in pairs
    ]
    running = hashlib.sha256(b"archive as of date")
    as_of: dict[str, str] = {}
    ordered = sorted(zip(dates, identities))
    for number, (date, identity) in enumerate(ordered):
        running.update(date.encode("utf-8") + b"\0" + identity.encode("utf-8") + b"\n")
        if number + 1 == len(ordered) or ordered[number + 1][0] != date:
            as_of[date] = running.hexdigest()  # the archive up to the end of this day
    return [digest("keywords", code, resources.digest, mode, identity, as_of[date]) for identity, date in zip(identities, dates)]


def _keywords_of(article: Article, n: int, df: dict[str, int], resources: Resources, mode: str, jieba_idf: dict[str, float]) -> list[str]:
    scored = []
    blend = idf_blender(n, resources.idf_unknown)
    for term, count in article.annotation.terms.items():
        known = jieba_idf.get(term)
        if known is None:
            known = jieba_idf[term] = idf_of(resources, term)
        if mode == "jieba":
            idf = known
        elif mode == "corpus":
            idf = math.log((n + 1) / (df[term] + 1)) + 1
        else:
            idf = blend(known, df[term])
        scored.append((log_tf(count) * idf * (1.1 if len(term) >= 3 else 1.0), term))  # longer terms are more specific
    scored.sort(key=lambda x: (-x[0], x[1]))
    if not scored:
        return []
    best = scored[0][0]
    chosen: list[str] = []
    for score, term in scored:
        if len(chosen) == MAX_KEYWORDS or score < KEYWORD_MIN_SHARE * best:
            break
        if any(term in other or other in term for other in chosen):
            continue  # 深空探测 and 深空探测实验室: one is enough
        chosen.append(term)
    return chosen


# News agencies and papers name the source, not the topic: 新华社 shared by
# two wire stories does not make them related.
MEDIA = frozenset({"新华社", "中新社", "中新网", "人民日报", "重庆日报", "央视", "中央广播电视总台", "人民网", "新华网"})


def _features(article: Article, resources: Resources) -> dict[str, float]:
    """Raw feature weights before corpus IDF: ``kind:term`` → index weight ×
    tf.  Terms are the article's keywords (not every noun: 合力, 常态 would
    link everything to everything); entities are all its mentions."""
    annotation = article.annotation
    features: dict[str, float] = {}
    for term in annotation.keywords:
        count = annotation.terms.get(term, 1)
        features[f"term:{term}"] = INDEX_WEIGHTS["term"] * log_tf(count)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for mention in annotation.mentions:
        if mention.name not in MEDIA:
            counts[(mention.kind, mention.name)] += 1
    for (kind, name), count in counts.items():
        index = "agency" if kind == "organization" and name.endswith(AGENCY_ENDINGS) else kind
        features[f"{kind}:{name}"] = INDEX_WEIGHTS[index] * log_tf(count)
    return features


CHUNK = 512  # rows of the similarity product computed at once (memory bound)


def link(results: list[PageResult], resources: Resources) -> Links:
    """Related stories and near-duplicates for every article, plus
    continuation links.  Similarities are a sparse matrix product computed
    in row chunks (scipy), so the cost follows the number of article pairs
    that share a feature, not N²."""
    articles = sorted((a for r in results for a in r.articles), key=lambda a: a.id)
    pages = {a.id: r for r in results for a in r.articles}
    links = Links()
    n = len(articles)
    vectors, matrix = _vectors(articles, [archive_date(a, pages[a.id]) for a in articles], resources)
    transposed = matrix.T.tocsr()
    fingerprints: dict[int, set[int]] = {}

    def fingerprint(i: int) -> set[int]:
        if i not in fingerprints:
            fingerprints[i] = _sentence_fingerprints(articles[i].text)
        return fingerprints[i]

    for chunk_start in range(0, n, CHUNK):
        product = (matrix[chunk_start : chunk_start + CHUNK] @ transposed).tocsr()
        for row in range(product.shape[0]):
            index = chunk_start + row
            begin, finish = product.indptr[row], product.indptr[row + 1]
            others, scores = product.indices[begin:finish], product.data[begin:finish]
            keep = (others != index) & (scores >= TOPIC_THRESHOLD)
            others, scores = others[keep], scores[keep]
            # Best first; ties by article id (ids are sorted, so by index).
            order = np.lexsort((others, -np.round(scores, 9)))
            related: list[Related] = []
            duplicates: list[str] = []
            for rank, position in enumerate(order):
                other, score = int(others[position]), float(scores[position])
                # Copies of one story are the closest of all: only the best
                # few candidates are checked sentence by sentence.
                if score >= DUPLICATE_COSINE and rank < DUPLICATE_CANDIDATES and _near_duplicate(fingerprint(index), fingerprint(other)):
                    duplicates.append(articles[other].id)
                    continue
                if len(related) >= MAX_RELATED:
                    if score < DUPLICATE_COSINE or rank >= DUPLICATE_CANDIDATES:
                        break
                    continue
                mine, theirs = vectors[index], vectors[other]
                common = mine.keys() & theirs.keys()
                strong = score >= RELATED_THRESHOLD and len(common) >= MIN_SHARED
                if not strong and not _specific_topic(common, articles[index], articles[other], resources):
                    continue
                # Sorted only for the links kept (most candidates are not).
                shared = sorted(common, key=lambda key: (-mine[key] * theirs[key], key))
                related.append(Related(articles[other].id, round(score, 4), [key.split(":", 1)[1] for key in shared[:5]]))
            links.related[articles[index].id] = related
            if duplicates:
                links.duplicates[articles[index].id] = sorted(duplicates)
    _link_continuations(articles, pages, vectors, links)
    return links


def _specific_topic(shared: "Iterable[str]", one: Article, other: Article, resources: Resources) -> bool:
    """Whether the two share a specific topic word (碳中和; not a name and
    not a common word such as 产业链) among the main keywords of both
    (营商环境 mentioned in passing is not): reason enough to read one after
    the other, however different the rest of the two stories is."""
    for key in shared:
        if key.startswith("term:"):
            term = key[5:]
            central = all(term in article.annotation.keywords[:TOPIC_RANK] for article in (one, other))
            if central and idf_of(resources, term) >= SPECIFIC_TOPIC_IDF:
                return True
    return False


def _vectors(articles: list[Article], dates: list[str], resources: Resources) -> tuple[list[dict[str, float]], "sparse.csr_matrix"]:
    """Unit vectors of features weighted by archive IDF (as of each
    article's date, see :func:`statistics_as_of_date`), as dicts (to explain
    a link) and as one sparse matrix (to find links).  Features in too many
    articles are dropped as stopwords.  Features of one article only cannot
    match anything and are left out of the matrix, but they stay in the
    norm: they are what the article is about besides what it shares, and
    without them an article with few shared features (鹿角隧道: only
    发展改革委, 重大项目, 南岸区) would look like a close match to anything
    sharing those few."""
    n = len(articles)
    raw = [_features(a, resources) for a in articles]
    statistics = statistics_as_of_date(list(zip(dates, raw)))
    df: Counter[str] = Counter(key for features in raw for key in features)
    columns = {key: j for j, key in enumerate(sorted(k for k, count in df.items() if count > 1))}
    vectors: list[dict[str, float]] = []
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for i, (features, (seen, df_then)) in enumerate(zip(raw, statistics)):
        share = max(MAX_DF_SHARE, min(SMALL_ARCHIVE_DF_SHARE, 50 / seen))
        cap = max(3, int(share * seen))
        weighted = {k: w * math.log((seen + 1) / df_then[k]) for k, w in features.items() if df_then[k] <= cap}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        vector = {k: w / norm for k, w in weighted.items() if k in columns}
        vectors.append(vector)
        for key, weight in vector.items():
            rows.append(i)
            cols.append(columns[key])
            values.append(weight)
    # Imported here: scipy takes 0.2 s to import, and linking runs in a
    # forked process (pipeline._run) — the build does not wait for it.
    from scipy import sparse

    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(n, max(len(columns), 1)), dtype=np.float64)
    return vectors, matrix


_SENTENCE = re.compile(r"[^。！？!?；;\n]+")


def _sentence_fingerprints(text: str) -> set[int]:
    """Checksums of an article's sentences: a wire story printed on two
    pages shares most of them, two stories on one topic almost none."""
    return {zlib.crc32(s.strip().encode("utf-8")) for s in _SENTENCE.findall(text) if len(s.strip()) >= 8}


def _near_duplicate(a: set[int], b: set[int]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= DUPLICATE_JACCARD


def _page_number(value: str | None) -> str | None:
    if not value:
        return None
    match = re.search(r"[0-9０-９]+", value)
    return str(int(match.group(0).translate(str.maketrans("０１２３４５６７８９", "0123456789")))) if match else None


def _link_continuations(articles: list[Article], pages: dict, vectors: list[dict[str, float]], links: Links) -> None:
    """（上接01版） on page 2 of an issue continues an article on page 1 of the
    same issue that ends （下转02版） — or, without that marker, the article on
    page 1 closest in vocabulary."""
    index_of = {a.id: i for i, a in enumerate(articles)}
    by_issue: dict[tuple, list[Article]] = defaultdict(list)
    for article in articles:
        meta = pages[article.id].page.meta
        by_issue[(meta.paper, meta.date, _page_number(meta.page))].append(article)
    for article in articles:
        if not article.continued_from:
            continue
        meta = pages[article.id].page.meta
        if meta.date is None:
            continue
        source_page = _page_number(article.continued_from)
        candidates = by_issue.get((meta.paper, meta.date, source_page), [])
        here = _page_number(meta.page)
        marked = [c for c in candidates if here and _page_number(c.continues_to) == here]
        pool = marked or [c for c in candidates if not c.continued_from]
        if not pool:
            continue
        mine = vectors[index_of[article.id]]

        def closeness(candidate: Article) -> float:
            theirs = vectors[index_of[candidate.id]]
            return sum(w * theirs.get(k, 0.0) for k, w in mine.items())

        target = max(pool, key=lambda c: (closeness(c), c.id))
        links.continued_from[article.id] = target.id
        links.continued_in.setdefault(target.id, []).append(article.id)
