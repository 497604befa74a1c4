"""An archive too big for one site, as one site per period plus a root index.

    python -m paperarchive.split [--by year|half|quarter|month] [--base-url URL] [--out sites]

A GitHub Pages site may hold 1 GB; at about 80–105 MB of HTML per 1,000
articles, a year of a daily paper does not fit one site, a decade even less.
This builds ``sites/<period>/`` — each a complete archive of the pages dated
in that period (the same date range the offline bundle uses: tags, related
stories and search are those of the period) — and ``sites/index.html``,
which links them, with each site's pages and size.  Publish each period as
its own site (``--base-url 'https://USER.github.io/archive-{period}/'``
gives each its address and makes the root index link there) and the root
index on its own, or all together where the host allows the total.

A period's site is built beside its folder and swapped in: an interrupted
split leaves every finished period and the previous version of the others.
A period whose inputs (its pages, the settings, dictionaries and
corrections, the hand-written docs, the program) are those of its last
build is kept as it is (``sites/periods.json`` records them): a new day
rebuilds the current period only — a decade in quarters is 40 sites, and
each takes minutes to build.  ``--force`` rebuilds them all.
Pages of unknown date belong to no period; they are named in the root index.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .bundle import BundleError, build_site
from .model import SourcePage
from .pipeline import BuildError, read_all
from .site.output import read_manifest
from .sitebuild import fingerprint

PAGES_LIMIT = 1_000_000_000  # GitHub Pages: a published site may hold 1 GB
PERIODS = {
    "year": lambda date: date[:4],
    "half": lambda date: f"{date[:4]}-h{1 if int(date[5:7]) <= 6 else 2}",
    "quarter": lambda date: f"{date[:4]}-q{(int(date[5:7]) - 1) // 3 + 1}",
    "month": lambda date: date[:7],
}


@dataclass
class Period:
    name: str
    first: str  # first and last page date in it
    last: str
    pages: int
    bytes: int = 0
    url: str = ""
    inputs: str = ""  # digest of what its site is made from


class SplitError(Exception):
    pass


def periods_of(seeds: Path, by: str) -> tuple[list[Period], list[str], dict[str, list[SourcePage]]]:
    """The periods the dated pages fall into, the pages of unknown date,
    and each period's pages."""
    pages, _ = read_all(seeds)
    dated: dict[str, list[SourcePage]] = {}
    undated = []
    for page in pages:
        if page.skipped:
            continue
        if page.meta.date is None:
            undated.append(page.rel_path)
        else:
            dated.setdefault(PERIODS[by](page.meta.date), []).append(page)
    periods = [Period(name, min(p.meta.date for p in group), max(p.meta.date for p in group), len(group)) for name, group in sorted(dated.items())]
    return periods, sorted(undated), dated


