"""Pure per-item work (segmenting a page, annotating an article, rendering
a page) spread over the machine's cores.

Workers are forked: they read the items and whatever the function needs
(dictionaries, the site's link context) from the memory they inherit, so
nothing is pickled on the way in, and only results come back.  Results are
returned in item order, and each is a function of its item alone, so the
output is the same however the work is split — and the same as without
workers (``PAPERARCHIVE_WORKERS=1``).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

_TASK: tuple[Callable, Sequence] | None = None  # what forked workers run


def workers_available() -> int:
    """Cores to use: ``PAPERARCHIVE_WORKERS`` or the cores this process may
    run on (at most 8: beyond that, handing results back costs more)."""
    configured = os.environ.get("PAPERARCHIVE_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def can_fork() -> bool:
    """Whether forked helpers can run beside this process: two cores or
    more, and fork (not on Windows)."""
    return workers_available() > 1 and "fork" in multiprocessing.get_all_start_methods()


def die_with_parent(parent: int) -> None:
    """In a forked child: end when the build does.  A build killed outright
    (SIGKILL, the OOM killer) left its pool workers blocked on a task queue
    their siblings still held open, 140 MB each, for good — and a worker
    that stages pages would go on writing into a staging folder the next
    build may use.  On Linux the kernel now kills the child with its
    parent; elsewhere the caller checks ``os.getppid()`` where it matters."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # it died before the call above
        os._exit(1)


def _run_range(bounds: tuple[int, int, int]) -> list:
    function, items = _TASK
    return [function(items[i]) for i in range(*bounds)]


def fork_map(function: Callable[[T], R], items: Sequence[T], *, min_items: int = 64, workers: int | None = None, chunks_per_worker: int = 6, advance: Callable[[int], None] | None = None, then: Callable[[T, R], S] | None = None, meanwhile: Callable[[], None] | None = None) -> list:
    """``[function(item) for item in items]``, on all cores (or ``workers``)
    when there are at least ``min_items`` (below that, starting workers
    costs more than it saves); ``advance(n)`` is told as results come in.

    ``then(item, result)``, when given, is done here with each result as it
    comes in, and its value takes the result's place; ``meanwhile()`` is
    done here once the workers have started.  Work this process would do
    after the pool anyway (reading results back, storing them in the cache)
    is then done while the workers run, not with a core idle — in what
    order results come in is not fixed."""
    workers = workers or workers_available()
    if workers <= 1 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        if meanwhile is not None:
            meanwhile()
        results = []
        for item in items:
            result = function(item)
            results.append(then(item, result) if then is not None else result)
            if advance:
                advance(1)
        return results
    global _TASK
    _TASK = (function, items)
    # Chunks take every n-th item, not a run of them: items of one kind
    # come together (a clean build renders 22,000 tag pages, then 9,000
    # articles ten times as costly), and the last runs kept one worker busy
    # for a second after the other had finished.
    chunks = min(len(items), workers * chunks_per_worker)
    strides = [(first, len(items), chunks) for first in range(chunks)]
    results: list = [None] * len(items)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            parts = pool.imap(_run_range, strides)
            if meanwhile is not None:
                meanwhile()
            for first, part in enumerate(parts):
                if then is not None:
                    part = [then(items[i], result) for i, result in zip(range(first, len(items), chunks), part)]
                results[first::chunks] = part
                if advance:
                    advance(len(part))
    finally:
        _TASK = None
    return results


