"""Work on other cores: results as if run here, in order, errors raised here."""

from __future__ import annotations

import os

import pytest

from paperarchive.parallel import SharedWork, fork_map, in_background


def test_fork_map_keeps_the_order_of_items_across_workers():
    results = fork_map(lambda n: (n * n, os.getpid()), list(range(500)), min_items=1, workers=2)
    assert [square for square, _ in results] == [n * n for n in range(500)]
    assert os.getpid() not in {pid for _, pid in results}  # done in workers (how many of them: the pool's choice)


@pytest.mark.parametrize("workers", [1, 2])
def test_fork_map_does_then_and_meanwhile_here_while_workers_run(workers: int):
    seen: list[tuple[int, int]] = []
    events: list[str] = []

    def then(item: int, result: tuple[int, int]) -> int:
        seen.append((item, os.getpid()))
        return result[0] + 1

    results = fork_map(lambda n: (n * n, os.getpid()), list(range(300)), min_items=1, workers=workers, then=then, meanwhile=lambda: events.append("meanwhile"))
    assert results == [n * n + 1 for n in range(300)]  # then's value, in item order
    assert sorted(item for item, _ in seen) == list(range(300))  # once per item
    assert {pid for _, pid in seen} == {os.getpid()}  # here, not in a worker
    assert events == ["meanwhile"]


def test_background_work_sees_memory_as_it_was_and_hands_back_its_result(monkeypatch):
    monkeypatch.setenv("PAPERARCHIVE_WORKERS", "2")  # forked even on one core
    table = {n: str(n) * 3 for n in range(20_000)}
    expected = sorted(table.values())[:3]
    pending = in_background(lambda: (os.getpid(), sorted(table.values())[:3], len(table)))
    table.clear()  # after the fork: the child still has the whole table
    pid, first, size = pending()
    assert first == expected and size == 20_000
    assert pid != os.getpid()
    assert pending() == (pid, first, size)  # asked again: the same result, not run again


def test_background_errors_are_raised_where_the_result_is_asked_for(monkeypatch):
    monkeypatch.setenv("PAPERARCHIVE_WORKERS", "2")
    def failing():
        raise ValueError("bad page 7")

    pending = in_background(failing)
    with pytest.raises(ValueError, match="bad page 7"):
        pending()


def test_background_work_can_be_cancelled(monkeypatch):
    """A build that fails before it needs the result stops the worker (in
    ``mkdocs serve`` the process lives on, and must not collect them)."""
    import time

    monkeypatch.setenv("PAPERARCHIVE_WORKERS", "2")
    pending = in_background(lambda: time.sleep(60))
    started = time.perf_counter()
    pending.cancel()
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("workers", ["1", "2"])
def test_background_work_tells_whether_its_result_is_in(monkeypatch, workers: str):
    """The pipeline renders pages that need no related stories until they
    are in: ``ready()`` must not wait, and must turn true once they are."""
    import time

    monkeypatch.setenv("PAPERARCHIVE_WORKERS", workers)
    gate = time.perf_counter() + 1.0
    pending = in_background(lambda: time.sleep(max(0.0, gate - time.perf_counter())) or "links")
    asked = time.perf_counter()
    assert pending.ready() is False and time.perf_counter() - asked < 0.5
    if workers == "2":  # forked: it comes in by itself
        while not pending.ready():
            assert time.perf_counter() < gate + 30
            time.sleep(0.05)
        assert time.perf_counter() >= gate
    assert pending() == "links" and pending.ready() is True


@pytest.mark.parametrize("workers", ["1", "2"])
def test_shared_work_is_done_here_and_by_a_helper_in_item_order(monkeypatch, workers: str):
    """The pipeline goes on with its own work while a helper renders, then
    helps: the results are in item order whoever made each."""
    import time

    monkeypatch.setenv("PAPERARCHIVE_WORKERS", workers)
    work = SharedWork(lambda n: time.sleep(0.005) or (n * n, os.getpid()), list(range(100)))
    time.sleep(0.05)  # this process busy elsewhere: the helper goes on
    results = work.results()
    assert [square for square, _ in results] == [n * n for n in range(100)]
    makers = {pid for _, pid in results}
    assert makers == {os.getpid()} if workers == "1" else (len(makers) == 2 and os.getpid() in makers)


def test_shared_work_errors_are_raised_by_results(monkeypatch):
    monkeypatch.setenv("PAPERARCHIVE_WORKERS", "2")

    def render(n: int) -> int:
        if n == 7:
            raise ValueError("bad page 7")
        return n

    with pytest.raises(ValueError, match="bad page 7"):
        SharedWork(render, list(range(20))).results()
