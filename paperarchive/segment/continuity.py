"""A model of continuity: does one piece of text go on in another?

Columns cut sentences anywhere, even mid-word (``…同时，产`` / ``业生态竞争…``),
and the rest may come after other whole articles.  Two kinds of evidence are
combined:

* the *boundary*: how the left piece ends (a comma or a bare character means
  the sentence goes on) and whether a dictionary word crosses the cut
  (``产|业`` → 产业, ``方|便快捷`` → 方便快捷), found by segmenting the few
  characters around the cut with jieba's dictionary (rjieba, no HMM, so no
  invented words);
* the *topic*: how much of one piece's distinctive vocabulary (Han character
  bigrams weighted by page-local IDF) the other piece shares.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..lexicon import base_tokenizer
from ..text import code_points
from . import patterns

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_WINDOW = 6  # characters each side of a cut given to the segmenter
_LEADING_CONTINUATION = re.compile(r"^[，,、。．.；;：:！!？?）)”’」』》〉]")


def segmenter():
    """The shared segmentation tokenizer (rjieba with the news terms)."""
    return base_tokenizer()


def crossing_word(left: str, right: str) -> str | None:
    """The dictionary word that spans the cut between ``left`` and ``right``,
    if segmenting the characters around the cut puts one there."""
    if not left or not right or not _HAN.match(left[-1]) or not _HAN.match(right[0]):
        return None
    tail, head = left[-_WINDOW:], right[:_WINDOW]
    position = 0
    for token in segmenter().cut(tail + head, hmm=False):
        end = position + len(token)
        if position < len(tail) < end:
            return token
        position = end
    return None


def boundary_score(left: str, right: str) -> float:
    """Evidence (log-odds-like, >0 means likely) that ``right`` continues the
    very sentence ``left`` stopped in."""
    if not left or not right:
        return -5.0
    if patterns.DATELINE.match(right) or patterns.standalone_byline(right):
        return -5.0  # a new article starts here
    score = 0.0
    if patterns.ends_sentence(left):
        score -= 2.0  # a paragraph may follow, but not the same sentence
    elif patterns.ends_open_clause(left):
        score += 1.5
    else:
        score += 0.5  # cut after a bare character or word
    if _LEADING_CONTINUATION.match(right):
        score += 2.0  # nothing starts a sentence with a comma or closing quote
    if crossing_word(left, right):
        score += 2.0
    return score


# Openers of a new paragraph: a quotation, a time or place adverbial, a
# connective, or a subject followed by a verb of saying.
_PARAGRAPH_OPENER = re.compile(
    r"^(?:[“\"「『]|(?:据悉|据了解|据介绍|目前|当前|近日|日前|近年来|今年以来|同时|此外|另外|其中|对此|与此同时|首先|其次|最后|一是|二是|三是|[0-9０-９]{1,4}年|[0-9０-９]{1,2}月|如今|当天|随后)[，,]?|[^，。,]{2,12}(?:表示|认为|指出|介绍|强调|说)[，,：:])"
)


def continuation_evidence(left: str, right: str) -> float:
    """Evidence that ``right`` continues ``left`` when the two are *not*
    adjacent (another article's text lies between them): only what the cut
    itself shows counts — a word across it, a sentence that cannot start
    there — since an unfinished sentence must go on somewhere, not here."""
    if patterns.ends_sentence(left) or patterns.DATELINE.match(right):
        return -5.0
    score = 0.5 if patterns.ends_open_clause(left) else 0.0
    if _LEADING_CONTINUATION.match(right):
        score += 2.0
    if crossing_word(left, right):
        score += 2.5
    if _PARAGRAPH_OPENER.match(right):
        score -= 1.0
    return score


# -- topic vectors -------------------------------------------------------------
#
# A page's paragraphs are compared with its articles many times over: each
# paragraph routed is scored against every article still open.  Vectors are
# numpy arrays over the page's own vocabulary of bigrams (a bigram is the
# number ``first << 21 | second``, found for all of a page's texts at once);
# as dictionaries keyed by strings they were half of all segmentation time.

_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))  # as _HAN: CJK extension A and unified ideographs
# 1 + log(n), the TF part of a weight, for the counts that occur (math.log,
# as before numpy: the same weights to the last bit).
_TF = np.array([0.0] + [1 + math.log(n) for n in range(1, 256)])


def _tf(counts: np.ndarray) -> np.ndarray:
    if len(counts) and counts.max() >= len(_TF):
        return np.where(counts < len(_TF), _TF[np.minimum(counts, len(_TF) - 1)], 1 + np.log(np.maximum(counts, 1)))
    return _TF[counts]


def _bigram_codes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every Han bigram of ``texts`` as a number, with the text it is in."""
    points, han, owners = code_points(texts, _HAN_RANGES)
    pair = han[:-1] & han[1:]
    return (points[:-1][pair] << 21) | points[1:][pair], owners[:-1][pair]


@dataclass(frozen=True)
class TopicVector:
    """A text's TF-IDF vector: bigram numbers in the page's vocabulary
    (ascending), their weights, and its norm."""

    ids: np.ndarray
    weights: np.ndarray
    norm: float


class TopicBag:
    """A growing text's TF-IDF vector, updated in place as paragraphs are
    added (recomputing it for every paragraph made routing quadratic):
    counts and weights for the whole vocabulary, as arrays."""

    def __init__(self, topics: "TopicIndex"):
        self._topics = topics
        size = topics.size
        self.counts = np.zeros(size, dtype=np.int64)
        self.weights = np.zeros(size)
        self.norm2 = 0.0

    def add(self, text: str) -> None:
        """Add a text's bigrams (counted once by the page's index)."""
        ids, added = self._topics.counts(text)
        if not len(ids):
            return
        if ids[-1] >= len(self.counts):  # bigrams first seen after this bag was made
            grow = self._topics.size - len(self.counts)
            self.counts = np.concatenate([self.counts, np.zeros(grow, dtype=np.int64)])
            self.weights = np.concatenate([self.weights, np.zeros(grow)])
        counts = self.counts[ids] + added
        self.counts[ids] = counts
        weights = _tf(counts) * self._topics.idf[ids]
        old = self.weights[ids]
        self.norm2 += float(weights @ weights - old @ old)
        self.weights[ids] = weights

    @property
    def norm(self) -> float:
        return math.sqrt(max(self.norm2, 0.0))


class TopicIndex:
    """Page-local vocabulary weights: a bigram that occurs in every paragraph
    of the page (发展, 重庆) says nothing about which article a paragraph
    belongs to; a rare one (碳税, 氢走廊) says a lot."""

    def __init__(self, texts: list[str]):
        distinct = list(dict.fromkeys(texts))
        codes, owners = _bigram_codes(distinct)
        # The inverse is each bigram's id.  Asked for alone, numpy 2's
        # unique hashes and then sorts, and a search for the ids came on
        # top: 0.8 ms a page against 0.1 (a tenth of segmentation).
        self._vocabulary, bigram_ids = np.unique(codes, return_inverse=True)
        self._later: dict[int, int] = {}  # bigrams first met in texts joined later: id by number
        size = len(self._vocabulary)
        # Each distinct text's counts: (text, bigram) pairs, sorted by text.
        pairs, counts = np.unique(owners * max(size, 1) + bigram_ids.reshape(-1), return_counts=True)
        owner, ids = np.divmod(pairs, max(size, 1))
        bounds = np.searchsorted(owner, np.arange(len(distinct) + 1))
        self._counts: dict[str, tuple[np.ndarray, np.ndarray]] = {
            text: (ids[bounds[i] : bounds[i + 1]], counts[bounds[i] : bounds[i + 1]]) for i, text in enumerate(distinct)
        }
        # Document frequency over ``texts`` as given (a repeated text counts
        # each time); IDF with math.log, once per distinct frequency.
        times = Counter(texts)
        repeats = np.array([times[text] for text in distinct], dtype=np.int64)
        df = np.bincount(ids, weights=repeats[owner], minlength=size).astype(np.int64)
        n = max(len(texts), 1)
        frequencies, where = np.unique(df, return_inverse=True)
        self._default = math.log(1 + n)
        self.idf = np.array([math.log(1 + n / f) if f else self._default for f in frequencies.tolist()])[where.reshape(-1)] if size else np.zeros(0)
        self._vectors: dict[str, TopicVector] = {}
        self._dense: dict[str, np.ndarray] = {}  # a text's weights by id (see cosine_to)

    @property
    def size(self) -> int:
        return len(self.idf)

    def counts(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """A text's bigram ids (ascending) and counts, computed once per
        text: each paragraph is counted for the page's IDF, its own vector
        and its article's."""
        found = self._counts.get(text)
        if found is None:
            codes, _ = _bigram_codes([text])
            found = self._counts[text] = self._ids(codes)
        return found

    def joined(self, texts: list[str]) -> str:
        """``"".join(texts)`` of texts the index was made from, with its
        counts found from theirs and the pairs across each join: a run of
        paragraphs is looked at under every headline (1,500 characters
        each, most of the bigrams a page has counted again)."""
        text = "".join(texts)
        if text in self._counts or any(part not in self._counts for part in texts):
            return text  # known already, or counted whole when asked for
        parts = [part for part in texts if part]
        ids = [self._counts[part][0] for part in parts]
        counts = [self._counts[part][1] for part in parts]
        # A bigram first met across a join gets its id as it would in the
        # whole text (in text order: the parts hold none that is new).
        crossing = [(ord(left[-1]) << 21) | ord(right[0]) for left, right in zip(parts, parts[1:]) if _HAN.match(left[-1]) and _HAN.match(right[0])]
        if crossing:
            found, times = self._ids(np.array(crossing, dtype=np.int64))
            ids.append(found)
            counts.append(times)
        if len(ids) == 1:
            self._counts[text] = (ids[0], counts[0])
        elif ids:
            self._counts[text] = np.unique(np.repeat(np.concatenate(ids), np.concatenate(counts)), return_counts=True)
        return text

    def _ids(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ids and counts of bigram numbers; a bigram not in any of the
        page's texts (a word rejoined across a cut) gets an id of its own,
        weighted as one found nowhere."""
        vocabulary = self._vocabulary
        positions = vocabulary.searchsorted(codes)  # the method: np.searchsorted's wrapper cost as much as the search
        known = positions < len(vocabulary)
        known[known] = vocabulary[positions[known]] == codes[known]
        if not known.all():
            later = self._later
            for code in dict.fromkeys(codes[~known].tolist()):
                if code not in later:
                    later[code] = len(vocabulary) + len(later)
            positions[~known] = [later[code] for code in codes[~known].tolist()]
            if len(self.idf) < len(vocabulary) + len(later):
                self.idf = np.concatenate([self.idf, np.full(len(vocabulary) + len(later) - len(self.idf), self._default)])
        return np.unique(positions, return_counts=True)

    def vector(self, text: str) -> TopicVector:
        """A text's TF-IDF vector, memoised: a paragraph is compared with
        every candidate article."""
        vector = self._vectors.get(text)
        if vector is None:
            ids, counts = self.counts(text)
            weights = _tf(counts) * self.idf[ids]
            vector = self._vectors[text] = TopicVector(ids, weights, math.sqrt(float(weights @ weights)))
        return vector

    @staticmethod
    def cosine_vectors(a: "TopicVector | TopicBag", b: "TopicVector | TopicBag") -> float:
        """Cosine of two vectors, either of them a growing :class:`TopicBag`."""
        if isinstance(a, TopicBag):
            a, b = b, a
        if not a.norm or not b.norm:
            return 0.0
        if isinstance(a, TopicBag):  # two bags: never asked for, but defined
            size = min(len(a.weights), len(b.weights))
            return float(a.weights[:size] @ b.weights[:size]) / (a.norm * b.norm)
        if isinstance(b, TopicBag):
            if a.ids[-1] < len(b.weights):  # the common case: no bigram newer than the bag
                return float(a.weights @ b.weights[a.ids]) / (a.norm * b.norm)
            inside = a.ids < len(b.weights)
            return float(a.weights[inside] @ b.weights[a.ids[inside]]) / (a.norm * b.norm)
        positions = b.ids.searchsorted(a.ids)
        positions[positions == len(b.ids)] = 0
        shared = b.ids[positions] == a.ids
        return float(a.weights[shared] @ b.weights[positions[shared]]) / (a.norm * b.norm)

    def cosine_to(self, vector: TopicVector, text: str) -> float:
        """``cosine_vectors(vector, self.vector(text))``, with the text's
        weights spread over the vocabulary once: a paragraph is compared
        with every open article's last one, which stays the same from one
        paragraph to the next (a lookup instead of a search, and the same
        products summed in the same order)."""
        other = self.vector(text)
        if not vector.norm or not other.norm:
            return 0.0
        dense = self._dense.get(text)
        if dense is None or vector.ids[-1] >= len(dense):
            dense = self._dense[text] = np.zeros(self.size)
            dense[other.ids] = other.weights
        found = dense[vector.ids]
        shared = found != 0  # every weight of a bigram a text holds is positive
        return float(vector.weights[shared] @ found[shared]) / (vector.norm * other.norm)

    def cosine(self, a: str, b: str) -> float:
        """TF-IDF cosine of two texts' bigram vectors (0–1)."""
        return self.cosine_vectors(self.vector(a), self.vector(b))

    def containment(self, part: str, whole: str) -> float:
        """Share of ``part``'s vocabulary (IDF-weighted) found in ``whole``."""
        grams, _ = self.counts(part)
        if not len(grams):
            return 0.0
        found, _ = self.counts(whole)
        weights = self.idf[grams]
        return float(weights[np.isin(grams, found, assume_unique=True)].sum() / weights.sum())