def in_background(function: Callable[[], R]) -> Callable[[], R]:
    """Start ``function()`` in a forked process, which sees this process's
    memory as it is now, and return a function that waits for its result
    (exceptions are raised there; asked again, the same result), with a
    ``ready()`` that tells whether asking now would return at once, and a
    ``cancel()`` for when it will not be asked (a build that failed: in
    ``mkdocs serve`` the process lives on).  Without fork, or with one
    worker, the function runs when its result is first asked for.  For pure
    work only: the child must not use this process's open files or database
    connections, nor start workers of its own (it is a daemon)."""
    if not can_fork():
        lazy = functools.cache(function)
        lazy.ready = lambda: lazy.cache_info().currsize > 0  # type: ignore[attr-defined]
        lazy.cancel = lambda: None  # type: ignore[attr-defined]
        return lazy
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    parent = os.getpid()
    process = context.Process(target=lambda: (die_with_parent(parent), send_outcome(sender, function)), daemon=True)
    process.start()
    sender.close()

    @functools.cache
    def result() -> R:
        try:
            return receive_outcome(receiver, process, "a background worker")  # before join: a large result fills the pipe
        finally:
            process.join()

    def cancel() -> None:
        stop(process, receiver)

    def ready() -> bool:
        return result.cache_info().currsize > 0 or receiver.poll()

    result.ready = ready  # type: ignore[attr-defined]
    result.cancel = cancel  # type: ignore[attr-defined]
    return result


def send_outcome(connection, compute: Callable[[], R]) -> tuple[bool, object]:
    """In a forked process: ``compute()`` sent to the parent as
    ``(True, value)``, or ``(False, exception)`` for the parent to raise
    (as a RuntimeError when it cannot be pickled); returned as sent.
    Nothing is sent when the parent stopped listening."""
    try:
        outcome: tuple[bool, object] = (True, compute())
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, exc)
    try:
        try:
            connection.send(outcome)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # a value or exception that cannot be pickled
            outcome = (False, RuntimeError(f"{type(exc).__name__}: {exc}"))
            connection.send(outcome)
    except OSError:
        pass  # the parent stopped listening (cancelled)
    return outcome


def receive_outcome(connection, process, name: str):
    """In the parent: the value :func:`send_outcome` sent, or its exception
    raised here; a process that ended without sending one is an error
    naming it (``name``) and its exit code."""
    try:
        succeeded, value = connection.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"{name} stopped without a result (exit code {process.exitcode})") from None
    if not succeeded:
        raise value
    return value


def stop(process, connection) -> None:
    """Stop a forked process whose results will not be asked for."""
    if process.is_alive():
        process.terminate()
    process.join()
    connection.close()


class SharedWork:
    """``[function(item) for item in items]``, worked through by one forked
    helper and by this process whenever it has nothing else to do: each
    takes the next item from a shared counter, so neither waits for the
    other and the split follows how busy each is.  Unlike :func:`fork_map`,
    whose pool leaves this process idle, the caller goes on with its own
    work (as the helper starts) and helps at the end: on two cores, one
    fork instead of two.  :meth:`help` does items here; :meth:`results`
    helps until none is left, then gathers them in item order — the same
    list however the items were shared.  The helper sees this process's
    memory as it is at construction (see :func:`in_background`)."""

    def __init__(self, function: Callable[[T], R], items: Sequence[T]):
        self._function, self._items = function, items
        self._done: dict[int, R] = {}
        self._taken = 0  # the counter when there is no helper
        self._counter = None
        self._helper: Callable[[], dict[int, R]] | None = None
        if len(items) > 1 and can_fork():
            self._counter = multiprocessing.get_context("fork").Value("q", 0)  # shared, with its own lock
            self._helper = in_background(self._work)

    def _take(self) -> int | None:
        if self._counter is None:
            index, self._taken = self._taken, self._taken + 1
        else:
            with self._counter.get_lock():
                index = self._counter.value
                self._counter.value = index + 1
        return index if index < len(self._items) else None

    def _work(self) -> dict[int, R]:
        done = {}
        while (index := self._take()) is not None:
            done[index] = self._function(self._items[index])
        return done

    def help(self, until: Callable[[], bool] = lambda: False) -> None:
        """Do items here until ``until()`` says stop or none is left."""
        while not until() and (index := self._take()) is not None:
            self._done[index] = self._function(self._items[index])

    def results(self) -> list[R]:
        try:
            self.help()
            if self._helper is not None:
                self._done.update(self._helper())
        except BaseException:
            self.cancel()
            raise
        return [self._done[index] for index in range(len(self._items))]

    def cancel(self) -> None:
        """Stop the helper (its results will not be asked for)."""
        if self._helper is not None:
            self._helper.cancel()  # type: ignore[attr-defined]