def shared_inputs(config, seeds: Path, pages: set[str]) -> str:
    """A digest of what every period's site is made from besides its pages:
    what shapes every page of any site (the program, MkDocs and Material,
    mkdocs.yml, the theme overrides: :func:`~.sitebuild.fingerprint`), the
    hand-written files of docs/ (not those build_docs.py generated) and the
    files of the seeds folder that are not pages (pages.yml,
    corrections.yml, dictionaries)."""
    docs = Path(config.docs_dir)
    hasher = hashlib.sha256(fingerprint(config).encode("ascii"))
    for folder, skip in ((docs, set(read_manifest(docs).files)), (seeds, pages)):
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if rel in skip or any(part.startswith(".") for part in rel.split("/")):
                continue
            hasher.update(f"{folder.name}/{rel}\0".encode("utf-8") + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def period_inputs(shared: str, period: Period, pages: list[SourcePage]) -> str:
    hasher = hashlib.sha256(f"{shared}\0{period.url}\0{period.first}\0{period.last}\0".encode("utf-8"))
    for page in sorted(pages, key=lambda p: p.rel_path):
        hasher.update(f"{page.rel_path}\0{page.meta!r}\0".encode("utf-8") + page.text.encode("utf-8") + b"\0")
    return hasher.hexdigest()


def previous_periods(out: Path) -> dict[str, dict]:
    """The periods recorded by the last split, by name (none if unreadable)."""
    try:
        return {entry["name"]: entry for entry in json.loads((out / "periods.json").read_text(encoding="utf-8"))}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build_period(config_file: Path, out: Path, period: Period, site_url: str) -> None:
    target, partial, previous = out / period.name, out / f".{period.name}.partial", out / f".{period.name}.previous"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        build_site(config_file, partial, site_url, period.first, period.last)
    except BundleError as exc:
        raise SplitError(f"{period.name}: {exc}") from None
    if target.exists():
        target.rename(previous)
    partial.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    period.bytes = _size(target)


def root_index(periods: list[Period], undated: list[str], title: str) -> str:
    """A page of its own (no theme, no script): the periods, newest first."""
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(p.url or p.name + "/index.html")}">{html.escape(p.name)}</a></td>'
        f"<td>{html.escape(p.first)} – {html.escape(p.last)}</td><td>{p.pages}</td><td>{p.bytes / 1e6:.0f} MB</td></tr>"
        for p in reversed(periods)
    )
    note = f"<p>日期不详、未收入任何分站的版面：{html.escape('、'.join(undated))}</p>" if undated else ""
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}}</style>
</head><body>
<h1>{html.escape(title)}</h1>
<p>档案按时期分为 {len(periods)} 个站点，每个站点可单独浏览和搜索。</p>
<table><tr><th>时期</th><th>日期</th><th>版面</th><th>大小</th></tr>
{rows}
</table>
{note}
</body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paperarchive.split", description=__doc__.split("\n\n")[0])
    parser.add_argument("--by", choices=sorted(PERIODS), default="year", help="one site per year (default), half year, quarter or month")
    parser.add_argument("--base-url", default="", help="address of each period's site, with {period}: https://USER.github.io/archive-{period}/")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--out", type=Path, default=Path("sites"), help="folder of the period sites and the root index (default: sites/)")
    parser.add_argument("--force", action="store_true", help="rebuild every period, even those whose inputs did not change")
    args = parser.parse_args(argv)
    if args.base_url and "{period}" not in args.base_url:
        parser.error("--base-url needs {period} where the period's name goes")
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    if not args.config.is_file():
        print(f"error: {args.config} not found — run from the archive's folder or pass --config", file=sys.stderr)
        return 1
    from mkdocs.config import load_config

    config = load_config(str(args.config))
    seeds = (args.config.resolve().parent / (config.extra.get("paperarchive") or {}).get("seeds", "seeds")).resolve()
    try:
        periods, undated, grouped = periods_of(seeds, args.by)
        if not periods:
            raise SplitError(f"no page in {seeds} has a known date; give them dates (file names or pages.yml)")
        args.out.mkdir(parents=True, exist_ok=True)
        shared = shared_inputs(config, seeds, {p.rel_path for group in grouped.values() for p in group} | set(undated))
        before = {} if args.force else previous_periods(args.out)
        for period in periods:
            period.url = args.base_url.format(period=period.name) if args.base_url else ""
            period.inputs = period_inputs(shared, period, grouped[period.name])
            last = before.get(period.name, {})
            if last.get("inputs") == period.inputs and (args.out / period.name / "index.html").is_file():
                period.bytes = int(last.get("bytes", 0))
                print(f"{args.out / period.name}: unchanged since the last split, kept")
                continue
            build_period(args.config, args.out, period, period.url)
            # Recorded at once: a split stopped later keeps what it finished.
            before[period.name] = dict(period.__dict__)
            (args.out / "periods.json").write_text(json.dumps(list(before.values()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            flag = "  — over GitHub Pages' 1 GB: split finer (--by half, quarter or month)" if period.bytes > PAGES_LIMIT else ""
            print(f"{args.out / period.name}: {period.first} – {period.last}, {period.pages} pages, {period.bytes / 1e6:.0f} MB{flag}")
    except (SplitError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    (args.out / "index.html").write_text(root_index(periods, undated, config.site_name), encoding="utf-8")
    (args.out / "periods.json").write_text(json.dumps([p.__dict__ for p in periods], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out / 'index.html'}: links {len(periods)} sites" + (f"; {len(undated)} pages of unknown date are in none" if undated else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
