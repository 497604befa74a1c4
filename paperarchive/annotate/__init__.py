"""Stage 4 — annotate: keyword candidates, people, places, organizations.

Works on an article's clean text (never the raw page: hard wraps and ``#``
marks break words).  Raw part-of-speech tags are only candidates: a person
needs a title before the name (院长金之钧) or a verb of saying after it
(金之钧表示) or a place in a list with such a name; a place comes from the
gazetteer or carries an administrative suffix; an organization comes from
the gazetteer, from jieba's institution tag, or is built leftwards from a
suffix (…局, …委, …公司, …大学, …实验室) over the nouns before it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate

from ..model import Annotation, Article, Mention
from ..segment import patterns
from .resources import Resources, idf_of, log_tf

_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff·]+$")
_HAS_DIGIT = re.compile(r"[0-9０-９]")
KEYWORD_TAGS = frozenset({"n", "nz", "vn", "nt", "eng", "nw"})
PHRASE_TAGS = frozenset({"n", "nz", "vn", "s", "ng", "j"})  # nouns only: verb phrases (才能促进) are not topics
# Tags that may stand inside an organization name built from its suffix.
ORG_NAME_TAGS = frozenset({"n", "nz", "ns", "nt", "vn", "j", "nr", "nrt", "nrfg", "eng", "an", "f", "b", "nw", "s", "t", "ng", "c"})
PROPER_TAGS = frozenset({"ns", "nt", "nr", "nrt", "nrfg", "nz", "j", "eng"})
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "nrj"})
_LEADING_FUNCTION_CHARS = frozenset("由向对被让和与据经为")
_TIME_WORDS = frozenset({"赛后", "会上", "日前", "近日", "昨天", "今天", "当天", "随后", "此前", "会后", "现场", "也", "还", "则"})
_HONORIFIC = re.compile(r"^.{1,2}(?:女士|先生|某某|某|老师|师傅|阿姨|大爷|同学)$")
SHORT_NOUN_TAGS = frozenset({"n", "nz", "ng", "j"})
RARE_IDF = 9.5  # a word rarer than this in jieba's corpus is likely a name (中元, 渝康)
ORG_NAME_STOPS = frozenset({"全市", "全区", "全国", "各", "该", "本", "相关", "有关", "多个", "一批", "我们", "该企业", "企业", "成立", "开展", "专业", "各类", "其他", "等", "会同", "联合", "携手", "牵头", "同", "与", "及", "由", "向", "对", "打造", "共建", "建设", "推动", "今年", "去年", "目前", "当前", "近日", "日前", "此前", "以来", "或", "并", "全国性", "领导", "班子", "依托", "支持", "配合", "市级", "区级", "省级", "国家级"})
COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司", "集团", "科技")
# Generic words before a place suffix do not make a place (都市区, 核心区).
_GENERIC_PLACE_STEMS = ("都市", "主城", "城", "市", "郊", "片", "园", "社", "小", "景", "辖", "核心", "示范", "试验", "开发", "保税", "功能", "先行", "老城", "各", "全", "本", "该", "外", "省")
MAX_ORG_CHARS = 24


# A token: (text, POS tag, start, end) — a plain tuple, read by these
# indexes.  An article has ~1,000; made as a NamedTuple each cost four
# times what jieba took to find it (tuple.__new__ per token: 0.7 s of 3.5 s
# for 2,138 articles), made by zip they cost nothing.
Token = tuple[str, str, int, int]
TEXT, TAG, START, END = 0, 1, 2, 3


def tokenize(text: str, resources: Resources) -> list[Token]:
    """POS-tagged tokens with offsets.  Gazetteer names that jieba cannot
    keep whole (西部（重庆）科学城: brackets end a word for jieba) are matched
    first and stay one token."""
    tokens: list[Token] = []
    position = 0
    pieces: list[tuple[int, int, str | None]] = []
    if resources.protected is not None:
        for match in resources.protected.finditer(text):
            pieces.append((position, match.start(), None))
            pieces.append((match.start(), match.end(), resources.protected_kind[match.group(0)]))
            position = match.end()
    pieces.append((position, len(text), None))
    tag_of_kind = {"place": "ns", "organization": "nt", "person": "nr"}
    for start, end, kind in pieces:
        if start >= end:
            continue
        if kind:
            tokens.append((text[start:end], tag_of_kind[kind], start, end))
            continue
        pairs = resources.tokenizer.tag(text[start:end], hmm=True)
        words = [word for word, _ in pairs]
        starts = list(accumulate(map(len, words), initial=start))
        tokens.extend(zip(words, [tag for _, tag in pairs], starts, starts[1:]))
    return _split_glued_conjunctions(tokens) if _GLUED.search(text) else tokens


_GLUED = re.compile("[局委办厅部院所社][及和与]")


def _split_glued_conjunctions(tokens: list[Token]) -> list[Token]:
    """jieba glues a suffix to the next conjunction (市场/局及/市药监局)."""
    fixed: list[Token] = []
    for t in tokens:
        if t[TAG] == "c" and len(t[TEXT]) == 2 and t[TEXT][1] in "及和与" and t[TEXT][0] in "局委办厅部院所社":
            fixed += [(t[TEXT][0], "n", t[START], t[START] + 1), (t[TEXT][1], "c", t[START] + 1, t[END])]
        else:
            fixed.append(t)
    return fixed


def annotate(article: Article, resources: Resources, city: str | None = None) -> Annotation:
    text = article.text
    tokens = tokenize(text, resources)
    found = _candidates(tokens, resources)
    skip = _dateline_span(text)
    organizations, consumed = _organizations(tokens, found.organizations, text, resources, skip)
    places = _places(tokens, found.places, consumed, resources)
    people = _people(tokens, found.people, text, consumed, skip, resources)
    mentions = [m for m in organizations + places + people if not _inside_a_title(m, text)]
    mentions += _dateline_agency(text, skip, resources)
    mentions.sort(key=lambda m: (m.start, m.end))
    _resolve_aliases(mentions, text, resources, city)
    credited = list(dict.fromkeys(article.authors + [n for c in article.credits for n in c.names]))
    entity_names = {m.name for m in mentions} | {text[m.start : m.end] for m in mentions}
    inside = _covered(mentions)
    terms = _terms(*found.outside(tokens, inside), entity_names | set(credited), resources)
    deck = " ".join(t for t in (article.kicker, article.title, article.subtitle) if t and not article.title_derived)
    if deck:
        deck_tokens = tokenize(deck, resources)
        for term, count in _terms(*_candidates(deck_tokens, resources).outside(deck_tokens, set()), entity_names | set(credited), resources).items():
            terms[term] = terms.get(term, 0) + 2 * count  # words of the headline weigh double
    return Annotation(
        terms=_strongest_terms(terms, resources),
        people=_unique(m.name for m in mentions if m.kind == "person"),
        places=_merge_short_places(_unique(m.name for m in mentions if m.kind == "place"), resources),
        organizations=_drop_partial_names(_unique(m.name for m in mentions if m.kind == "organization")),
        credited=credited,
        mentions=mentions,
    )


# -- candidates -------------------------------------------------------------------
#
# Each kind of name and keyword starts from candidate tokens, chosen by the
# token's word and tag alone.  An article has ~1,000 tokens, mostly words
# every article uses: each (word, tag) is classed once per process, and one
# pass gives every kind its candidates (five scans, each testing every
# token, took a fifth of annotation).

_ORGANIZATION, _PLACE, _PERSON, _TERM, _PHRASE_NOUN = 1, 2, 4, 8, 16


def _token_class(word: str, tag: str, resources: Resources) -> int:
    """Which kinds a token may be a candidate for (bits of the above)."""
    kinds = 0
    if word[-1] in resources.organization_suffix_ends or word in resources.organizations:
        kinds |= _ORGANIZATION  # a suffix (…局) or a known name
    if word in resources.places or tag == "ns":
        kinds |= _PLACE
    # A tagged name, a lone surname (卞/修武), or a short noun starting with
    # a surname (李稻葵/n, confirmed later by its context).
    if tag in NAME_TAGS or (word[0] in resources.surnames and (len(word) == 1 or (len(word) <= 3 and tag in SHORT_NOUN_TAGS))):
        kinds |= _PERSON
    if (tag in KEYWORD_TAGS or word in resources.terms) and len(word) >= 2 and word not in resources.stopwords and _term_shaped(word, resources):
        kinds |= _TERM  # a noun or listed term, not a stopword, number or title
    if tag in PHRASE_TAGS and len(word) >= 2 and _HAN.match(word):
        kinds |= _PHRASE_NOUN  # may make a two-word phrase
    return kinds


@dataclass
class _Candidates:
    """Positions of the tokens that may start each kind of mention or term."""

    organizations: list[int] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    terms: list[int] = field(default_factory=list)
    phrase_nouns: list[int] = field(default_factory=list)

    def outside(self, tokens: list[Token], inside: set[int]) -> tuple[list[Token], list[Token]]:
        """The keyword candidates and phrase nouns that start outside the
        mentions found (whose characters are ``inside``)."""
        terms = [tokens[i] for i in self.terms]
        nouns = [tokens[i] for i in self.phrase_nouns]
        if inside:
            terms = [t for t in terms if t[START] not in inside]
            nouns = [t for t in nouns if t[START] not in inside]
        return terms, nouns


def _candidates(tokens: list[Token], resources: Resources) -> _Candidates:
    found = _Candidates()
    organizations, places, people, terms, nouns = found.organizations, found.places, found.people, found.terms, found.phrase_nouns
    classes = resources.token_classes
    for i, (word, tag, _, _) in enumerate(tokens):
        by_word = classes.get(tag)
        if by_word is None:
            by_word = classes[tag] = {}
        kinds = by_word.get(word)
        if kinds is None:
            kinds = by_word[word] = _token_class(word, tag, resources)
        if kinds:
            if kinds & _ORGANIZATION:
                organizations.append(i)
            if kinds & _PLACE:
                places.append(i)
            if kinds & _PERSON:
                people.append(i)
            if kinds & _TERM:
                terms.append(i)
            if kinds & _PHRASE_NOUN:
                nouns.append(i)
    return found


TERMS_KEPT = 40  # keyword candidates kept per article: the final six come from these


def _strongest_terms(terms: dict[str, int], resources: Resources) -> dict[str, int]:
    """The candidates most likely to become keywords, by TF × jieba IDF.
    Archive statistics re-rank them later; the long tail never makes the
    top six and only costs time and memory."""
    if len(terms) <= TERMS_KEPT:
        return dict(sorted(terms.items()))
    ranked = sorted(terms.items(), key=lambda item: (-log_tf(item[1]) * idf_of(resources, item[0]), item[0]))
    return dict(sorted(ranked[:TERMS_KEPT]))


def _covered(mentions: list[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def _unique(names) -> list[str]:
    return list(dict.fromkeys(names))


def _dateline_span(text: str) -> tuple[int, int]:
    match = patterns.DATELINE.match(text)
    return (0, match.end()) if match else (0, 0)


def _dateline_agency(text: str, skip: tuple[int, int], resources: Resources) -> list[Mention]:
    """据新华社北京电（…）: the agency is a source the article names (本报 is not)."""
    if skip == (0, 0):
        return []
    head = text[: text.find("（") if "（" in text[: skip[1]] else skip[1]]
    for name in sorted(resources.organizations, key=len, reverse=True):
        at = head.find(name)
        if at >= 0 and name not in ("本报",):
            return [Mention("organization", name, at, at + len(name))]
    return []


_TITLE = re.compile(r"《[^》]{1,80}》|“[^”]{1,40}”")


def _inside_a_title(mention: Mention, text: str) -> bool:
    """A name inside a document title (《川渝地区…办法》) or a quoted name
    longer than itself (“重庆英才计划”) is part of that title, not a mention."""
    for match in _TITLE.finditer(text, max(0, mention.start - 80), min(len(text), mention.end + 80)):
        if match.start() < mention.start and mention.end < match.end() and match.end() - match.start() - 2 > mention.end - mention.start + 1:
            return True
    return False


# -- organizations --------------------------------------------------------------


def _organizations(tokens: list[Token], candidates: list[int], text: str, resources: Resources, skip: tuple[int, int]) -> tuple[list[Mention], set[int]]:
    mentions: list[Mention] = []
    consumed: set[int] = set()
    known = resources.organizations
    for i in reversed(candidates):  # right to left: names grow leftwards from their suffix
        token = tokens[i]
        if i in consumed or skip[0] <= token[START] < skip[1]:
            continue  # inside a name already found, or the dateline's 重庆日报记者
        found = None
        if token[TEXT] in known and token[TEXT] not in resources.not_organizations:
            found = (i, i)
        suffix = _org_suffix(token[TEXT], resources)
        if suffix and token[TEXT] != suffix and token[TAG].startswith("v"):
            suffix = None  # 签署/v ends like 署 but is a verb
        if suffix and not token[TEXT].endswith(resources.non_org_words):
            start = _extend_left(tokens, i, resources)
            name = "".join(t[TEXT] for t in tokens[start : i + 1])
            if _plausible_org(name, suffix, tokens[start], start == i, resources) and _specific(tokens[start : i + 1], suffix, resources):
                found = (start, i)
        # jieba's institution tag alone is unreliable (中央财政/nt, 新进展/nt):
        # a tagged token also needs an organization suffix, handled above.
        if found:
            start, end = found
            name = "".join(t[TEXT] for t in tokens[start : end + 1])
            mentions.append(Mention("organization", name, tokens[start][START], tokens[end][END]))
            consumed.update(range(start, end + 1))
    mentions.reverse()
    return mentions, consumed


def _org_suffix(word: str, resources: Resources) -> str | None:
    """The longest organization suffix ``word`` ends with, once per word
    and process (names repeat, and a name's words are asked again as it
    grows leftwards)."""
    known = resources.organization_suffix_of
    if word in known:
        return known[word]
    found = None
    if word.endswith(resources.organization_suffixes):  # the common case, decided in one call
        found = next(suffix for suffix in resources.organization_suffixes if word.endswith(suffix))  # longest first
    known[word] = found
    return found


def _extend_left(tokens: list[Token], i: int, resources: Resources) -> int:
    """Grow a name leftwards from its suffix over the nouns before it,
    across a bracketed place (南洋商业银行（中国）有限公司), and past another
    organization's name only for a sub-unit (中国银行重庆市分行)."""
    start = i
    length = len(tokens[i][TEXT])
    sub_unit = tokens[i][TEXT].endswith(resources.sub_unit_suffixes)
    while start > 0:
        previous = tokens[start - 1]
        if previous[TEXT] in ("）", ")") and start >= 3 and tokens[start - 3][TEXT] in ("（", "(") and len(tokens[start - 2][TEXT]) <= 6 and _HAN.match(tokens[start - 2][TEXT]):
            step = 3  # a short bracketed qualifier: （中国）, （重庆）
        elif previous[TAG] == "c":
            # 和 joins words inside a name (文化和旅游, 住房和城乡) but not
            # two names or two long phrases (重庆市科技局和成都市科技局).
            before = tokens[start - 2] if start >= 2 else None
            if (
                previous[TEXT] != "和"
                or not tokens[i][TEXT].endswith(resources.conjunction_suffixes)
                or before is None
                or len(before[TEXT]) > 2
                or _org_suffix(before[TEXT], resources)
                or before[TAG] == "ns"
            ):
                break
            step = 1
        elif (previous[TAG] in ORG_NAME_TAGS or previous[TEXT] in resources.org_name_verbs) and _HAN.match(previous[TEXT]) and previous[TEXT] not in ORG_NAME_STOPS and previous[TEXT] not in resources.person_titles:
            step = 1
        else:
            break
        if _is_org_token(previous, resources) and _org_suffix(previous[TEXT], resources) and not sub_unit:
            break  # 市药监局 | 会同四川省药监局: one name ends where another begins
        if start == i - 1 and tokens[start][TAG] == "ns" and len(_org_suffix(tokens[i][TEXT], resources) or "") == 1 and previous[TAG] not in PROPER_TAGS:
            break  # a place plus 队/局/委 is a whole name: 战胜 | 山东泰山队, 从 | 重庆市科技局
        if length + sum(len(t[TEXT]) for t in tokens[start - step : start]) > MAX_ORG_CHARS:
            break
        length += sum(len(t[TEXT]) for t in tokens[start - step : start])
        start -= step
    while start < i and tokens[start][TAG] == "c":
        start += 1  # a name never starts with a conjunction
    return start


