"""The pipeline: read pages → segment → write pages.  I/O lives here and in
:mod:`paperarchive.site.output`; every stage in between is pure."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .model import Diagnostic, PageResult
from .reader import find_page_files, load_manifest, read_page
from .segment import segment_page
from .site import render
from .site.export import articles_jsonl
from .site.output import WriteReport, write_tree
from .site.urls import article_source, page_source


class BuildError(Exception):
    """The build cannot run; the message says what to fix."""


@dataclass
class BuildResult:
    pages: list[PageResult]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    write: WriteReport | None = None
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return sum(len(p.articles) for p in self.pages)

    @property
    def all_diagnostics(self) -> list[Diagnostic]:
        found = [d for p in self.pages for d in p.diagnostics] + self.diagnostics
        if self.write:
            found += self.write.diagnostics
        return found


def segment_all(seeds: Path) -> tuple[list[PageResult], list[Diagnostic]]:
    if not seeds.is_dir():
        raise BuildError(f"seeds folder not found: {seeds} — create it and put one .txt file per newspaper page in it, or pass --seeds DIR")
    files = find_page_files(seeds)
    if not files:
        raise BuildError(f"no page files (*.txt) found in {seeds} — add one text file per newspaper page")
    manifest, diagnostics = load_manifest(seeds)
    results = [segment_page(read_page(path, seeds, manifest)) for path in files]
    keys: dict[str, str] = {}
    for result in results:
        key, rel = result.page.meta.key, result.page.rel_path
        if key in keys:
            raise BuildError(f"{rel} and {keys[key]} map to the same page key {key!r}; rename one of them")
        keys[key] = rel
    return results, diagnostics


def generated_files(results: list[PageResult], diagnostics: list[Diagnostic]) -> dict[str, str]:
    files: dict[str, str] = {}
    for result in results:
        files[page_source(result.page.meta.key)] = render.render_page_view(result)
        for article in result.articles:
            files[article_source(article)] = render.render_article(article, result)
    files["pages/index.md"] = render.render_pages_index(results)
    files["index.md"] = render.render_home(results)
    files["report.md"] = render.render_report(results, diagnostics)
    files["data/articles.jsonl"] = articles_jsonl(results)
    return files


def build(seeds: Path, docs: Path) -> BuildResult:
    started = time.perf_counter()
    seeds, docs = seeds.resolve(), docs.resolve()
    if docs == seeds or seeds in docs.parents:
        raise BuildError(f"the docs folder {docs} is inside the seeds folder {seeds}; choose another --docs")
    results, diagnostics = segment_all(seeds)
    files = generated_files(results, diagnostics)
    outcome = BuildResult(results, diagnostics)
    try:
        outcome.write = write_tree(docs, files)
    except OSError as exc:
        raise BuildError(f"cannot write to {docs}: {exc.strerror or exc}") from exc
    outcome.seconds = time.perf_counter() - started
    return outcome
