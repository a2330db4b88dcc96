"""Work a build can do beside its page writers, in a forked process.

The page writers keep every core busy; work that only reads what the build already holds
(the records, the site settings) and writes its own files — feeds, open data, search data,
the record cache — can run beside them instead of after them, so that no core waits while
one stage finishes alone.

A fork shares the parent's memory without pickling it; only the result (small) and an
error travel back. Where ``fork`` is not available the work runs at once, in this process.
Work marked ``stop_at_exit`` that is still running when the program ends (an interrupted
build) is stopped then; other work is waited for, as Python waits for its child processes.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import pickle
import signal
import traceback
import weakref
from multiprocessing.connection import Connection
from typing import Any, Callable, Generic, TypeVar

from .lifeline import die_with_parent

T = TypeVar("T")

#: Work started by this process with ``stop_at_exit`` and not yet finished.
_running: "weakref.WeakSet[Background]" = weakref.WeakSet()


class BackgroundError(RuntimeError):
    """Work done in the background failed in a way that could not be sent back as it was."""


class Background(Generic[T]):
    """``fn()`` running in a forked child; `result` waits for it and returns or raises."""

    def __init__(self, fn: Callable[[], T], *, name: str = "pustaka-background", stop_at_exit: bool = False) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._done = False
        if "fork" not in multiprocessing.get_all_start_methods():
            self._run_here(fn)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # Not a daemon: the work may start its own worker processes (the search build does).
        self._process = context.Process(target=_child, args=(fn, send, os.getpid()), name=name)
        self._process.start()
        send.close()
        if stop_at_exit:
            _running.add(self)

    def _run_here(self, fn: Callable[[], T]) -> None:
        try:
            self._value = fn()
        except BaseException as exc:  # raised again by result(), as in the forked case
            self._error = exc
        self._done = True

    def result(self) -> T:
        if not self._done:
            try:
                ok, payload = self._receive.recv()
            except EOFError:
                self._process.join()  # its exit code is known only once it is reaped
                ok, payload = False, BackgroundError(f"{self._process.name} ended without a result "
                                                     f"(exit code {self._process.exitcode})")
            self._process.join()
            self._receive.close()
            self._done = True
            _running.discard(self)
            if ok:
                self._value = payload
            else:
                self._error = payload
        if self._error is not None:
            raise self._error
        return self._value

    def cancel(self) -> None:
        """Stop the work and every process it started (the build failed elsewhere); its
        files are left to the caller."""
        if not self._done:
            try:
                os.killpg(self._process.pid, signal.SIGKILL)  # the child leads its own group
            except ProcessLookupError:
                pass
            self._process.join()
            self._receive.close()
            self._done = True
            _running.discard(self)


@atexit.register
def _cancel_running() -> None:
    # The child leads a process group of its own, out of reach of the terminal's Ctrl-C:
    # a program that ends while the work runs (interrupted, or failed elsewhere) stops it.
    for work in list(_running):
        work.cancel()


def _child(fn: Callable[[], Any], send: Connection, parent: int) -> None:
    # A process group of its own, so that cancel() also stops the workers it may start
    # (left alone, a killed pool's workers would wait forever for their next task).
    os.setpgid(0, 0)
    die_with_parent(parent)  # a killed build (kill -9) takes this work with it
    try:
        message = (True, fn())
    except BaseException as exc:
        exc.add_note("in the background process:\n" + "".join(traceback.format_exception(exc)).rstrip())
        message = (False, exc)
    try:
        send.send(message)
    except (pickle.PicklingError, TypeError, AttributeError):
        # An error (or result) that cannot be pickled still reports what happened.
        text = "".join(traceback.format_exception(message[1])) if not message[0] else "an unpicklable result"
        send.send((False, BackgroundError(text.rstrip())))
    finally:
        send.close()