def _specific(parts: list[Token], suffix: str, resources: Resources) -> bool:
    """A name, not a description: some part is a proper noun, a place or an
    institution — or, for a company, a rare word (中元, 渝康: brand names).
    项目公司, 国家实验室 are descriptions.  An X中心 needs a place or
    institution in it, or a word saying what kind of centre it is
    (西部数据交易中心; 资本中心 is a concept)."""
    head = parts[:-1] if len(parts) > 1 else parts
    name = "".join(t[TEXT] for t in parts)
    proper = any(t[TAG] in PROPER_TAGS or t[TEXT] in resources.places or t[TEXT] in resources.organizations for t in head)
    if not proper and any(name.endswith(ending) for ending in resources.non_org_endings):
        return False
    if suffix.endswith("中心"):
        located = any(t[TAG] in ("ns", "nt") or t[TEXT] in resources.places for t in head)
        marked = any(t[TEXT] in resources.center_markers or t[TEXT][:2] in resources.center_markers for t in parts)
        rare = any(len(t[TEXT]) >= 2 and idf_of(resources, t[TEXT]) >= RARE_IDF for t in head)
        return located or (marked and rare and (len(parts) >= 3 or len(name) >= 6))
    if len(suffix) == 1:
        return True  # already required an administrative prefix or a place
    if proper:
        return True
    if suffix in COMPANY_SUFFIXES:
        return any(len(t[TEXT]) >= 2 and idf_of(resources, t[TEXT]) >= RARE_IDF and t[TEXT] not in resources.stopwords for t in head)
    return False


