"""The whole build at archive scale: synthetic page files written in the
samples' layouts (bench/synthetic.py), built by ``build_docs.py`` with the
wall time of every stage, articles/s and peak memory; then, optionally,
``mkdocs build``, the site's size, and incremental rebuilds (nothing
changed; one more day of pages) checked against a clean build.

    .venv/bin/python bench/build_bench.py [--mkdocs] [--incremental] [--results bench/RESULTS.md] N [N ...]

Each size runs in a fresh process (peak memory is per process) in a
temporary project; nothing in the repository changes except the results
file.  The disk is synced and left to settle before each timed build, and
no project is deleted until all sizes are done: this machine's disk is
ext4 without a journal, which does not reuse an inode freed in the last
one to six minutes and scans past every such inode for each file it
creates (the kernel's ``recently_deleted``) — deleting the 1,000-article
project before the 10,000-article build tripled the time spent writing
its 33,000 files (4 s → 13 s, all of it kernel time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

STAGES = ["read", "segment", "annotate", "keywords", "link", "render", "search index", "write"]


def settle() -> None:
    os.sync()
    time.sleep(2)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def project(work: Path) -> Path:
    """A fresh project: configuration, code and hand-written docs, no pages."""
    root = work / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "build_docs.py"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "paperarchive", root / "paperarchive", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("js", "stylesheets"):
        shutil.copytree(ROOT / "docs" / name, root / "docs" / name)
    return root


def timed_build(root: Path, docs: str = "docs") -> dict:
    """``build_docs.py`` in this process (stage timings come straight from
    the pipeline), with a progress bar per stage on a terminal."""
    from paperarchive.cli import progress_bars
    from paperarchive.pipeline import Timings, build

    timings = Timings(progress_bars() if sys.stderr.isatty() else None)
    started = time.perf_counter()
    result = build(root / "seeds", root / docs, timings)
    wall = time.perf_counter() - started
    return {
        "wall": wall,
        "stages": dict(timings.stages),
        "pages": result.summary.pages,
        "articles": result.summary.articles,
        "written": len(result.write.written),
        "unchanged": len(result.write.unchanged),
        "errors": [str(d) for d in result.all_diagnostics if d.level == "error"][:5],
    }


def cli_build(root: Path) -> dict:
    """``build_docs.py`` as an editor runs it, in a process of its own: the
    wall time includes start-up, imports and exit (the stage timings and
    the build's own time come from its ``--timings`` output)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "build_docs.py", "--timings"], cwd=root, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    lines = done.stdout.strip().splitlines()
    stages = {}
    for part in lines[-1].strip().split(", "):
        name, seconds, _ = part.rsplit(" ", 2)
        stages[name] = float(seconds)
    first = lines[0]
    counts = re.search(r"(\d+) pages, (\d+) articles", first)
    files = re.search(r"(\d+) files written, (\d+) unchanged", first)
    return {
        "wall": wall,
        "build": float(re.search(r"\(([\d.]+) s\)$", first).group(1)),
        "stages": stages,
        "pages": int(counts.group(1)),
        "articles": int(counts.group(2)),
        "written": int(files.group(1)) if files else 0,
        "unchanged": int(files.group(2)) if files else 0,
    }


def one(count: int, mkdocs: bool, incremental: bool) -> dict:
    from synthetic import write_archive, write_next_day

    work = Path(tempfile.mkdtemp(prefix=f"paperarchive-bench-{count}-"))
    print(json.dumps({"work": str(work)}), flush=True)  # deleted by the caller once every size is done
    root = project(work)
    started = time.perf_counter()
    write_archive(root / "seeds", count)
    report: dict = {"n": count, "generate": time.perf_counter() - started}
    settle()
    report["clean"] = timed_build(root)
    report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["worker_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    docs = root / "docs"
    report["docs_files"] = sum(1 for p in docs.rglob("*") if p.is_file() and not p.name.startswith("."))
    report["docs_mb"] = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file() and not p.name.startswith(".")) / 1e6
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if mkdocs:
        settle()
        started = time.perf_counter()
        # The site build of scripts/build-site (strict; a full build here).
        built = subprocess.run([sys.executable, "-m", "paperarchive.sitebuild", "--site-dir", "site"], cwd=root, env=env, capture_output=True, text=True)
        report["mkdocs"] = time.perf_counter() - started
        report["mkdocs_ok"] = built.returncode == 0
        site = root / "site"
        report["site_files"] = sum(1 for p in site.rglob("*") if p.is_file())
        report["site_mb"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
        report["site_pages"] = sum(1 for _ in site.rglob("*.html"))
    if incremental:
        settle()
        # The rebuilds an editor waits for: build_docs.py in its own process.
        report["unchanged"] = cli_build(root)
        added = write_next_day(root / "seeds")
        settle()
        report["added_pages"] = len(added)
        report["add_day"] = cli_build(root)
        if mkdocs:
            # The site after the new day: incremental, then in full, compared.
            settle()
            started = time.perf_counter()
            built = subprocess.run([sys.executable, "-m", "paperarchive.sitebuild", "--site-dir", "site-next", "--previous", "site"], cwd=root, env=env, capture_output=True, text=True)
            report["site_incremental"] = time.perf_counter() - started
            report["site_incremental_kind"] = built.stdout.strip() or built.stderr.strip()[-300:]
            settle()
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "paperarchive.sitebuild", "--site-dir", "site-full"], cwd=root, env=env, capture_output=True, text=True, check=True)
            report["site_full"] = time.perf_counter() - started
            report["site_identical"] = tree(root / "site-next") == tree(root / "site-full")
        # The same inputs built clean, into another folder: the same files.
        shutil.copytree(ROOT / "docs" / "js", root / "clean" / "js")
        shutil.copytree(ROOT / "docs" / "stylesheets", root / "clean" / "stylesheets")
        report["clean_after"] = timed_build(root, "clean")
        incremental_tree, clean_tree = tree(docs), tree(root / "clean")
        report["identical"] = incremental_tree == clean_tree
        report["differing"] = sorted(k for k in set(incremental_tree) | set(clean_tree) if incremental_tree.get(k) != clean_tree.get(k))[:5]
    return report


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    cores = len(os.sched_getaffinity(0))
    return f"{model}, {cores} cores, {memory:.0f} GiB RAM, {platform.system()} {platform.release()}"


