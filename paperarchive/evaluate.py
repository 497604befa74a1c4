"""Score segmentation against hand annotations.

A gold file (``tests/gold/*.yml``) lists a page's articles with their deck,
authors and body as line ranges in reading order.  Scores:

* **B-cubed F1** over body characters (non-whitespace, OCR marks excluded):
  for each character, precision and recall of the article it was put in
  against the article it belongs to;
* **exact articles**: predicted articles whose body characters equal a gold
  article's;
* **titles**: gold titles reproduced (after punctuation-width normalisation);
  a gold ``title: null`` expects a derived title;
* **fragment order**: multi-fragment gold articles whose fragments the
  prediction keeps in reading order;
* **lost**: gold body characters in no predicted article.

Usage: ``python -m paperarchive.evaluate [--gold tests/gold] [--seeds seeds]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import PageResult
from .reader import load_manifest, read_page
from .segment import segment_page
from .text import normalize_punctuation

_MARK = re.compile(r"[ \t\u3000]*#{1,6}[ \t\u3000]+")  # used with match(text, pos)


@dataclass
class GoldArticle:
    title: str | None
    ranges: list[tuple[int, int]]
    fields: dict


@dataclass
class PageScore:
    file: str
    gold_articles: int
    predicted_articles: int
    precision: float
    recall: float
    exact: int
    titles_right: int
    titles_total: int
    multi_fragment: int
    order_right: int
    lost: int
    field_errors: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _line_offsets(text: str) -> list[tuple[int, int]]:
    offsets, start = [], 0
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        if not match.group(0):
            break
        offsets.append((match.start(), match.start() + len(match.group(0).rstrip("\r\n"))))
    return offsets


def _parse_range(item) -> tuple[int, int]:
    if isinstance(item, int):
        return item, item
    first, _, last = str(item).partition("-")
    return int(first), int(last or first)


def load_gold(path: Path) -> tuple[str, list[GoldArticle]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    articles = [
        GoldArticle(entry.get("title"), [_parse_range(r) for r in entry["lines"]], {k: v for k, v in entry.items() if k not in ("title", "lines")})
        for entry in data["articles"]
    ]
    return data["file"], articles


def _gold_chars(text: str, ranges: list[tuple[int, int]]) -> list[int]:
    lines = _line_offsets(text)
    chars: list[int] = []
    for first, last in ranges:
        for number in range(first, last + 1):
            start, end = lines[number - 1]
            mark = _MARK.match(text, start, end)
            begin = mark.end() if mark else start
            chars.extend(i for i in range(begin, end) if not text[i].isspace())
    return chars


def _norm(title: str | None) -> str:
    return re.sub(r"\s+", "", normalize_punctuation(title or ""))


def gold_fragments(text: str, gold: list[GoldArticle]) -> list[list[list[int]]]:
    """Each gold article's body characters, one list per fragment (line range)."""
    return [[_gold_chars(text, [rng]) for rng in article.ranges] for article in gold]


def score_page(result: PageResult, gold: list[GoldArticle], fragments: list[list[list[int]]] | None = None) -> PageScore:
    """Score one page.  ``fragments`` (from :func:`gold_fragments`) may be
    given for a relaid-out copy of the page whose characters moved."""
    text = result.page.text
    if fragments is None:
        fragments = gold_fragments(text, gold)
    gold_of: dict[int, int] = {}
    gold_sets: list[set[int]] = []
    gold_ranges_of: list[dict[int, int]] = []
    for g, parts in enumerate(fragments):
        gold_sets.append({c for part in parts for c in part})
        gold_ranges_of.append({c: r for r, part in enumerate(parts) for c in part})
        for c in gold_sets[-1]:
            gold_of[c] = g
    pred_of: dict[int, int] = {}
    pred_sets: list[set[int]] = []
    for p, article in enumerate(result.articles):
        chars = {i for s in article.spans for i in range(s.start, s.end) if not text[i].isspace() and not _is_mark(text, i)}
        pred_sets.append(chars)
        for c in chars:
            pred_of[c] = p
    universe = set(gold_of) | set(pred_of)
    gold_size = Counter(gold_of.values())
    pred_size = Counter(pred_of.values())
    overlap: Counter = Counter((gold_of.get(c), pred_of.get(c)) for c in universe if c in gold_of and c in pred_of)
    precision = recall = 0.0
    for c in universe:
        g, p = gold_of.get(c), pred_of.get(c)
        both = overlap[(g, p)] if g is not None and p is not None else 1
        precision += both / (pred_size[p] if p is not None else 1)
        recall += both / (gold_size[g] if g is not None else 1)
    n = len(universe) or 1
    # Match each gold article to the predicted article holding most of it.
    matches: dict[int, int | None] = {}
    for g, chars in enumerate(gold_sets):
        votes = Counter(pred_of[c] for c in chars if c in pred_of)
        matches[g] = votes.most_common(1)[0][0] if votes else None
    exact = sum(1 for g, p in matches.items() if p is not None and pred_sets[p] == gold_sets[g])
    titles_right = 0
    field_errors: list[str] = []
    multi = order_right = 0
    for g, article in enumerate(gold):
        p = matches[g]
        predicted = result.articles[p] if p is not None else None
        if predicted is not None:
            if article.title is None:
                titles_right += predicted.title_derived
            else:
                titles_right += (not predicted.title_derived) and _norm(predicted.title) == _norm(article.title)
            for key, expected in article.fields.items():
                actual = _field(predicted, key)
                if key in ("kicker", "subtitle"):
                    same = _norm(actual) == _norm(expected)
                else:
                    same = actual == expected
                if not same:
                    field_errors.append(f"{article.title or article.ranges}: {key} = {actual!r}, expected {expected!r}")
        if len(article.ranges) > 1:
            multi += 1
            if predicted is not None:
                sequence = [gold_ranges_of[g][i] for s in predicted.spans for i in range(s.start, s.end) if i in gold_ranges_of[g]]
                order_right += sequence == sorted(sequence) and len(set(sequence)) == len(article.ranges)
    lost = sum(1 for c in gold_of if c not in pred_of)
    return PageScore(
        file=result.page.rel_path,
        gold_articles=len(gold),
        predicted_articles=len(result.articles),
        precision=precision / n,
        recall=recall / n,
        exact=exact,
        titles_right=titles_right,
        titles_total=len(gold),
        multi_fragment=multi,
        order_right=order_right,
        lost=lost,
        field_errors=field_errors,
    )


