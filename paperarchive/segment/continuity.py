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

from ..lexicon import base_tokenizer
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


_HAN_PAIRS = re.compile(r"(?=([\u3400-\u4dbf\u4e00-\u9fff]{2}))")  # overlapping, found in C


def bigram_list(text: str) -> list[str]:
    """Han character bigrams, in order (within runs of Han characters)."""
    return _HAN_PAIRS.findall(text)


# 1 + log(n), the TF part of a weight, for the counts that occur most.
_TF = [0.0] + [1 + math.log(n) for n in range(1, 256)]


def _tf(count: int) -> float:
    return _TF[count] if count < 256 else 1 + math.log(count)


# Openers of a new paragraph: a quotation, a time or place adverbial, a
# connective, or a subject followed by a verb of saying.
_PARAGRAPH_OPENER = re.compile(
    r"^(?:[“\"「『]|(?:据悉|据了解|据介绍|目前|当前|近日|日前|近年来|今年以来|同时|此外|另外|其中|对此|与此同时|首先|其次|最后|一是|二是|三是|[0-9０-９]{1,4}年|[0-9０-９]{1,2}月|如今|当天|随后)[，,]?|[^，。,]{2,12}(?:表示|认为|指出|介绍|强调|说)[，,：:])"
)


class TopicBag:
    """A growing text's TF-IDF vector, updated in place as paragraphs are
    added (recomputing it for every paragraph made routing quadratic)."""

    def __init__(self, topics: "TopicIndex"):
        self._topics = topics
        self.counts: Counter = Counter()
        self.weights: dict[str, float] = {}
        self._norm2 = 0.0

    def add(self, text: str) -> None:
        """Add a text's bigrams (counted once by the page's index)."""
        counts, weights, idf, default = self.counts, self.weights, self._topics._idf, self._topics._default
        norm2, tf = self._norm2, _TF  # _tf inlined: this loop runs for every bigram of a page
        for gram, added in self._topics.counts(text).items():
            count = counts[gram] + added
            counts[gram] = count
            weight = (tf[count] if count < 256 else 1 + math.log(count)) * idf.get(gram, default)
            old = weights.get(gram, 0.0)
            weights[gram] = weight
            norm2 += weight * weight - old * old
        self._norm2 = norm2

    def vector(self) -> tuple[dict[str, float], float]:
        return self.weights, math.sqrt(max(self._norm2, 0.0))


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


def bigrams(text: str) -> set[str]:
    return set(bigram_list(text))


class TopicIndex:
    """Page-local vocabulary weights: a bigram that occurs in every paragraph
    of the page (发展, 重庆) says nothing about which article a paragraph
    belongs to; a rare one (碳税, 氢走廊) says a lot."""

    def __init__(self, texts: list[str]):
        self._counts: dict[str, Counter] = {}
        df: Counter = Counter()
        for text in texts:
            df.update(self.counts(text).keys())
        n = max(len(texts), 1)
        self._idf = {gram: math.log(1 + n / count) for gram, count in df.items()}
        self._default = math.log(1 + n)

    def counts(self, text: str) -> Counter:
        """A text's bigram counts, computed once per text: each paragraph is
        counted for the page's IDF, its own vector and its article's."""
        counts = self._counts.get(text)
        if counts is None:
            counts = self._counts[text] = Counter(bigram_list(text))
        return counts

    def weight(self, gram: str) -> float:
        return self._idf.get(gram, self._default)

    def vector(self, counts: Counter) -> tuple[dict[str, float], float]:
        """TF-IDF weights of bigram counts, with the vector's norm."""
        idf, default, tf = self._idf, self._default, _TF
        vector = {g: (tf[n] if n < 256 else 1 + math.log(n)) * idf.get(g, default) for g, n in counts.items() if n > 0}
        return vector, math.sqrt(sum([w * w for w in vector.values()]))

    @staticmethod
    def cosine_vectors(a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
        (va, na), (vb, nb) = a, b
        if not na or not nb:
            return 0.0
        if len(va) > len(vb):
            va, vb = vb, va
        get = vb.get
        return sum([w * get(g, 0.0) for g, w in va.items()]) / (na * nb)

    def cosine(self, a: str, b: str) -> float:
        """TF-IDF cosine of two texts' bigram vectors (0–1)."""
        return self.cosine_vectors(self.vector(Counter(bigram_list(a))), self.vector(Counter(bigram_list(b))))

    def containment(self, part: str, whole: str) -> float:
        """Share of ``part``'s vocabulary (IDF-weighted) found in ``whole``."""
        grams = bigrams(part)
        if not grams:
            return 0.0
        found = bigrams(whole)
        total = sum(self.weight(g) for g in grams)
        return sum(self.weight(g) for g in grams if g in found) / total
