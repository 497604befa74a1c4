"""Stage 1 — read pages: find input files, decode them, resolve page metadata.

Metadata comes, in order of precedence, from the manifest (``pages.yml`` in the
seeds folder), from the file name (``重庆日报_2022-07-28_01.txt``,
``2022-07-28/01.txt``, ``20220728_01.txt``) or, for the date only, from the
page text (see :mod:`paperarchive.dates`), and is then marked as inferred.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .dates import infer_date
from .model import Diagnostic, PageMeta, SourcePage

MANIFEST_NAMES = ("pages.yml", "pages.yaml")
PAGE_SUFFIXES = (".txt",)
_META_KEYS = {"paper", "date", "page", "page_name", "column", "city", "infer_date_offset", "dictionary"}


@dataclass
class Manifest:
    defaults: dict = field(default_factory=dict)
    pages: dict[str, dict] = field(default_factory=dict)
    path: Path | None = None

    def entry(self, rel_path: str) -> dict:
        merged = dict(self.defaults)
        merged.update(self.pages.get(rel_path, {}))
        return merged


def find_page_files(seeds: Path) -> list[Path]:
    """All page files below ``seeds`` in a fixed order (POSIX path order), so
    the result never depends on the file system's listing order."""
    files = [
        p
        for p in seeds.rglob("*")
        if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(seeds).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(seeds).as_posix())


def load_manifest(seeds: Path) -> tuple[Manifest, list[Diagnostic]]:
    """Read ``pages.yml`` if present.  A broken manifest is reported and
    ignored (the build goes on with file-name and text metadata)."""
    for name in MANIFEST_NAMES:
        path = seeds / name
        if not path.exists():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            return Manifest(path=path), [
                Diagnostic("error", name, f"manifest ignored, it is not valid YAML ({exc.__class__.__name__}); fix the syntax or delete the file", line + 1 if line is not None else None)
            ]
        if not isinstance(data, dict):
            return Manifest(path=path), [Diagnostic("error", name, "manifest ignored: expected a mapping with 'defaults' and 'pages'")]
        diagnostics: list[Diagnostic] = []
        defaults = data.get("defaults") or {}
        pages = data.get("pages") or {}
        if not isinstance(defaults, dict) or not isinstance(pages, dict):
            return Manifest(path=path), [Diagnostic("error", name, "manifest ignored: 'defaults' and 'pages' must be mappings")]
        clean_pages: dict[str, dict] = {}
        for key, value in pages.items():
            if not isinstance(value, dict):
                diagnostics.append(Diagnostic("warning", name, f"entry for {key!r} ignored: expected a mapping of {sorted(_META_KEYS)}"))
                continue
            unknown = set(value) - _META_KEYS
            if unknown:
                diagnostics.append(Diagnostic("warning", name, f"entry for {key!r}: unknown keys {sorted(unknown)} ignored"))
            clean_pages[str(key)] = {k: v for k, v in value.items() if k in _META_KEYS}
        return Manifest({k: v for k, v in defaults.items() if k in _META_KEYS}, clean_pages, path), diagnostics
    return Manifest(), []


