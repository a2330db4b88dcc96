"""Group commit: many requests stored by one transaction, each acknowledged after its flush.

A durable commit costs one flush of the log to disk (SQLite's WAL with
``synchronous=FULL``, PostgreSQL's WAL): a few milliseconds on a cheap disk, whatever the
transaction holds. Committed one by one, requests queue behind each other's flushes. So a
single writer thread takes every request that arrived while the last flush was running and
stores them in one transaction, each inside its own SAVEPOINT: a request that fails (an event
already full) is rolled back alone and its caller gets the error, while the others go on.
Only after the COMMIT returns are the callers' futures resolved, so no ticket is sent before
its request is on disk; when the commit fails, every request of the batch gets the error and
none was kept.

Nobody waits on purpose: a lone request is committed at once; batches form by themselves
when requests arrive faster than the disk flushes.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from concurrent.futures import Future
from typing import Any, Callable, Protocol, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The most requests one transaction takes: bounds how long the write lock is held and what
#: one failed commit can take down with it.
MAX_BATCH = 256

#: How often a batch is tried again when the database aborts it to break a deadlock
#: (two endpoint processes on one PostgreSQL database locking the same rows in turn).
RETRIES = 5

#: Each request's savepoint; released before the next one is made, so one name serves all.
SAVEPOINT = "pustaka_request"


class Batching(Protocol):
    """What the committer needs of a store: a transaction, and which errors mean "try again"."""

    retryable: tuple[type[BaseException], ...]

    def transaction(self) -> Any: ...

    def script(self, cur: Any, statements: list[str]) -> None:
        """Run statements without parameters, in one round trip where the database allows."""


class _Stop:
    pass


class GroupCommitter:
    """One writer thread; `submit(work)` returns a Future resolved after the commit.

    `work(cursor)` runs inside the batch's transaction, in a savepoint of its own; it may run
    again (in a new transaction) when the database asks the batch to be retried, so it must
    only use the cursor and its own arguments.
    """

    def __init__(self, store: Batching, *, max_batch: int = MAX_BATCH) -> None:
        self._store = store
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[tuple[Callable[[Any], Any], Future] | _Stop] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        #: Commits made and requests they carried: the flushes per acknowledged request.
        self.commits = 0
        self.committed = 0

    def submit(self, work: Callable[[Any], T]) -> Future[T]:
        future: Future[T] = Future()
        self._ensure_started()
        self._queue.put((work, future))
        return future

    def close(self, timeout: float = 30) -> None:
        """Store what was submitted, then stop the thread."""
        with self._start_lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(_Stop())
            thread.join(timeout)

    def _ensure_started(self) -> None:
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="pustaka-group-commit", daemon=True)
                    self._thread.start()

    # -- the writer thread ---------------------------------------------------------------
    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if isinstance(first, _Stop):
                return
            batch = [first]
            stop = False
            while len(batch) < self._max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if isinstance(more, _Stop):
                    stop = True
                    break
                batch.append(more)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[tuple[Callable[[Any], Any], Future]]) -> None:
        live = [(work, future) for work, future in batch if future.set_running_or_notify_cancel()]
        for attempt in itertools.count(1):
            try:
                outcomes = self._try(live)
            except self._store.retryable as exc:
                if attempt < RETRIES:
                    log.info("batch of %d retried after %s", len(live), type(exc).__name__)
                    continue
                outcomes = [(None, exc)] * len(live)
            except BaseException as exc:  # noqa: BLE001 - handed to every caller of the batch
                outcomes = [(None, exc)] * len(live)
            break
        for (_, future), (result, error) in zip(live, outcomes):
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)

    def _try(self, batch: list[tuple[Callable[[Any], Any], Future]]) -> list[tuple[Any, BaseException | None]]:
        """Run the batch in one transaction; the outcomes count only if the commit returns."""
        outcomes: list[tuple[Any, BaseException | None]] = []
        store = self._store
        with store.transaction() as cur:
            held = False  # a savepoint of the previous request, to release with the next one's start
            for work, _ in batch:
                store.script(cur, ([f"RELEASE SAVEPOINT {SAVEPOINT}"] if held else []) + [f"SAVEPOINT {SAVEPOINT}"])
                try:
                    result = work(cur)
                except store.retryable:
                    raise  # the whole transaction is gone: the batch starts again
                except Exception as exc:  # noqa: BLE001 - this request's own failure, reported to it
                    store.script(cur, [f"ROLLBACK TO SAVEPOINT {SAVEPOINT}", f"RELEASE SAVEPOINT {SAVEPOINT}"])
                    held = False
                    outcomes.append((None, exc))
                else:
                    held = True
                    outcomes.append((result, None))
            if held:
                store.script(cur, [f"RELEASE SAVEPOINT {SAVEPOINT}"])
        self.commits += 1
        self.committed += sum(1 for _, error in outcomes if error is None)
        return outcomes
