"""Stage 1 — read pages: find input files, decode them, resolve page metadata.

Metadata comes, in order of precedence, from the manifest (``pages.yml`` in the
seeds folder), from the file name (``重庆日报_2022-07-28_01.txt``,
``2022-07-28/01.txt``, ``20220728_01.txt``) or, for the date only, from the
page text (see :mod:`paperarchive.dates`), and is then marked as inferred.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .dates import infer_date
from .decoding import Decoded, decode
from .model import Diagnostic, PageMeta, SourcePage

MANIFEST_NAMES = ("pages.yml", "pages.yaml")
PAGE_SUFFIXES = (".txt",)
_META_KEYS = {"paper", "date", "page", "page_name", "column", "city", "infer_date_offset", "dictionary", "encoding"}
PAGE_SKIPPED = "page-skipped"  # Diagnostic.code of a file that is not read as a page
# Pages larger than this are read, but reported: probably a whole dump.
LARGE_PAGE_CHARS = 1_000_000


@dataclass
class Manifest:
    defaults: dict = field(default_factory=dict)
    pages: dict[str, dict] = field(default_factory=dict)
    path: Path | None = None

    def dictionaries(self) -> list[str]:
        """The user's dictionary files named under ``dictionary:`` (one or a list)."""
        named = self.defaults.get("dictionary")
        return [str(named)] if isinstance(named, str) else [str(n) for n in named or []]

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


# Files of the seeds folder that configure the archive rather than hold pages.
CONFIG_NAMES = (*MANIFEST_NAMES, "dictionary.yml", "dictionary.yaml", "corrections.yml", "corrections.yaml")


def find_other_files(seeds: Path, manifest: "Manifest") -> list[str]:
    """Files in ``seeds`` that are neither pages nor configuration (a page
    saved as .doc or .md, say), to be named in the report: nothing in the
    folder is ignored without a word.  Hidden files are left out, as git
    and every file manager do."""
    named = set(manifest.dictionaries())
    others = []
    for path in seeds.rglob("*"):
        rel = path.relative_to(seeds).as_posix()
        if path.is_file() and path.suffix.lower() not in PAGE_SUFFIXES and rel not in CONFIG_NAMES and rel not in named and not any(part.startswith(".") for part in rel.split("/")):
            others.append(rel)
    return sorted(others)


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


_ASCII_KEY = re.compile(r"[^a-z0-9._-]+")
# Longer names are cut (and hashed): a key is a folder and file name in the
# site, and file systems allow 255 bytes per name.
MAX_KEY_CHARS = 64


def page_key(rel_path: str, hash_chars: int = 6) -> str:
    """A URL-safe, stable key for a page, derived from its path only (never
    from run order), so permalinks survive adding other pages.

    ASCII paths map readably (``2022-07-28/01.txt`` → ``2022-07-28-01``);
    whenever characters had to be dropped, cut or case-folded (``Page.txt``,
    ``ｐａｇｅ.txt``, Chinese names), a short hash of the full path is
    appended, so names that differ only in case or width stay distinct.
    """
    key, exact = _readable_key(rel_path)
    return key if exact else f"{key}-{hashlib.sha1(rel_path.encode('utf-8')).hexdigest()[:hash_chars]}"


def _readable_key(rel_path: str) -> tuple[str, bool]:
    """The path made URL-safe, and whether that kept it exactly."""
    stem = rel_path.rsplit(".", 1)[0] if "." in rel_path.rsplit("/", 1)[-1] else rel_path
    readable = stem.replace("/", "-")
    key = _ASCII_KEY.sub("-", readable.lower()).replace("..", "-").strip("-._")[:MAX_KEY_CHARS].rstrip("-._") or "page"
    return key, key == readable


def assign_page_keys(pages: list[SourcePage]) -> list[Diagnostic]:
    """Make page keys unique.  Two keys meet only when a hashed key equals
    another file's readable name (``Page.txt`` → ``page-3c1558`` and a file
    named ``page-3c1558.txt``), or two short hashes collide: the hashed
    ones then take a long hash.  Every other key stays as it was."""
    by_key: dict[str, list[SourcePage]] = {}
    for page in pages:
        by_key.setdefault(page.meta.key, []).append(page)
    diagnostics = []
    for key, sharing in sorted(by_key.items()):
        if len(sharing) < 2:
            continue
        for page in sharing:
            if not _readable_key(page.rel_path)[1]:
                longer = page_key(page.rel_path, hash_chars=16)
                page.meta = replace(page.meta, key=longer)
                diagnostics.append(Diagnostic("info", page.rel_path, f"its page key {key!r} is shared with {', '.join(p.rel_path for p in sharing if p is not page)}; it is {longer!r} instead"))
    return diagnostics


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
    from_manifest = manifest.entry(rel_path)
    declared = from_manifest.get("encoding")
    try:
        data = path.read_bytes()
        decoded = decode(data, str(declared) if declared else None)
    except OSError as exc:
        data = b""
        decoded = Decoded("", "unreadable", None, f"cannot be read ({exc.strerror}); skipped — check the file's permissions")
    text = decoded.text
    if decoded.problem:
        diagnostics.append(Diagnostic("warning", rel_path, decoded.problem))
    if decoded.skipped:
        diagnostics.append(Diagnostic("error", rel_path, decoded.skipped, code=PAGE_SKIPPED))
    elif not text.strip():
        diagnostics.append(Diagnostic("warning", rel_path, "empty page: no text to segment"))
    elif len(text) > LARGE_PAGE_CHARS:
        diagnostics.append(Diagnostic("warning", rel_path, f"very large page ({len(text):,} characters, {len(data) / 1e6:.1f} MB): read as one page; if it is a dump of many pages, split it into one file per page"))
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
    return SourcePage(path=path, rel_path=rel_path, text=text, encoding=decoded.encoding, meta=meta, diagnostics=diagnostics, skipped=decoded.skipped)
