"""A killed build leaves no process behind: workers, forkserver and resource tracker end with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from .projects import ROOT

# The process layout of a big build: pools forked from the build (page writers), a
# forkserver pool (media), and work beside the pages (Background) with a pool of its own.
SCRIPT = textwrap.dedent("""\
    import multiprocessing, os, sys, time
    from concurrent.futures import ProcessPoolExecutor
    from generator.background import Background
    from generator.lifeline import forkserver_context, pool_options

    def pid(_):
        time.sleep(0.2)
        return os.getpid()

    def nested():
        with multiprocessing.get_context("fork").Pool(2, **pool_options()) as pool:
            print("pids", os.getpid(), *set(pool.map(pid, range(4))), flush=True)
            time.sleep(600)

    if __name__ == "__main__":
        forked = multiprocessing.get_context("fork").Pool(2, **pool_options())
        print("pids", *set(forked.map(pid, range(4))), flush=True)
        served = ProcessPoolExecutor(**pool_options(max_workers=2, mp_context=forkserver_context()))
        print("pids", *set(served.map(pid, range(4))), flush=True)
        beside = Background(nested, stop_at_exit=True)
        time.sleep(600)
    """)


def _descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_kill_9_of_the_build_ends_every_process_it_started(tmp_path: Path) -> None:
    script = tmp_path / "build.py"
    script.write_text(SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        reported = set()
        for _ in range(3):
            reported |= {int(p) for p in proc.stdout.readline().split()[1:]}
        children = _descendants(proc.pid)
        # forked pool (2) + forkserver with its pool (3) + resource tracker + Background with its pool (3)
        assert len(children) >= 8 and reported <= children, (children, reported)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.2)
    left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:80]
            for pid in children if _alive(pid)}
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, left