def _is_org_token(token: Token, resources: Resources) -> bool:
    return (token[TAG] == "nt" or token[TEXT] in resources.organizations) and token[TEXT] not in resources.not_organizations


def _plausible_org(name: str, suffix: str, first: Token, alone: bool, resources: Resources) -> bool:
    if name in resources.not_organizations or len(name) < 3 or name == suffix or name.endswith(resources.always_non_org_endings):
        return False
    if _HAS_DIGIT.search(name):
        return False
    if len(suffix) == 1:
        # 局, 委, 部 …: only after an administrative prefix, a place or an
        # institution (市药监局, 国家航天局, 江津区经济信息委), or a token
        # jieba knows as an institution or abbreviation (药监局/nt, 建委/j).
        if alone:
            return first[TAG] in ("nt", "j") and len(name) >= 3
        return first[TEXT] in resources.organization_prefixes or first[TAG] in ("ns", "nt") or first[TEXT] in resources.places
    return not alone or first[TAG] == "nt" or (first[TAG] == "ns" and len(suffix) >= 2)  # 故宫博物院/ns


# -- places -----------------------------------------------------------------------


def _places(tokens: list[Token], candidates: list[int], consumed: set[int], resources: Resources) -> list[Mention]:
    mentions = []
    for i in candidates:
        if i in consumed:
            continue
        token = tokens[i]
        word = token[TEXT]
        if word in resources.not_places:
            continue
        following = tokens[i + 1][TEXT] if i + 1 < len(tokens) else ""
        if following.startswith(resources.facility_words) and word not in ("中国",):
            continue  # 真武山隧道, 重庆东站: part of a facility's name
        if word in resources.places or (
            token[TAG] == "ns" and len(word) >= 3 and word.endswith(resources.place_suffixes) and _HAN.match(word)
            and not word.startswith(_GENERIC_PLACE_STEMS) and not re.search(r"[一二三四五六七八九十两几多]" + "(?:" + "|".join(resources.place_suffixes) + ")$", word)
        ):
            mentions.append(Mention("place", resources.place_canonical.get(word, word), token[START], token[END]))
    return mentions


