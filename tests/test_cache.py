"""The content-addressed cache: values come back as stored; a build's
entries are committed at its end; unused ones are dropped in bulk."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperarchive.cache import Cache


def rebuild(folder: Path, used: list[str], new: dict[str, int] = {}) -> None:
    cache = Cache(folder)
    cache.get_many("page", used)
    for key, value in new.items():
        cache.put("page", key, value)
    cache.save()
    cache.close()


def stored(folder: Path) -> dict[str, object]:
    cache = Cache(folder, readonly=True)
    try:
        return cache.get_many("page", [f"key{n}" for n in range(20)])
    finally:
        cache.close()


def test_unused_entries_are_dropped_once_they_are_more_than_a_quarter(tmp_path: Path):
    rebuild(tmp_path, [], {f"key{n}": n for n in range(8)})
    assert stored(tmp_path) == {f"key{n}": n for n in range(8)}
    rebuild(tmp_path, [f"key{n}" for n in range(6)])  # 2 of 8 unused: kept, a later build may want them
    assert len(stored(tmp_path)) == 8
    rebuild(tmp_path, [f"key{n}" for n in range(5)], {"key8": 8})  # 4 of 9 unused: dropped
    assert stored(tmp_path) == {**{f"key{n}": n for n in range(5)}, "key8": 8}


def test_a_build_that_stops_before_saving_leaves_the_cache_as_it_was(tmp_path: Path):
    rebuild(tmp_path, [], {"key0": 0})
    cache = Cache(tmp_path)
    cache.put("page", "key1", 1)
    cache.close()  # no save: killed, or failed
    assert stored(tmp_path) == {"key0": 0}


def test_jiebas_idf_table_is_parsed_once_then_read_from_the_cache(tmp_path: Path, monkeypatch):
    from paperarchive.annotate import resources

    monkeypatch.setattr(resources, "_IDF_TABLES", {})  # as in a new process
    cache = Cache(tmp_path)
    parsed = resources.jieba_idf(cache)
    cache.save()
    cache.close()
    assert len(parsed[0]) > 200_000 and parsed[1] < parsed[2]

    monkeypatch.setattr(resources, "_IDF_TABLES", {})
    monkeypatch.setattr(resources, "_parse_idf", lambda text: pytest.fail("parsed again"))
    cache = Cache(tmp_path)
    assert resources.jieba_idf(cache) == parsed
    cache.close()
