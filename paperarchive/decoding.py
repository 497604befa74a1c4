"""Bytes of a page file → text, whatever tool saved it.

Archives hold pages saved as UTF-8 (with or without BOM), UTF-16 from
Windows tools, GB18030/GBK/GB2312 from old mainland software and Big5 from
Hong Kong and Taiwan — and now and then a file that is not text at all.
The order of the checks is what makes this safe:

1. an encoding declared in ``pages.yml`` (``encoding: gbk``) wins;
2. a byte-order mark says UTF-8, UTF-16 or UTF-32;
3. strict UTF-8 (nearly every modern file, and the fast path);
4. UTF-8 with a few broken bytes stays UTF-8, the bytes replaced by U+FFFD
   and counted (a legacy codec would turn the whole page into mojibake);
5. otherwise charset-normalizer chooses among the encodings Chinese text
   comes in (GB18030 ⊃ GBK ⊃ GB2312, Big5, UTF-16 without BOM) by how
   coherent the decoded text is;
6. what none of these reads, or what holds NUL and control bytes, is binary:
   the page is skipped and reported, never shown as garbage.

The BOM is dropped and nothing else changes, so spans are offsets into
exactly the text returned here.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Legacy encodings tried, most likely first (a tie goes to the earlier).
CHINESE_ENCODINGS = ("gb18030", "big5", "utf_16_le", "utf_16_be")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A file whose non-ASCII characters are valid UTF-8 but for this share is
# UTF-8 with damage (a GBK or Big5 file read as UTF-8 is nearly all broken).
MAX_BROKEN_UTF8_SHARE = 0.01
# Decoded text with more than this share of control characters is binary.
MAX_CONTROL_SHARE = 0.01
# Below this many non-ASCII bytes a guessed legacy encoding is uncertain.
SHORT_GUESS_BYTES = 64
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Every byte but those: in UTF-8 a control character is one byte that no
# other character's bytes contain, so deleting these finds them (in C, four
# times as fast as the pattern).
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # codec name, e.g. "utf-8", "gb18030"; "binary" when skipped
    problem: str | None = None  # a warning for the report
    skipped: str | None = None  # why the file is not read as a page at all


def decode(data: bytes, declared: str | None = None) -> Decoded:
    if declared:
        found = _declared(data, declared)
        if found is not None:
            return found
        problem = f"is not valid {declared} as declared in pages.yml; detected the encoding instead"
        found = decode(data)
        return Decoded(found.text, found.encoding, "; ".join(p for p in (problem, found.problem) if p), found.skipped)
    if not data:
        return Decoded("", "utf-8")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), codec)
            except UnicodeDecodeError:
                break  # a BOM followed by something else: detect below
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not data.translate(None, _NOT_CONTROL_BYTES):
            return Decoded(text, "utf-8")  # no control character at all, as in almost every page: nothing to count
        return _checked(text, "utf-8")
    damaged = data.decode("utf-8", errors="replace")
    broken = damaged.count("\ufffd")
    non_ascii = sum(1 for c in damaged if ord(c) >= 0x80)
    if broken <= MAX_BROKEN_UTF8_SHARE * non_ascii and b"\x00" not in data:
        first = damaged.index("\ufffd")
        line = damaged.count("\n", 0, first) + 1
        return _checked(damaged, "utf-8", f"{broken} undecodable byte(s) replaced by U+FFFD (first on line {line}); the rest is UTF-8")
    return _legacy(data)


def _declared(data: bytes, declared: str) -> Decoded | None:
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError:
        return None
    return _checked(text.removeprefix("\ufeff"), codec)


def _legacy(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # only for the rare non-UTF-8 file

    matches = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS), preemptive_behaviour=False)
    best = matches.best()
    if best is None:
        return _binary("neither UTF-8, UTF-16, GB18030 nor Big5")
    codec = best.encoding
    text = str(best)
    problem = None
    non_ascii = sum(1 for b in data[:4096] if b >= 0x80)
    if non_ascii < SHORT_GUESS_BYTES and len(matches) > 1:
        problem = f"encoding guessed as {codec} from little text (also possible: {', '.join(m.encoding for m in list(matches)[1:3])}); declare it in pages.yml (encoding:) if the page looks wrong"
    return _checked(text, codec, problem)


def _checked(text: str, codec: str, problem: str | None = None) -> Decoded:
    """Text that decodes but is mostly control characters is not a page."""
    controls = len(_CONTROL.findall(text[:100_000]))
    sample = min(len(text), 100_000)
    if sample and controls > MAX_CONTROL_SHARE * sample:
        return _binary(f"{controls} control characters in the first {sample}")
    return Decoded(text, _name(codec), problem)


def _binary(why: str) -> Decoded:
    return Decoded("", "binary", None, f"not a text file ({why}); skipped — convert it to UTF-8 text, or declare its encoding in pages.yml")


def _name(codec: str) -> str:
    """Readable codec names for the report: utf-8, utf-16, gb18030, big5."""
    return codecs.lookup(codec).name.replace("_", "-") if codec != "utf-8-sig" else "utf-8-sig"
