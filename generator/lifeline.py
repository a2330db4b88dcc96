"""Worker processes that end when the process that started them ends.

A pool's workers wait for their next task forever: when the build is killed (kill -9, an
out-of-memory kill, a closed terminal), nothing tells them, and they, the forkserver and
multiprocessing's resource tracker (which stay while any process holds their pipes) keep
running. On Linux the kernel can send a signal to a process when its parent dies
(``PR_SET_PDEATHSIG``); every pool of the build asks for it in its initializer. Elsewhere
a thread in the worker watches its parent's pid instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(owner: int) -> None:
    """Called first thing in a worker of the pool that process ``owner`` made: end this
    process as soon as its parent does (the owner, or for a forkserver pool the forkserver,
    which ends with the owner), or at once when the owner is already gone."""
    parent = os.getppid()
    if not ask_kernel_to_kill_me_with_parent(signal.SIGKILL):
        threading.Thread(target=_watch, args=(parent,), name="pustaka-lifeline", daemon=True).start()
    if not _exists(owner) or os.getppid() != parent:  # it died between the fork and now
        os._exit(1)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pool_options(**options):
    """Keyword arguments for a multiprocessing ``Pool`` or a ``ProcessPoolExecutor`` whose
    workers die with this process."""
    return {"initializer": die_with_parent, "initargs": (os.getpid(),), **options}


def forkserver_context() -> multiprocessing.context.BaseContext:
    """multiprocessing's forkserver context, its server made to end with this process.

    The forkserver is a child of this process that outlives it by design: it waits for
    more work until the last process holding its pipe is gone, and the workers it forked
    (children of the server, not of us) hold such pipes. It imports the modules named as
    its preload when it starts; ours asks the kernel to kill it with its parent."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["generator._forkserver_lifeline"])
    return context


def ask_kernel_to_kill_me_with_parent(signum: int) -> bool:
    """``PR_SET_PDEATHSIG`` on Linux; False where the kernel has no such request."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