def _is_mark(text: str, i: int) -> bool:
    if text[i] != "#":
        return False
    line_start = text.rfind("\n", 0, i) + 1
    mark = _MARK.match(text, line_start)
    return bool(mark and i < mark.end())


def _field(article, key: str):
    if key == "sections":
        return sum(1 for e in article.elements if e.role.value == "section_head")
    return getattr(article, key)


@dataclass
class Summary:
    pages: list[PageScore]

    def total(self, attr: str) -> int:
        return sum(getattr(p, attr) for p in self.pages)

    @property
    def f1(self) -> float:
        # Character-weighted over pages is what B-cubed means; pages are of
        # similar size, so the mean of page scores is reported.
        return sum(p.f1 for p in self.pages) / len(self.pages) if self.pages else 0.0

    def lines(self) -> list[str]:
        out = []
        for p in self.pages:
            out.append(
                f"{p.file}: F1 {p.f1:.4f} (P {p.precision:.4f} R {p.recall:.4f}), articles {p.predicted_articles}/{p.gold_articles}, "
                f"exact {p.exact}, titles {p.titles_right}/{p.titles_total}, order {p.order_right}/{p.multi_fragment}, lost {p.lost}"
            )
            out += [f"    {e}" for e in p.field_errors]
        out.append(
            f"ALL: B-cubed F1 {self.f1:.4f}; exact articles {self.total('exact')}/{self.total('gold_articles')}; "
            f"titles {self.total('titles_right')}/{self.total('titles_total')}; fragment order {self.total('order_right')}/{self.total('multi_fragment')}; "
            f"characters lost {self.total('lost')}; field mismatches {sum(len(p.field_errors) for p in self.pages)}"
        )
        return out


def evaluate(gold_dir: Path, seeds: Path) -> Summary:
    manifest, _ = load_manifest(seeds)
    scores = []
    for path in sorted(gold_dir.glob("[0-9]*.yml")):
        file, gold = load_gold(path)
        result = segment_page(read_page(seeds / file, seeds, manifest))
        scores.append(score_page(result, gold))
    return Summary(scores)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=Path("tests/gold"))
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--tags", action="store_true", help="score people, places, organizations and keywords instead")
    parser.add_argument("--verbose", action="store_true", help="list every miss and every wrong tag")
    args = parser.parse_args(argv)
    if args.tags:
        scores, keyword_hits = evaluate_tags(args.gold / "entities.yml", args.seeds)
        print("\n".join(tag_report(scores, keyword_hits, args.verbose)))
        return 0
    summary = evaluate(args.gold, args.seeds)
    print("\n".join(summary.lines()))
    return 0



# -- tags ----------------------------------------------------------------------------

TAG_KINDS = ("people", "places", "organizations")


@dataclass
class TagScore:
    kind: str
    true_positive: int = 0
    predicted: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.expected if self.expected else 1.0


def evaluate_tags(gold_file: Path, seeds: Path) -> tuple[dict[str, TagScore], tuple[int, int]]:
    """Precision/recall of people, places, organizations and the share of
    expected keywords found, over the hand-annotated sample articles."""
    from .pipeline import annotate_all, load_resources, segment_all

    results, _ = segment_all(seeds)
    annotate_all(results, load_resources(seeds)[0])
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))["articles"]
    scores = {kind: TagScore(kind) for kind in TAG_KINDS}
    hits = total = 0
    for entry in gold:
        file_prefix, title = str(entry["file"]).zfill(3), entry["title"]
        matches = [a for r in results if r.page.rel_path.startswith(file_prefix) for a in r.articles if a.title.startswith(title)]
        if len(matches) != 1:
            raise ValueError(f"gold entry {file_prefix} {title!r} matches {len(matches)} articles")
        annotation = matches[0].annotation
        for kind in TAG_KINDS:
            expected, predicted = set(entry.get(kind) or []), set(getattr(annotation, kind))
            score = scores[kind]
            score.true_positive += len(expected & predicted)
            score.expected += len(expected)
            score.predicted += len(predicted)
            score.misses += [f"{title}: {x}" for x in sorted(expected - predicted)]
            score.wrong += [f"{title}: {x}" for x in sorted(predicted - expected)]
        keywords = set(annotation.keywords)
        for keyword in entry.get("keywords") or []:
            total += 1
            hits += keyword in keywords
    return scores, (hits, total)


def tag_report(scores: dict[str, TagScore], keyword_hits: tuple[int, int], verbose: bool = False) -> list[str]:
    lines = []
    for kind, score in scores.items():
        lines.append(f"{kind}: P {score.precision:.3f} R {score.recall:.3f} ({score.true_positive} right, {score.predicted} tagged, {score.expected} expected)")
        if verbose:
            lines += [f"    missed {m}" for m in score.misses] + [f"    wrong  {w}" for w in score.wrong]
    hits, total = keyword_hits
    lines.append(f"keywords: {hits}/{total} expected tags found")
    return lines


if __name__ == "__main__":
    sys.exit(main())
