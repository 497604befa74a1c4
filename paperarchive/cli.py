"""Command line: ``python build_docs.py [--seeds DIR] [--docs DIR]``.

Exit status: 0 — the archive was written and every input was used;
3 — the archive was written, but some input was skipped or ignored (a file
that is not text, a broken pages.yml, a correction that matches nothing),
each named on stderr and in the build report; 1 — nothing was written
(the message says what to fix; docs/ is as it was); 2 — wrong arguments;
70 — an internal error (please report it).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from pathlib import Path

from .pipeline import BuildError, BuildResult, Timings, build
from .site.output import OutputError


PARTIAL = 3  # written, with some input skipped or ignored


def progress_bars():
    """A progress bar on stderr for each long stage (pages segmented,
    articles annotated …), for a terminal."""
    from tqdm import tqdm

    def start(stage: str, total: int):
        bar = tqdm(total=total, desc=stage, unit=" items", leave=False, mininterval=0.5, dynamic_ncols=True)

        def advance(count: int) -> None:
            bar.update(count)
            if bar.n >= total:
                bar.close()

        return advance

    return start


def main(argv: list[str] | None = None, exit_at_once: bool = False) -> int:
    """The command line; with ``exit_at_once``, the process ends here, its
    output flushed, without freeing the build's objects first: the
    operating system takes the memory back at once (an exit that freed
    them took 0.2 s longer at 10,000 articles)."""
    code, result = run(argv)  # result: the build's objects, referenced until the exit
    if exit_at_once:
        for child in multiprocessing.active_children():  # none after a build; as a normal exit would
            child.terminate()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def run(argv: list[str] | None = None) -> tuple[int, BuildResult | None]:
    """The command line's work: its exit status, and the build's result."""
    parser = argparse.ArgumentParser(
        prog="build_docs.py",
        description="Turn newspaper page texts into the Markdown pages of an MkDocs Material archive.",
    )
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of page .txt files (default: seeds/)")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="MkDocs docs folder to write into (default: docs/)")
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    parser.add_argument("--timings", action="store_true", help="print the wall time of each stage")
    parser.add_argument("--no-cache", action="store_true", help="redo every page (the cache is docs/.paperarchive-cache.sqlite)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    args = parser.parse_args(argv)
    timings = Timings(progress_bars() if not args.quiet and sys.stderr.isatty() else None)
    try:
        result = build(args.seeds, args.docs, timings, use_cache=not args.no_cache)
    except (BuildError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1, None
    except Exception as exc:  # pragma: no cover - last resort, keeps the promise of no traceback
        if args.debug:
            raise
        print(f"internal error: {exc.__class__.__name__}: {exc} — please report it; rerun with --debug for details", file=sys.stderr)
        return 70, None
    diagnostics = result.all_diagnostics
    errors = [d for d in diagnostics if d.level == "error"]
    if not args.quiet:
        summary, write = result.summary, result.write
        done = (
            f"nothing changed since the last build, {args.docs} is current"
            if result.current
            else f"{len(write.written)} files written, {len(write.unchanged)} unchanged, {len(write.removed)} removed in {args.docs}"
        )
        print(
            f"{summary.pages} pages, {summary.articles} articles; "
            f"{summary.accounted}/{summary.characters} characters accounted for, {summary.residue} kept as residue; "
            f"{done} ({result.seconds:.1f} s)"
        )
        for diagnostic in diagnostics:
            print(f"  {diagnostic}", file=sys.stderr if diagnostic.level == "error" else sys.stdout)
        if args.timings:
            print("  " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.stages.items()))
    elif errors:
        for diagnostic in errors:
            print(f"  {diagnostic}", file=sys.stderr)
    return (PARTIAL if errors else 0), result