def _drop_partial_names(names: list[str]) -> list[str]:
    """药监局 next to 重庆市药监局 in one article is the same body."""
    return [n for n in names if not any(other != n and other.endswith(n) for other in names)]


def _merge_short_places(places: list[str], resources: Resources) -> list[str]:
    """江津 and 江津区 in one article are one place: keep the full name."""
    kept = []
    for place in places:
        if any(other != place and other.startswith(place) and other[len(place) :] in resources.place_suffixes for other in places):
            continue
        kept.append(place)
    return kept


# -- people -------------------------------------------------------------------------


def _person_candidate(tokens: list[Token], i: int, resources: Resources) -> tuple[str, int] | None:
    """A name starting at token ``i``: ``(name, index after it)``."""
    token = tokens[i]
    word = token[TEXT]
    if token[TAG].startswith("nr") and 2 <= len(word) <= 4 and _HAN.match(word):
        return word, i + 1
    # jieba sometimes splits a rare surname from the given name: 卞/修武.
    if len(word) == 1 and word in resources.surnames and i + 1 < len(tokens):
        following = tokens[i + 1]
        if 1 <= len(following[TEXT]) <= 2 and _HAN.match(following[TEXT]) and (token[TAG].startswith("nr") or following[TAG].startswith("nr")):
            return word + following[TEXT], i + 2
    # A name jieba did not tag (李稻葵/n): accepted only with a title before it.
    if 2 <= len(word) <= 3 and _HAN.match(word) and (word[0] in resources.surnames or word[:2] in resources.surnames):
        return word, i + 1
    return None


