"""generator.background: work forked beside the page writers returns, raises and stops."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator.background import Background


def test_result_comes_back_and_the_child_sees_the_parent_memory():
    shared = {"records": list(range(1000))}
    work = Background(lambda: sum(shared["records"]))
    assert work.result() == sum(range(1000))
    assert work.result() == sum(range(1000))  # asked twice, the same answer


def test_an_error_is_raised_by_result_with_the_child_traceback():
    def fails():
        raise ValueError("bad record")

    work = Background(fails)
    with pytest.raises(ValueError, match="bad record") as caught:
        work.result()
    assert any("in the background process" in note and "fails" in note for note in caught.value.__notes__)


def test_an_error_that_cannot_be_pickled_is_still_reported():
    class Local(Exception):  # defined in a function: pickle cannot find it again
        pass

    def fails():
        raise Local("cannot travel")

    with pytest.raises(Exception, match="cannot travel"):
        Background(fails).result()


def test_a_child_that_dies_is_reported():
    work = Background(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3"):
        work.result()


def _pids_file(folder: Path) -> Path:
    return folder / "pids"


def _pool_that_sleeps(folder: Path) -> None:
    with ProcessPoolExecutor(2) as pool:
        pids = list(pool.map(_sleeping_pid, [folder, folder]))
    raise AssertionError(f"the work should have been stopped, {pids}")


def _sleeping_pid(folder: Path) -> int:
    with open(_pids_file(folder), "a") as fh:
        fh.write(f"{os.getpid()}\n")
    time.sleep(60)
    return os.getpid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child not yet reaped by its (killed) parent is a zombie: not running.
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().split(") ", 1)[1][0] != "Z"


def test_cancel_stops_the_work_and_the_workers_it_started(tmp_path):
    work = Background(lambda: _pool_that_sleeps(tmp_path))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        text = _pids_file(tmp_path).read_text() if _pids_file(tmp_path).exists() else ""
        if len(text.split()) == 2:
            break
        time.sleep(0.05)
    workers = [int(pid) for pid in _pids_file(tmp_path).read_text().split()]
    assert len(workers) == 2
    work.cancel()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:  # do not leave them holding the test run's output open
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "a pool worker outlived the cancelled work"


def test_work_left_running_is_stopped_when_the_program_ends(tmp_path):
    # As when a build is interrupted (Ctrl-C reaches this process, not the work's own group).
    script = tmp_path / "interrupted.py"
    script.write_text(
        "import os, sys, time\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
        "from generator.background import Background\n"
        f"pid_file = {str(tmp_path / 'child')!r}\n"
        "def work():\n"
        "    open(pid_file, 'w').write(str(os.getpid()))\n"
        "    time.sleep(60)\n"
        "running = Background(work, stop_at_exit=True)\n"
        "while not os.path.exists(pid_file):\n"
        "    time.sleep(0.02)\n"
        "raise KeyboardInterrupt\n", encoding="utf-8")
    import subprocess
    import sys

    started = time.monotonic()
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "KeyboardInterrupt" in result.stderr
    assert time.monotonic() - started < 30, "the program waited for the work instead of stopping it"
    child = int((tmp_path / "child").read_text())
    assert not _alive(child)


def test_other_work_is_finished_when_the_program_ends(tmp_path):
    # Saving the record cache, say: still useful to the next build after this one failed.
    script = tmp_path / "failed.py"
    script.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
        "from generator.background import Background\n"
        f"done = {str(tmp_path / 'saved')!r}\n"
        "def save():\n"
        "    time.sleep(1)\n"
        "    open(done, 'w').write('saved')\n"
        "running = Background(save)\n"
        "raise SystemExit('the build failed')\n", encoding="utf-8")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "the build failed" in result.stderr
    assert (tmp_path / "saved").read_text() == "saved"