def versions() -> str:
    from importlib.metadata import version

    names = ["mkdocs", "mkdocs-material", "markdown", "pyyaml", "jieba", "rjieba", "numpy", "scipy"]
    return f"Python {platform.python_version()}; " + ", ".join(f"{n} {version(n)}" for n in names)


def markdown_table(reports: list[dict]) -> str:
    rows = ["| articles (pages) | " + " | ".join(STAGES) + " | build_docs.py | articles/s | peak RSS (main + largest worker) |", "|" + " --- |" * (len(STAGES) + 4)]
    for r in reports:
        c = r["clean"]
        stages = " | ".join(f"{c['stages'].get(s, 0):.1f}" for s in STAGES)
        rows.append(f"| {c['articles']:,} ({c['pages']:,}) | {stages} | **{c['wall']:.1f} s** | {c['articles'] / c['wall']:.0f} | {r['peak_rss_mb']:.0f} + {r['worker_rss_mb']:.0f} MB |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--mkdocs", action="store_true", help="also run mkdocs build and measure the site")
    parser.add_argument("--incremental", action="store_true", help="also rebuild unchanged and after adding a day")
    parser.add_argument("--results", type=Path, help="write the results as Markdown here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.mkdocs, args.incremental)))
        return
    reports = []
    folders = []
    try:
        for count in args.sizes:
            print(f"N={count} …", file=sys.stderr, flush=True)
            flags = [f for f, on in (("--mkdocs", args.mkdocs), ("--incremental", args.incremental)) if on]
            out = subprocess.run([sys.executable, __file__, "--one", str(count), *flags], stdout=subprocess.PIPE, text=True)
            lines = out.stdout.strip().splitlines()
            folders += [json.loads(line)["work"] for line in lines if line.startswith('{"work"')]
            if out.returncode != 0:
                raise SystemExit(f"the benchmark of {count} articles failed (exit code {out.returncode}); see the error above")
            report = json.loads(lines[-1])
            reports.append(report)
            print(json.dumps(report, ensure_ascii=False), flush=True)
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    lines = [
        "# Build benchmark",
        "",
        f"`.venv/bin/python bench/build_bench.py {' '.join(sys.argv[1:])}` on {dt.date.today().isoformat()}",
        "",
        f"Machine: {machine()}. {versions()}.",
        "",
        "Synthetic archives written by `bench/synthetic.py` as page files in the samples' layouts (blank-line, hard-wrapped, OCR `#` marks, half-width punctuation; a third of the pages with column flow), eight stories of ~1,500 characters a page, two pages a day from 2015. A clean build: empty `docs/`, no cache. Seconds per stage:",
        "",
        markdown_table(reports),
    ]
    if len(reports) > 1:
        small, large = reports[0]["clean"], reports[-1]["clean"]
        lines += ["", f"Cost per article, {large['articles']:,} against {small['articles']:,}: t({large['articles']:,}) / t({small['articles']:,}) = {large['wall'] / small['wall']:.1f} for {large['articles'] / small['articles']:.1f}× the articles."]
    for r in reports:
        lines += ["", f"## {r['clean']['articles']:,} articles", ""]
        lines.append(f"- generated Markdown: {r['docs_files']:,} files, {r['docs_mb']:.0f} MB")
        if "mkdocs" in r:
            lines.append(
                f"- site build (`python -m paperarchive.sitebuild`: MkDocs, full, strict): {r['mkdocs']:.1f} s ({'ok' if r['mkdocs_ok'] else 'FAILED'}), {r['site_pages']:,} HTML pages, "
                f"{1000 * r['mkdocs'] / r['site_pages']:.1f} ms per page; site {r['site_files']:,} files, {r['site_mb']:.0f} MB "
                f"({r['site_mb'] / r['clean']['articles'] * 1000:.0f} MB per 1,000 articles)"
            )
        if "unchanged" in r:
            lines.append(f"- rebuild with nothing changed (`build_docs.py`, its own process): {r['unchanged']['wall']:.1f} s ({r['unchanged']['written']} files written)")
            add = r["add_day"]
            lines.append(
                f"- rebuild after adding one day ({r['added_pages']} pages, {add['articles'] - r['clean']['articles']} articles; `build_docs.py`, its own process, start-up and exit included): **{add['wall']:.1f} s**, of which the build {add['build']:.1f} s "
                f"({add['written']:,} files written, {add['unchanged']:,} unchanged; stages: " + ", ".join(f"{k} {v:.1f}" for k, v in add["stages"].items()) + ")"
            )
            lines.append(f"- the same inputs built clean: {r['clean_after']['wall']:.1f} s; output {'identical' if r['identical'] else 'DIFFERENT: ' + ', '.join(r['differing'])}")
            if "site_incremental" in r:
                lines.append(
                    f"- the site after that day (`python -m paperarchive.sitebuild --previous site`, as `scripts/build-site` runs it): {r['site_incremental']:.1f} s "
                    f"({r['site_incremental_kind']}); a full site build of the same docs/: {r['site_full']:.1f} s; sites {'identical' if r['site_identical'] else 'DIFFERENT'}"
                )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.results:
        args.results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
