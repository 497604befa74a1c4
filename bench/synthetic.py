"""Synthetic articles for benchmarks, composed from the sample pages.

Each article mixes paragraphs of two or three sample articles (so topics
overlap the way real coverage does) and swaps names for others drawn from the
gazetteers and from generated person names, so that vocabulary, tags and
related stories are not degenerate.  Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paperarchive.lexicon import package_text  # noqa: E402
from paperarchive.model import Accounting, Article, Element, PageMeta, PageResult, Role, SourcePage  # noqa: E402
from paperarchive.reader import load_manifest, read_page  # noqa: E402
from paperarchive.segment import segment_page  # noqa: E402
from paperarchive.segment.patterns import surnames  # noqa: E402

GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强文斌海燕玉兰晓东春梅红梅立新建华宏伟"


def sample_articles() -> list[Article]:
    seeds = ROOT / "seeds"
    manifest, _ = load_manifest(seeds)
    return [a for p in sorted(seeds.glob("*.txt")) for a in segment_page(read_page(p, seeds, manifest)).articles]


def _words(name: str) -> list[str]:
    return [w for line in package_text(name).splitlines() if not line.startswith("#") for w in line.split()]


_SENTENCE = re.compile(r"[^。！？]+[。！？]”?")


def synthetic_results(count: int, seed: int = 7, chars: int = 1500) -> list[PageResult]:
    """``count`` articles of about ``chars`` characters, ten per page, pages
    spread over dates of several years.  Each article takes its sentences
    from one main sample article and one other (topics overlap the way real
    coverage does), in a new order, with its people, places, organizations
    and numbers swapped — so no two articles share whole paragraphs."""
    rng = random.Random(seed)
    sources = sample_articles()
    sentences = {a.id: [s for p in a.paragraphs for s in _SENTENCE.findall(p) if len(s) > 12] for a in sources}
    sources = [a for a in sources if len(sentences[a.id]) >= 3]
    people = sorted({n for a in sources for n in re.findall(r"[\u4e00-\u9fff]{2,3}(?=表示|认为|说)", a.text)})
    places = _words("places.txt")
    organizations = _words("organizations.txt")
    family = sorted(surnames())
    results: list[PageResult] = []
    for page_number in range(0, count, 10):
        day = page_number // 10
        date = f"{2015 + day // 336:04d}-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}"
        meta = PageMeta(key=f"syn{page_number // 10:06d}", paper="合成日报", date=date, date_source="manifest", page=f"{1 + (page_number // 10) % 8:02d}")
        page = SourcePage(Path(f"syn/{page_number}.txt"), f"syn/{page_number}.txt", "", "utf-8", meta)
        articles = []
        for n in range(page_number, min(page_number + 10, count)):
            main, other = rng.sample(sources, 2)
            pool = sentences[main.id] * 3 + sentences[other.id]
            swaps = {old: rng.choice(family) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))) for old in rng.sample(people, min(3, len(people)))}
            swaps.update({old: rng.choice(places) for old in rng.sample(["重庆", "成都", "江北嘴", "南岸区", "四川", "江津区", "两江新区"], 3)})
            for old in rng.sample(["市药监局", "市发展改革委", "市财政局", "市经信委", "中国科学院"], 2):
                swaps[old] = rng.choice(organizations)
            body: list[str] = []
            paragraph = ""
            while sum(len(p) for p in body) + len(paragraph) < chars:
                sentence = rng.choice(pool)
                for old, new in swaps.items():
                    sentence = sentence.replace(old, new)
                sentence = re.sub(r"[0-9]+", lambda m: str(rng.randint(2, 999)), sentence)
                paragraph += sentence
                if len(paragraph) > rng.randint(80, 260):
                    body.append(paragraph)
                    paragraph = ""
            if paragraph:
                body.append(paragraph)
            article = Article(id=f"{meta.key}-{n:08x}", page_key=meta.key, kind="article", title=main.title, authors=[rng.choice(family) + rng.choice(GIVEN)])
            article.elements = [Element(Role.BODY, text, []) for text in body]
            article.order = n - page_number
            articles.append(article)
        results.append(PageResult(page=page, articles=articles, furniture=[], residue=[], accounting=Accounting()))
    return results
