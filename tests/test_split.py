"""An archive split into one site per year, with a root index."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from .conftest import SEEDS, copy_project, run

pytestmark = pytest.mark.slow


def test_one_site_per_year_and_a_root_index(tmp_path):
    root = copy_project(tmp_path)
    seeds = root / "seeds"
    for path in seeds.glob("*.txt"):
        path.unlink()
    samples = sorted(SEEDS.glob("*.txt"))
    for date in ("2021-12-18", "2022-07-28"):
        for number, sample in enumerate(samples[:3], 1):
            shutil.copy(sample, seeds / f"重庆日报_{date}_{number:02d}.txt")
    shutil.copy(samples[1], seeds / "undated.txt")  # this page names no date of its own
    result = run([sys.executable, "-m", "paperarchive.split", "--by", "year", "--base-url", "https://example.org/archive-{period}/"], cwd=root, env={"PYTHONPATH": str(root)})
    assert "sites/2021: 2021-12-18 – 2021-12-18, 3 pages" in result.stdout and "sites/2022: 2022-07-28 – 2022-07-28, 3 pages" in result.stdout
    for year, date in (("2021", "2021-12-18"), ("2022", "2022-07-28")):
        site = root / "sites" / year
        records = [json.loads(line) for line in (site / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
        assert records and {r["date"] for r in records} == {date}
        assert f'<link rel="canonical" href="https://example.org/archive-{year}/' in (site / "index.html").read_text(encoding="utf-8")
    index = (root / "sites" / "index.html").read_text(encoding="utf-8")
    assert index.index("https://example.org/archive-2022/") < index.index("https://example.org/archive-2021/")  # newest first
    assert "undated.txt" in index
    assert not (root / "docs" / "articles").exists() and not (root / "site").exists()  # only sites/ is written

    # Split again after adding a page of 2022: 2021 is kept as it was, 2022 rebuilt.
    stamp = (root / "sites" / "2021" / "index.html").stat().st_mtime_ns
    shutil.copy(samples[3], seeds / "重庆日报_2022-07-28_04.txt")
    again = run([sys.executable, "-m", "paperarchive.split", "--by", "year", "--base-url", "https://example.org/archive-{period}/"], cwd=root, env={"PYTHONPATH": str(root)})
    assert "sites/2021: unchanged since the last split, kept" in again.stdout
    assert "sites/2022: 2022-07-28 – 2022-07-28, 4 pages" in again.stdout
    assert (root / "sites" / "2021" / "index.html").stat().st_mtime_ns == stamp
    periods = {p["name"]: p for p in json.loads((root / "sites" / "periods.json").read_text(encoding="utf-8"))}
    assert periods["2021"]["bytes"] > 0 and periods["2022"]["pages"] == 4