def _people(tokens: list[Token], candidates: list[int], text: str, consumed: set[int], skip: tuple[int, int], resources: Resources) -> list[Mention]:
    found: list[tuple[str, int, int, bool, bool]] = []  # name, start, end, tagged, confirmed
    free = 0  # first token not yet part of a name (卞/修武 must not yield 修武 too)
    for i in candidates:
        if i < free or i in consumed or skip[0] <= tokens[i][START] < skip[1]:
            continue
        candidate = _person_candidate(tokens, i, resources)
        if candidate is None:
            continue
        name, after = candidate
        start_offset = 0
        if len(name) >= 3 and name[0] in _LEADING_FUNCTION_CHARS and (name[1] in resources.surnames or name[1:3] in resources.surnames):
            name, start_offset = name[1:], 1  # 由宁光院士: jieba took the preposition into the name
        if _HONORIFIC.search(name):
            continue  # 张女士, 李某: not a name the reader can look up
        if not (name[0] in resources.surnames or name[:2] in resources.surnames) and name not in resources.people:
            continue  # Chinese names start with a surname; others come from the user's list
        if name in resources.not_people or name in resources.places or name in resources.organizations or name in resources.stopwords:
            continue
        start, end = tokens[i][START] + start_offset, tokens[after - 1][END]
        before = text[max(0, start - 6) : start]
        titled = before.endswith(resources.person_titles)
        spoken = text.startswith(resources.person_verbs, end) or (
            text[end : end + 2] in _TIME_WORDS and text.startswith(resources.person_verbs, end + 2)  # 徐正源赛后表示
        )
        tagged = tokens[i][TAG].startswith("nr") or (after - i == 2 and tokens[i + 1][TAG].startswith("nr"))
        if not tagged and not (titled and spoken):
            continue  # a word jieba does not take for a name needs both: 院长李稻葵认为
        free = after
        found.append((name, start, end, tagged, titled or spoken or name in resources.people))
    confirmed = {name for name, _, _, _, ok in found if ok}
    # Names listed with a confirmed one (陈敏尔、胡衡华、张轩、王炯等) are people too.
    ends = {end: name for name, _, end, _, _ in found}
    starts = {start: name for name, start, _, _, _ in found}
    # A list of tagged names closed by 等 (卞修武、杨正林等院士团队).
    for name, start, end, tagged, _ in found:
        if tagged and text.startswith("等", end) and text[start - 1 : start] == "、" and ends.get(start - 1):
            confirmed.add(name)
            confirmed.add(ends[start - 1])
    changed = True
    while changed:
        changed = False
        for name, start, end, tagged, _ in found:
            if name in confirmed or not tagged:
                continue
            left = text[start - 1 : start] == "、" and ends.get(start - 1) in confirmed
            right = text[end : end + 1] == "、" and starts.get(end + 1) in confirmed
            if left or right:
                confirmed.add(name)
                changed = True
    return [Mention("person", name, start, end) for name, start, end, _, _ in found if name in confirmed]


