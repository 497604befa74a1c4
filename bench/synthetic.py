"""Synthetic archives for benchmarks, composed from the sample pages.

Each synthetic story takes its sentences from one main sample article and
one other (topics overlap the way real coverage does), in a new order, and
replaces *every* person the annotation found with a newly made name, most
places with other places of the gazetteer, most organizations with made or
listed ones, and adds one or two topics (智慧物流, 数字文旅 …) that its
title and text are about.  So names are as rare as in a real paper (a
person is in one to a few stories), tags and related stories are not
degenerate, and no two stories share whole paragraphs.  Deterministic for a
given seed.

``synthetic_stories`` is the content; ``synthetic_results`` hands it to the
annotation, linking and search benchmarks as already segmented articles.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paperarchive.annotate import annotate  # noqa: E402
from paperarchive.annotate.resources import build_resources  # noqa: E402
from paperarchive.lexicon import package_text  # noqa: E402
from paperarchive.model import Accounting, Article, Element, PageMeta, PageResult, Role, SourcePage  # noqa: E402
from paperarchive.reader import load_manifest, read_page  # noqa: E402
from paperarchive.segment import segment_page  # noqa: E402
from paperarchive.segment.patterns import surnames  # noqa: E402

GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志文斌海燕玉晓东春梅红立新宏岚琳婷瑶鹏飞宇航浩然博睿思雨欣怡子涵嘉翔凯"
# Topics made of a modifier and a field: 8 × 16 = 128 compounds, each a
# plausible keyword that jieba does not know as one word.
TOPIC_MODIFIERS = ["智慧", "绿色", "数字", "低碳", "智能", "生态", "现代", "新型"]
TOPIC_FIELDS = ["物流", "农业", "文旅", "康养", "制造", "金融", "园区", "港口", "电网", "社区", "交通", "医疗", "教育", "水务", "仓储", "会展"]
TOPIC_SENTENCES = [
    "{place}将加快推进{topic}建设，打造一批{topic}示范项目。",
    "据了解，{topic}是{place}今年重点推进的工作之一。",
    "业内人士认为，{topic}发展正迎来新的机遇，{place}在{topic}领域已形成先发优势。",
    "下一步，{place}将完善{topic}配套政策，推动{topic}与实体经济深度融合。",
]
TITLES = ["{place}加快推进{topic}建设", "{place}{topic}项目集中开工", "{topic}为{place}发展注入新动能", "{place}：{topic}跑出加速度", "{person}：推动{topic}高质量发展"]
ORG_BODIES = ["科技局", "发展改革委", "经济信息委", "商务委", "农业农村委", "生态环境局", "交通局", "卫生健康委", "文化旅游委", "大数据发展局"]
ORG_KINDS = ["人民医院", "职业技术学院", "投资集团有限公司", "产业研究院", "供销合作社", "高新技术产业开发区管委会"]
COMPANY_WORDS = ["华创", "瑞丰", "长航", "渝新", "嘉禾", "天成", "博远", "宏达", "聚能", "恒信", "启明", "海川"]
MEDIA = {"新华社", "人民日报", "重庆日报", "中新社", "央视"}
_SENTENCE = re.compile(r"[^。！？]+[。！？]”?")
_DATELINE = re.compile(r"^(?:本报讯|据新华社[^（(]*电|新华社[^（(]*电)?[（(][^）)]*(?:记者|通讯员)[^）)]*[）)]")


@dataclass
class Story:
    """One synthetic article as the paper prints it."""

    title: str
    paragraphs: list[str]
    authors: list[str]
    kicker: str | None = None
    subtitle: str | None = None
    topics: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


@dataclass
class SyntheticPage:
    date: str
    page: str  # "01" …
    stories: list[Story]


def sample_articles() -> list[Article]:
    seeds = ROOT / "seeds"
    manifest, _ = load_manifest(seeds)
    return [a for p in sorted(seeds.glob("*.txt")) for a in segment_page(read_page(p, seeds, manifest)).articles]


def _words(name: str) -> list[str]:
    return [w for line in package_text(name).splitlines() if not line.startswith("#") for w in line.split()]


@dataclass
class _Source:
    article: Article
    sentences: list[str]
    people: list[str]  # surface forms in the text
    places: list[str]
    organizations: list[str]


def _sources() -> list[_Source]:
    articles = sample_articles()
    resources = build_resources()
    annotations = [annotate(a, resources, "重庆") for a in articles]
    sources = []
    for article, annotation in zip(articles, annotations):
        # A dateline (本报讯（记者 …）) opens one story only: not a sentence to reuse.
        sentences = [_DATELINE.sub("", s) for p in article.paragraphs for s in _SENTENCE.findall(p)]
        sentences = [s for s in sentences if len(s) > 12]
        if len(sentences) < 3:
            continue
        surface = {"person": set(), "place": set(), "organization": set()}
        for mention in annotation.mentions:
            surface[mention.kind].add(article.text[mention.start : mention.end])
        sources.append(_Source(article, sentences, sorted(surface["person"]), sorted(surface["place"]), sorted(surface["organization"] - MEDIA)))
    return sources


class _Vocabulary:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.family = sorted(surnames())
        self.places = [p for p in _words("places.txt") if "（" not in p and "(" not in p]
        self.districts = [p for p in self.places if p.endswith(("区", "县", "市"))]
        self.organizations = [o for o in _words("organizations.txt") if o not in MEDIA]

    def person(self) -> str:
        return self.rng.choice(self.family) + "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2, 2))))

    def place(self) -> str:
        return self.rng.choice(self.places)

    def organization(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.3:
            return rng.choice(self.organizations)
        if kind < 0.6:
            return rng.choice(self.districts) + rng.choice(ORG_BODIES)
        if kind < 0.8:
            return rng.choice(self.districts) + rng.choice(ORG_KINDS)
        return "重庆" + rng.choice(COMPANY_WORDS) + rng.choice(TOPIC_FIELDS) + "科技有限公司"

    def topic(self) -> str:
        return self.rng.choice(TOPIC_MODIFIERS) + self.rng.choice(TOPIC_FIELDS)


def _replace_all(text: str, swaps: dict[str, str]) -> str:
    """Replace every key at once (longest first), so a new name that
    contains an old one is never replaced again."""
    if not swaps:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(swaps, key=len, reverse=True)))
    return pattern.sub(lambda m: swaps[m.group(0)], text)


_NUMBER = re.compile(r"[0-9]+(?=(月|日|年)?)")


def _renumber(text: str, rng: random.Random) -> str:
    """New numbers, keeping months, days and years plausible."""
    ranges = {"月": (1, 12), "日": (1, 28), "年": (2000, 2030)}
    return _NUMBER.sub(lambda m: str(rng.randint(*ranges.get(m.group(1), (2, 999)))), text)


def _story(main: _Source, sources: list[_Source], vocabulary: _Vocabulary, rng: random.Random, chars: int) -> Story:
    other = rng.choice([s for s in sources if s is not main])
    swaps: dict[str, str] = {}
    for source in (main, other):
        for name in source.people:
            swaps[name] = vocabulary.person()
        for name in source.places:
            if rng.random() < 0.7:
                swaps[name] = vocabulary.place()
        for name in source.organizations:
            if rng.random() < 0.8:
                swaps[name] = vocabulary.organization()
    topics = [vocabulary.topic() for _ in range(rng.choice((1, 2)))]
    place = vocabulary.place()
    pool = main.sentences * 3 + other.sentences
    body: list[str] = []
    paragraph = ""
    while sum(len(p) for p in body) + len(paragraph) < chars:
        if rng.random() < 0.12:
            sentence = rng.choice(TOPIC_SENTENCES).format(place=place, topic=rng.choice(topics))
        else:
            sentence = _replace_all(rng.choice(pool), swaps)
            sentence = _renumber(sentence, rng)
        paragraph += sentence
        if len(paragraph) > rng.randint(80, 260):
            body.append(paragraph)
            paragraph = ""
    if paragraph:
        body.append(paragraph)
    people = [swaps[name] for name in main.people + other.people]
    if rng.random() < 0.5:
        template = rng.choice(TITLES if people else TITLES[:-1])
        title = template.format(place=place, topic=topics[0], person=people[0] if people else "")
    else:
        title = _replace_all(main.article.title, swaps)
    kicker = _replace_all(main.article.kicker, swaps) if main.article.kicker else None
    subtitle = _replace_all(main.article.subtitle, swaps) if main.article.subtitle else None
    return Story(title, body, [vocabulary.person()], kicker, subtitle, topics, people)


def synthetic_stories(count: int, seed: int = 7, chars: int = 1500, per_page: int = 8, pages_per_day: int = 2, start: str = "2015-01-01") -> list[SyntheticPage]:
    """``count`` stories of about ``chars`` characters, ``per_page`` to a
    page and ``pages_per_day`` pages a day, from ``start`` on (10,000
    stories span about two years, 36,000 about six)."""
    import datetime as dt

    rng = random.Random(seed)
    sources = _sources()
    vocabulary = _Vocabulary(rng)
    pages: list[SyntheticPage] = []
    day = dt.date.fromisoformat(start)
    made = 0
    while made < count:
        for number in range(1, pages_per_day + 1):
            # Stories of one page come from different sample articles: a
            # paper does not print two stories on one topic side by side.
            mains = rng.sample(sources, min(per_page, count - made))
            stories = [_story(main, sources, vocabulary, rng, chars) for main in mains]
            made += len(stories)
            if stories:
                pages.append(SyntheticPage(day.isoformat(), f"{number:02d}", stories))
        day += dt.timedelta(days=1)
    return pages


def synthetic_results(count: int, seed: int = 7, chars: int = 1500) -> list[PageResult]:
    """The stories as segmented pages (no page text: for the stages after
    segmentation)."""
    results: list[PageResult] = []
    for number, page in enumerate(synthetic_stories(count, seed, chars)):
        meta = PageMeta(key=f"syn{number:06d}", paper="合成日报", date=page.date, date_source="manifest", page=page.page)
        source = SourcePage(Path(f"syn/{number}.txt"), f"syn/{number}.txt", "", "utf-8", meta)
        articles = []
        for order, story in enumerate(page.stories):
            article = Article(
                id=f"{meta.key}-{order:04x}", page_key=meta.key, kind="article", title=story.title,
                kicker=story.kicker, subtitle=story.subtitle, authors=story.authors,
            )
            article.elements = [Element(Role.BODY, text, []) for text in story.paragraphs]
            article.order = order
            articles.append(article)
        results.append(PageResult(page=source, articles=articles, furniture=[], residue=[], accounting=Accounting()))
    return results


# -- page files: the stories printed in the layouts of the samples -------------

LAYOUTS = ("blank-line", "hard-wrap", "ocr-marks", "half-width")


def _byline(story: Story, rng: random.Random) -> tuple[str | None, str | None, str | None]:
    """(a byline line above the text, a dateline to start it, a sign-off
    after it) — the shapes bylines take in the samples."""
    name = story.authors[0]
    shape = rng.random()
    if shape < 0.4:
        return f"□本报记者 {name}", None, None
    if shape < 0.8:
        return None, f"本报讯（记者 {name}）", None
    return None, None, f"（记者 {name}）"


def _wrap(paragraph: str, width: int) -> list[str]:
    """Hard wraps every ``width`` characters, cutting words as e-paper
    extraction does."""
    return [paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""]


def _halfwidth(text: str) -> str:
    return text.translate(str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}))


def page_text(page: SyntheticPage, rng: random.Random) -> str:
    """One page of stories in one of the samples' layouts; a third of the
    pages carry a column flow: the first story is cut mid-sentence and
    resumed after the second."""
    layout = rng.choice(LAYOUTS)
    width = rng.choice((19, 20, 21, 22, 24))
    blocks: list[list[str]] = []  # each block: its lines; blocks are separated by blank lines

    def deck_lines(story: Story) -> list[list[str]]:
        lines = []
        for level, text in (("##", story.kicker), ("#", story.title), ("###", story.subtitle)):
            if text:
                lines.append([f"{level} {text}" if layout == "ocr-marks" else text])
        return lines

    def body_blocks(paragraphs: list[str]) -> list[list[str]]:
        if layout == "hard-wrap":
            return [_wrap(p, width) for p in paragraphs]
        return [[p] for p in paragraphs]

    stories = list(page.stories)
    flow = len(stories) >= 2 and rng.random() < 0.33
    printed: list[tuple[list[list[str]], list[list[str]]]] = []  # (deck, body) per story
    for story in stories:
        above, dateline, signoff = _byline(story, rng)
        paragraphs = list(story.paragraphs)
        if dateline:
            paragraphs[0] = dateline + paragraphs[0]
        if signoff:
            paragraphs[-1] += signoff
        deck = deck_lines(story) + ([[above]] if above else [])
        printed.append((deck, paragraphs))
    if flow:
        (deck, paragraphs), second = printed[0], printed[1]
        cut_paragraph = paragraphs[0]
        cut = max(6, min(len(cut_paragraph) - 6, len(cut_paragraph) // 2))
        head, tail = cut_paragraph[:cut], cut_paragraph[cut:]
        blocks += deck + body_blocks([head])
        blocks += second[0] + body_blocks(second[1])
        blocks += body_blocks([tail] + paragraphs[1:])
        rest = printed[2:]
    else:
        rest = printed
    for deck, paragraphs in rest:
        blocks += deck + body_blocks(paragraphs)
    text = "\n\n".join("\n".join(lines) for lines in blocks) + "\n"
    return _halfwidth(text) if layout == "half-width" else text


def write_archive(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Page files for ``count`` synthetic stories in ``folder``, named
    ``合成日报_<date>_<page>.txt`` (dates come from the file names), with a
    ``pages.yml``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pages.yml").write_text("defaults:\n  paper: 合成日报\n  city: 重庆\n", encoding="utf-8")
    return _write_pages(folder, synthetic_stories(count, seed), random.Random(seed + 1))


def write_next_day(folder: Path, pages: int = 12, seed: int = 7) -> list[Path]:
    """One more day of a daily paper after the last day in ``folder``:
    ``pages`` pages of eight stories (about a hundred articles), as an
    editor adds them."""
    import datetime as dt

    last = max(p.name.split("_")[1] for p in folder.glob("合成日报_*.txt"))
    start = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()
    return _write_pages(folder, synthetic_stories(pages * 8, seed + 1000, pages_per_day=pages, start=start), random.Random(seed + 1001))


def _write_pages(folder: Path, pages: list[SyntheticPage], rng: random.Random) -> list[Path]:
    written = []
    for page in pages:
        path = folder / f"合成日报_{page.date}_{page.page}.txt"
        path.write_text(page_text(page, rng), encoding="utf-8")
        written.append(path)
    return written
