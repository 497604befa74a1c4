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
Pages of unknown date belong to no period; they are named in the root index.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .bundle import BundleError, build_site
from .pipeline import BuildError, read_all

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


class SplitError(Exception):
    pass


def periods_of(seeds: Path, by: str) -> tuple[list[Period], list[str]]:
    """The periods the dated pages fall into, and the pages of unknown date."""
    pages, _ = read_all(seeds)
    dated: dict[str, list[str]] = {}
    undated = []
    for page in pages:
        if page.skipped:
            continue
        if page.meta.date is None:
            undated.append(page.rel_path)
        else:
            dated.setdefault(PERIODS[by](page.meta.date), []).append(page.meta.date)
    periods = [Period(name, min(dates), max(dates), len(dates)) for name, dates in sorted(dated.items())]
    return periods, sorted(undated)


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
        periods, undated = periods_of(seeds, args.by)
        if not periods:
            raise SplitError(f"no page in {seeds} has a known date; give them dates (file names or pages.yml)")
        args.out.mkdir(parents=True, exist_ok=True)
        for period in periods:
            period.url = args.base_url.format(period=period.name) if args.base_url else ""
            build_period(args.config, args.out, period, period.url)
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