# -- aliases -----------------------------------------------------------------------


def _resolve_aliases(mentions: list[Mention], text: str, resources: Resources, city: str | None) -> None:
    """市药监局 → 重庆市药监局: by the user's aliases, by a longer form the
    article itself uses, or by the paper's city (``city:`` in pages.yml)."""
    longer = [m.name for m in mentions if m.kind == "organization"]
    for mention in mentions:
        name = mention.name
        if name in resources.aliases:
            mention.name = resources.aliases[name]
        elif mention.kind == "organization" and name.startswith("市") and not name.startswith(("市场", "市级", "市区", "市域")):
            rest = name[1:]
            fuller = next((other for other in longer if len(other) > len(name) and other.endswith(rest) and other[: -len(rest)].endswith("市")), None)
            if fuller:
                mention.name = fuller
            elif city:
                mention.name = f"{city}{name}"


# -- keywords ----------------------------------------------------------------------


def _terms(candidates: list[Token], nouns: list[Token], exclude: set[str], resources: Resources) -> dict[str, int]:
    """Keyword candidates (nouns — jieba POS n, nz, vn … — and the listed
    news terms, without stopwords, numbers and single characters: see
    :func:`_token_class`) that are not names (``exclude``); plus two-word
    phrases the article repeats (建筑师负责制 from 建筑师/负责制), from its
    ``nouns`` (Han, of two characters or more)."""
    stopwords = resources.stopwords
    counts = Counter([token[TEXT] for token in candidates])
    for word in exclude.intersection(counts):
        del counts[word]
    # Two-word phrases: adjacent nouns.
    pairs = Counter(
        (first[TEXT], second[TEXT])
        for first, second in zip(nouns, nouns[1:])
        if first[END] == second[START] and len(first[TEXT]) + len(second[TEXT]) <= 8
    )
    for (first, second), count in pairs.items():
        phrase = first + second
        if count < 2 or phrase in exclude:
            continue
        if (first in stopwords or second in stopwords) and phrase not in resources.terms:
            continue  # 集成电路产业, 推动绿色: a term plus a generic word adds nothing
        counts[phrase] += count
    # A word jieba does not know (an HMM guess such as 汇吉为) must recur.
    return {w: c for w, c in counts.items() if c >= 2 or w in resources.idf or w in resources.terms}


def _term_shaped(word: str, resources: Resources) -> bool:
    """Whether a word may be a keyword at all, by its form."""
    if _HAS_DIGIT.search(word) or word in resources.person_titles:
        return False
    return _keyword_shaped(word) and not word.endswith(resources.organization_suffixes[:6])


def _keyword_shaped(word: str) -> bool:
    return bool(_HAN.match(word)) or bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9/+\-]{1,15}", word))


# -- many articles (the pipeline runs annotate on all cores) ---------------------

PARALLEL_MIN = 400  # below this, starting worker processes costs more than it saves