def decode(data: bytes) -> tuple[str, str, str | None]:
    """Decode page bytes.  Returns ``(text, encoding, problem)``.

    UTF-8 with or without BOM is the supported input; UTF-16 with a BOM and
    GB18030 are accepted as fallbacks so that no file crashes the build.  The
    BOM is removed and nothing else is changed, so spans stay offsets into
    exactly this text.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            return data.decode("gb18030"), "gb18030", None
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            return text, "utf-8 (with replacements)", f"not valid UTF-8 at byte {exc.start}; undecodable bytes replaced by U+FFFD"
    if "\x00" in text:
        return text, encoding, "contains NUL characters: probably not a text file"
    return text, encoding, None


_ASCII_KEY = re.compile(r"[^a-z0-9._-]+")


def page_key(rel_path: str) -> str:
    """A URL-safe, stable key for a page, derived from its path only (never
    from run order), so permalinks survive adding other pages.

    ASCII paths map readably (``2022-07-28/01.txt`` → ``2022-07-28-01``);
    whenever characters had to be dropped or case-folded, a short hash of the
    full path is appended so two distinct files never share a key.
    """
    stem = rel_path.rsplit(".", 1)[0] if "." in rel_path.rsplit("/", 1)[-1] else rel_path
    readable = stem.replace("/", "-")
    key = _ASCII_KEY.sub("-", readable.lower()).strip("-._") or "page"
    if key != readable:
        key = f"{key}-{hashlib.sha1(rel_path.encode('utf-8')).hexdigest()[:6]}"
    return key


_DATE_IN_PATH = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_PAGE_AFTER_DATE = re.compile(r"^[-_/ ]*(?:第)?([0-9]{1,3}|[A-Za-z][0-9]{1,2})(?:版)?(?:[-_ ](.+))?$")


def metadata_from_path(rel_path: str) -> dict:
    """Paper, date and page number from names like ``重庆日报_2022-07-28_01.txt``
    or ``2022-07-28/01.txt``.  A page number is read only after a date, so an
    index such as ``000_fb5b….txt`` is never taken for page 000."""
    stem = rel_path.rsplit(".", 1)[0]
    match = _DATE_IN_PATH.search(stem)
    if not match:
        return {}
    found: dict = {"date": f"{match.group(1)}-{match.group(2)}-{match.group(3)}"}
    before = stem[: match.start()].strip("-_/ ")
    if before:
        paper = re.split(r"[/_]", before)[-1].strip()
        if paper and not paper.isdigit():
            found["paper"] = paper
    rest = _PAGE_AFTER_DATE.match(stem[match.end() :])
    if rest:
        found["page"] = rest.group(1)
        if rest.group(2):
            found["page_name"] = rest.group(2)
    return found


def _valid_date(value: object) -> str | None:
    import datetime as _dt

    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def read_page(path: Path, seeds: Path, manifest: Manifest) -> SourcePage:
    rel_path = path.relative_to(seeds).as_posix()
    diagnostics: list[Diagnostic] = []
    try:
        data = path.read_bytes()
    except OSError as exc:
        data = b""
        diagnostics.append(Diagnostic("error", rel_path, f"cannot be read ({exc.strerror}); page skipped"))
    text, encoding, problem = decode(data)
    if problem:
        diagnostics.append(Diagnostic("warning", rel_path, problem))
    if not text.strip():
        diagnostics.append(Diagnostic("warning", rel_path, "empty page: no text to segment"))

    from_manifest = manifest.entry(rel_path)
    from_path = metadata_from_path(rel_path)

    date = date_source = evidence = None
    if "date" in from_manifest and rel_path in manifest.pages and "date" in manifest.pages[rel_path]:
        date = _valid_date(from_manifest["date"])
        if date:
            date_source = "manifest"
        else:
            diagnostics.append(Diagnostic("warning", MANIFEST_NAMES[0], f"date {from_manifest['date']!r} for {rel_path} is not YYYY-MM-DD; ignored"))
    if date is None and from_path.get("date") and _valid_date(from_path["date"]):
        date, date_source = from_path["date"], "filename"
    if date is None:
        offset = from_manifest.get("infer_date_offset", 1)
        inferred = infer_date(text, offset_days=int(offset) if isinstance(offset, int) else 1)
        if inferred:
            date, date_source, evidence = inferred.date, "text", inferred.evidence

    def pick(key: str) -> str | None:
        # Per-page manifest entries win over the file name, which wins over
        # manifest defaults (a default paper name must not hide a dated name).
        page_entry = manifest.pages.get(rel_path, {})
        for source in (page_entry, from_path, manifest.defaults):
            value = source.get(key)
            if value not in (None, ""):
                return str(value)
        return None

    meta = PageMeta(
        key=page_key(rel_path),
        paper=pick("paper"),
        date=date,
        date_source=date_source,
        date_evidence=evidence,
        page=pick("page"),
        page_name=pick("page_name"),
        column=pick("column"),
        city=pick("city"),
    )
    return SourcePage(path=path, rel_path=rel_path, text=text, encoding=encoding, meta=meta, diagnostics=diagnostics)
