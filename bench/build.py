"""Build benchmark: `pustaka build` against bare mkdocs-material on the same items.

For each collection size N this writes two projects from the same synthetic records
(bench/synth.py): a Pustaka project (YAML records) and a bare mkdocs-material project
(the same items as plain Markdown pages under docs/katalog/, kept out of the nav, default
plugins so search stays on).  It then times, side by side in one run and in alternating
order:

  * pustaka cold     `python -m generator.cli build` after deleting .pustaka-cache and the site
  * pustaka rebuild  the same command again, nothing changed, cache kept
  * pustaka warm     the site deleted, .pustaka-cache kept: a CI job that restores the
                     cache (records, media derivatives, search data) but starts with no site
  * mkdocs-material  `python -m mkdocs build` of the bare project

Each build starts after os.sync(), so that no earlier build's data is still being
written back to disk (by the kernel, on the same two cores) while it runs. Nothing is
deleted while builds are timed: the outputs a build replaces are moved to a
trash folder, emptied at the end (see _trash: on these virtual disks file creation is
10-25x slower for a minute or more after a big deletion, which would otherwise be charged
to the next build, whichever side it is).

With --repeat R each build runs R times (the order of the sides alternates); the fastest
run is used for records/s and the ratios, since other work on the machine only adds time.

Each build runs as its own child process; its wall time comes from the clock around it,
its CPU time and peak RSS from os.wait4() on that child alone (ru_maxrss), and a sampler
thread sums the PSS (and RSS) of the child's whole process tree every 0.5 s
(--sample-interval), for builds that fork workers.  "peak MB" is the larger of ru_maxrss
and the peak PSS sum; the RSS sum, which counts copy-on-write pages once per worker, is
shown beside it. Children may write bytecode caches (see child_env), as installed
software does.

The targets are the generator issue's, all at 10,000 items: cold build <= 0.5x bare
mkdocs-material, peak memory < 1 GB, item page within 1.10x of its size at 1,000 items,
no-change rebuild <= 0.2x the cold build (shown at the other sizes too).

Usage:
    .venv/bin/python bench/build.py                       # 1,000 and 10,000 items
    .venv/bin/python bench/build.py --items 1000 --repeat 3 --json bench/out/build.json
    .venv/bin/python bench/build.py --items 1000,10000 --skip-bare
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402

# Targets from the issue.
SPEED_TARGET = 0.5          # pustaka cold / bare mkdocs-material at 10,000 items
SPEED_TARGET_N = 10_000
MEMORY_TARGET_MB = 1024     # peak memory of a pustaka build (see Run.peak_mb)
PAGE_GROWTH_TARGET = 1.10   # item page bytes at the largest N / at the smallest N
REBUILD_TARGET = 0.2        # no-change rebuild / cold build, at 10,000 items

# Where an item's page may be, tried in this order (--item-path puts its own pattern first).
ITEM_PATHS = ["katalog/{id}/index.html", "katalog/{id}.html", "katalog/{id}/index.htm"]
COMMON_SAMPLE = 100         # the first items, identical at every N (synth is prefix-stable)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# --------------------------------------------------------------------------------------
# Running one child and measuring it
# --------------------------------------------------------------------------------------

def _process_tree(root_pid: int) -> list[int]:
    """root_pid and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses; fields resume after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, stack = [], [root_pid]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, ()))
    return tree


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes. PSS shares copy-on-write pages out among the
    processes that map them, so summing it over forked workers does not count them twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            rss = pss = 0
            for line in fh:
                if line.startswith(b"Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
            return rss, pss
    except OSError:
        pass
    try:  # kernels without smaps_rollup: RSS only
        with open(f"/proc/{pid}/statm", "rb") as fh:
            rss = int(fh.read().split()[1]) * PAGE_SIZE
        return rss, rss
    except (OSError, IndexError, ValueError):
        return 0, 0


# Reading a big process's smaps_rollup walks its page tables (milliseconds each, on the
# build's own cores): every 50 ms over four processes of a 10,000-item build, that took a
# fifth of a core from the build, and most from the side with the most and biggest
# processes. Peaks last seconds, so a few samples a second find them.
SAMPLE_INTERVAL = 0.5


class _TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process tree until told to stop."""

    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self.max_procs = 0
        self.cpu_s = 0.0  # what sampling cost (it runs on the same cores as the build)
        self.done = threading.Event()

    def run(self) -> None:
        started = time.thread_time()
        try:
            self._sample()
        finally:
            self.cpu_s = time.thread_time() - started

    def _sample(self) -> None:
        while not self.done.is_set():
            try:
                tree = _process_tree(self.pid)
                mem = [_memory(pid) for pid in tree]
                self.peak_rss = max(self.peak_rss, sum(m[0] for m in mem))
                self.peak_pss = max(self.peak_pss, sum(m[1] for m in mem))
                self.max_procs = max(self.max_procs, len(tree))
            except Exception:  # /proc races are harmless here
                pass
            self.done.wait(self.interval)


@dataclass
class Run:
    label: str
    n: int
    cmd: list[str]
    rc: int | None = None
    wall_s: float = 0.0
    user_s: float = 0.0
    sys_s: float = 0.0
    maxrss_mb: float = 0.0        # ru_maxrss of this child (max over it and its reaped children)
    tree_pss_mb: float = 0.0      # sampled peak of the summed PSS of its process tree
    tree_rss_mb: float = 0.0      # the same for RSS (counts pages shared by forked workers repeatedly)
    max_procs: int = 0            # most processes seen at once in its tree
    load_before: float = 0.0      # 1-minute load average when it started (other work on the machine)
    log: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.rc == 0

    @property
    def peak_mb(self) -> float:
        # ru_maxrss bounds the footprint from below when the build is one process; the PSS sum
        # is the footprint of a build that forks workers.
        return max(self.maxrss_mb, self.tree_pss_mb)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # the same banner on both sides, only noise in the logs
    # Both sides start as installed software starts, from bytecode: pip compiled MkDocs's and
    # Material's modules when it installed them, but where PYTHONDONTWRITEBYTECODE is set
    # (some sandboxes and CI images) Pustaka's source checkout would be compiled anew by
    # every build (~70 ms, a seventh of a no-change rebuild at 1,000 items).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_pustaka() -> None:
    """Write Pustaka's bytecode before the first timed build (see child_env)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], env=child_env(), check=False,
                   stdout=subprocess.DEVNULL)


def run_child(label: str, n: int, cmd: list[str], cwd: Path, log_path: Path) -> Run:
    env = child_env()
    run = Run(label=label, n=n, cmd=cmd, log=str(log_path), load_before=os.getloadavg()[0])
    print(f"  [{n:>6}] {label:<16} ...", end="", flush=True, file=sys.stderr)
    # Every build starts with nothing waiting to be written: else the kernel writes the
    # previous build's hundreds of megabytes back to disk during this one, on its cores.
    os.sync()
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = _TreeSampler(proc.pid, SAMPLE_INTERVAL)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        run.wall_s = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen the child is reaped
    run.rc = proc.returncode
    run.user_s, run.sys_s = usage.ru_utime, usage.ru_stime
    run.maxrss_mb = usage.ru_maxrss / 1024  # KiB on Linux
    run.tree_pss_mb = sampler.peak_pss / 2**20
    run.tree_rss_mb = sampler.peak_rss / 2**20
    run.max_procs = sampler.max_procs
    if run.ok:
        print(f" {run.wall_s:8.2f} s  {run.peak_mb:7.1f} MB (RSS sum {run.tree_rss_mb:.1f} MB, "
              f"{run.max_procs} processes; load before {run.load_before:.2f}; "
              f"memory sampling took {sampler.cpu_s:.2f} CPU s)", file=sys.stderr)
    else:
        tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-12:]
        run.error = "\n".join(tail)
        print(f" FAILED (exit {run.rc}) after {run.wall_s:.2f} s; see {log_path}", file=sys.stderr)
        for line in tail:
            print(f"      | {line}", file=sys.stderr)
    return run


# --------------------------------------------------------------------------------------
# Output measurements
# --------------------------------------------------------------------------------------

@dataclass
class PageStats:
    pages: int = 0
    missing: int = 0
    median_bytes: float = 0
    max_bytes: int = 0
    common_mean_bytes: float = 0   # mean over the first COMMON_SAMPLE items (same records at every N)
    first_page_bytes: int = 0
    first_page_gzip: int = 0
    site_bytes: int = 0
    site_files: int = 0
    biggest_files: list = field(default_factory=list)
    item_path: str = ""


def find_item_pattern(site: Path, item_id: str) -> str | None:
    """The path pattern of item pages in this site, found from one item's id."""
    for pattern in ITEM_PATHS:
        if (site / pattern.format(id=item_id)).is_file():
            return pattern
    # Anywhere else: the shortest path to an HTML file named after the id (skips en/ mirrors).
    found = sorted((p for p in site.rglob(f"*{item_id}*") if p.is_file() and p.suffix == ".html"
                    or (p / "index.html").is_file()), key=lambda p: (len(p.parts), str(p)))
    for path in found:
        page = path if path.is_file() else path / "index.html"
        rel = page.relative_to(site).as_posix()
        return rel.replace(item_id, "{id}")
    return None


def page_stats(site: Path, ids: list[str]) -> PageStats:
    stats = PageStats()
    pattern = find_item_pattern(site, ids[0])
    stats.item_path = pattern or ""
    if pattern is None:
        print(f"warning: no page for item {ids[0]} found in {site} (tried {', '.join(ITEM_PATHS)}); "
              f"use --item-path", file=sys.stderr)
        pattern = ITEM_PATHS[0]
    sizes: list[int] = []
    for item_id in ids:
        path = site / pattern.format(id=item_id)
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            stats.missing += 1
            sizes.append(-1)
    present = [s for s in sizes if s >= 0]
    stats.pages = len(present)
    if present:
        stats.median_bytes = statistics.median(present)
        stats.max_bytes = max(present)
    common = [s for s in sizes[:COMMON_SAMPLE] if s >= 0]
    if common:
        stats.common_mean_bytes = statistics.fmean(common)
    first = site / pattern.format(id=ids[0])
    if first.exists():
        data = first.read_bytes()
        stats.first_page_bytes = len(data)
        stats.first_page_gzip = len(gzip.compress(data, compresslevel=6, mtime=0))
    files = []
    for dirpath, _, filenames in os.walk(site):
        for name in filenames:
            path = Path(dirpath) / name
            try:
                size = path.stat().st_size
            except OSError:
                continue
            stats.site_bytes += size
            stats.site_files += 1
            files.append((size, str(path.relative_to(site))))
    stats.biggest_files = [[p, s] for s, p in sorted(files, reverse=True)[:3]]
    return stats


# --------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------

def pustaka_cmd(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "generator.cli", "build", "-f", str(project / "mkdocs.yml"),
            "--site-dir", str(site)]


def bare_cmd(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]


def pustaka_available() -> str:
    """'' when generator.cli can be imported by the child, else the reason it cannot."""
    sys.path.insert(0, str(REPO))
    try:
        if importlib.util.find_spec("generator.cli") is None:
            return f"generator.cli not found (looked in {REPO} and {sys.executable}'s site-packages)"
    except Exception as exc:  # a broken generator package
        return f"generator package cannot be imported: {exc!r}"
    finally:
        sys.path.remove(str(REPO))
    return ""


TRASH = ".trash"


def _trash(path: Path) -> None:
    """Move ``path`` out of the way, into the work folder's trash, emptied only when every
    build has been timed.

    On these machines (ext4 mounted with ``discard``, on a virtual disk) file creation is
    10-25x slower for a minute or more after hundreds of megabytes are deleted, while the
    freed blocks are discarded. Deleting the previous site just before a timed build would
    charge that to the build, and most to the side whose previous site was the biggest;
    a rename costs nothing."""
    if not path.exists() and not path.is_symlink():
        return
    bin_ = path.parent / TRASH
    bin_.mkdir(exist_ok=True)
    path.rename(bin_ / f"{path.name}-{time.time_ns()}")


def _empty_trash(out: Path) -> None:
    for bin_ in out.rglob(TRASH):
        shutil.rmtree(bin_, ignore_errors=True)


def _median(runs: list[Run], attr: str) -> float | None:
    values = [getattr(r, attr) for r in runs if r.ok]
    return statistics.median(values) if values else None


def _best(runs: list[Run]) -> Run | None:
    """The fastest successful run. Other work on the machine only ever adds time, so with
    --repeat the minimum is the steadiest estimate of a build's own cost."""
    return min((r for r in runs if r.ok), key=lambda r: r.wall_s, default=None)


def bench_size(n: int, args, out: Path, order_offset: int, pustaka_reason: str) -> dict:
    work = out / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    p_proj, p_site = work / "pustaka", work / "pustaka-site"
    b_proj, b_site = work / "bare", work / "bare-site"
    do_pustaka = not args.skip_pustaka and not pustaka_reason
    do_bare = not args.skip_bare

    for path in (p_proj, p_site, b_proj, b_site):  # left by an earlier --keep run
        _trash(path)
    t = time.perf_counter()
    if do_pustaka:
        synth.make_collection(p_proj, n, args.seed)
    if do_bare:
        synth.make_bare_mkdocs(b_proj, n, args.seed)
    gen_s = time.perf_counter() - t
    ids = synth.item_ids(n, args.seed)
    print(f"[{n} items] projects written in {gen_s:.1f} s under {work}", file=sys.stderr)

    cold: list[Run] = []
    rebuild: list[Run] = []
    warm: list[Run] = []
    bare: list[Run] = []
    for rep in range(args.repeat):
        order = ["pustaka", "bare"] if (rep + order_offset) % 2 == 0 else ["bare", "pustaka"]
        for side in order:
            if side == "pustaka" and do_pustaka:
                _trash(p_proj / ".pustaka-cache")
                _trash(p_site)
                r = run_child("pustaka cold", n, pustaka_cmd(p_proj, p_site), p_proj, work / f"pustaka-cold-{rep}.log")
                cold.append(r)
                if r.ok:
                    rebuild.append(run_child("pustaka rebuild", n, pustaka_cmd(p_proj, p_site), p_proj,
                                             work / f"pustaka-rebuild-{rep}.log"))
                    _trash(p_site)
                    warm.append(run_child("pustaka warm", n, pustaka_cmd(p_proj, p_site), p_proj,
                                          work / f"pustaka-warm-{rep}.log"))
            elif side == "bare" and do_bare:
                _trash(b_site)
                bare.append(run_child("mkdocs-material", n, bare_cmd(b_proj, b_site), b_proj,
                                      work / f"bare-{rep}.log"))

    result: dict = {"n": n, "generate_s": gen_s, "runs": [asdict(r) for r in cold + rebuild + warm + bare]}
    for name, runs, site in (("pustaka_cold", cold, p_site), ("pustaka_rebuild", rebuild, p_site),
                             ("pustaka_warm", warm, p_site),
                             ("bare", bare, b_site)):
        if not runs:
            continue
        best = _best(runs)
        wall = best.wall_s if best else None
        result[name] = {
            "ok": all(r.ok for r in runs),
            "error": next((r.error for r in runs if not r.ok), ""),
            "wall_s": wall,                                   # minimum over the repeats
            "wall_s_median": _median(runs, "wall_s"),
            "wall_s_all": [round(r.wall_s, 3) for r in runs],
            "cpu_s": best.user_s + best.sys_s if best else None,
            "records_per_s": n / wall if wall else None,
            "peak_mb": max((r.peak_mb for r in runs if r.ok), default=None),
            "maxrss_mb": max((r.maxrss_mb for r in runs if r.ok), default=None),
            "tree_pss_mb": max((r.tree_pss_mb for r in runs if r.ok), default=None),
            "tree_rss_mb": max((r.tree_rss_mb for r in runs if r.ok), default=None),
            "max_procs": max((r.max_procs for r in runs if r.ok), default=None),
        }
    for name, site, ok in (("pustaka_pages", p_site, bool(cold) and cold[-1].ok),
                           ("bare_pages", b_site, bool(bare) and bare[-1].ok)):
        if ok and site.exists():
            result[name] = asdict(page_stats(site, ids))
    if not args.keep:
        for path in (p_proj, p_site, b_proj, b_site):
            _trash(path)
    return result


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------

def _fmt(value, spec: str, empty: str = "—") -> str:
    return empty if value is None else format(value, spec)


def report(results: list[dict], pustaka_reason: str) -> dict:
    lines = []
    head = (f"{'items':>7}  {'build':<16} {'wall s':>8} {'med s':>8} {'rec/s':>8} {'cpu s':>8} {'peak MB':>8}  "
            f"{'rss∑ MB':>8} {'procs':>5}  {'page B med':>10} {'page B max':>10} {'page B gz':>9} {'site MB':>8}")
    lines += [head, "-" * len(head)]
    for res in results:
        n = res["n"]
        for key, label, pages in (("pustaka_cold", "pustaka cold", "pustaka_pages"),
                                  ("pustaka_rebuild", "pustaka rebuild", None),
                                  ("pustaka_warm", "pustaka warm", None),
                                  ("bare", "mkdocs-material", "bare_pages")):
            s = res.get(key)
            if s is None:
                continue
            p = res.get(pages) if pages else None
            if not s["ok"] and s["wall_s"] is None:
                lines.append(f"{n:>7}  {label:<16} FAILED: {s['error'].splitlines()[-1] if s['error'] else '?'}")
                continue
            lines.append(
                f"{n:>7}  {label:<16} {_fmt(s['wall_s'], '8.2f')} {_fmt(s['wall_s_median'], '8.2f')} "
                f"{_fmt(s['records_per_s'], '8.0f')} "
                f"{_fmt(s['cpu_s'], '8.2f')} {_fmt(s['peak_mb'], '8.1f')} {_fmt(s['tree_rss_mb'], '8.1f')} "
                f"{_fmt(s['max_procs'], '5d')}  "
                f"{_fmt(p and p['median_bytes'], '10,.0f', ' ' * 9 + '·')} "
                f"{_fmt(p and p['max_bytes'], '10,d', ' ' * 9 + '·')} "
                f"{_fmt(p and p['first_page_gzip'], '9,d', ' ' * 8 + '·')} "
                f"{_fmt(p and p['site_bytes'] / 2**20, '8.1f', ' ' * 7 + '·')}")
    lines.append("wall s: fastest of the repeats (used for rec/s and the ratios); med s: their median; "
                 "peak MB: max(ru_maxrss, summed PSS of the process tree)")
    print("\n".join(lines))
    if pustaka_reason:
        print(f"\npustaka side skipped: {pustaka_reason}")

    print("\nRatios")
    for res in results:
        c, r, b = res.get("pustaka_cold"), res.get("pustaka_rebuild"), res.get("bare")
        w = res.get("pustaka_warm")
        parts = [f"{res['n']:>7} items:"]
        if c and b and c["wall_s"] and b["wall_s"]:
            res["speed_ratio"] = c["wall_s"] / b["wall_s"]
            parts.append(f"pustaka/mkdocs-material = {res['speed_ratio']:.3f}")
        if w and b and w["wall_s"] and b["wall_s"]:
            res["warm_ratio"] = w["wall_s"] / b["wall_s"]
            parts.append(f"pustaka warm/mkdocs-material = {res['warm_ratio']:.3f}")
        if c and r and c["wall_s"] and r["wall_s"]:
            res["rebuild_ratio"] = r["wall_s"] / c["wall_s"]
            parts.append(f"rebuild/cold = {res['rebuild_ratio']:.3f}")
        for key, label in (("pustaka_pages", "pustaka"), ("bare_pages", "mkdocs-material")):
            p = res.get(key)
            if p:
                parts.append(f"{label} {p['item_path'] or '?'}: first {p['first_page_bytes']:,} B "
                             f"({p['first_page_gzip']:,} B gzip)"
                             + (f", {p['missing']} item pages missing" if p["missing"] else ""))
        print("  ".join(parts))
    big = [(res["n"], key, res[key]["biggest_files"]) for res in results
           for key in ("pustaka_pages", "bare_pages") if res.get(key)]
    for n, key, files in big:
        print(f"  {n:>7} {key.split('_')[0]:<8} biggest files: "
              + ", ".join(f"{p} {s / 2**20:.1f} MB" for p, s in files))

    # Targets
    targets: list[dict] = []

    def add(name: str, value, limit, ok, note: str = "") -> None:
        targets.append({"target": name, "value": value, "limit": limit,
                        "status": "n/a" if ok is None else "PASS" if ok else "FAIL", "note": note})

    def at_target_size(ratio: str) -> tuple[list[dict], dict | None, str]:
        """The results that have ``ratio``, the one at SPEED_TARGET_N items (else the largest
        size), and a note when it is not at SPEED_TARGET_N."""
        measured = [res for res in results if ratio in res]
        at = next((res for res in measured if res["n"] == SPEED_TARGET_N), measured[-1] if measured else None)
        note = "" if not at or at["n"] == SPEED_TARGET_N else f"measured at {at['n']:,} items, not {SPEED_TARGET_N:,}"
        return measured, at, note

    _, at, note = at_target_size("speed_ratio")
    add(f"pustaka time <= {SPEED_TARGET}x mkdocs-material at {SPEED_TARGET_N:,} items",
        at and round(at["speed_ratio"], 3), SPEED_TARGET, at and at["speed_ratio"] <= SPEED_TARGET, note)

    peaks = [(res["n"], max(res[k]["peak_mb"] for k in ("pustaka_cold", "pustaka_rebuild")
                            if res.get(k) and res[k]["peak_mb"] is not None))
             for res in results if res.get("pustaka_cold") and res["pustaka_cold"]["peak_mb"] is not None]
    worst = max(peaks, key=lambda x: x[1]) if peaks else None
    add(f"pustaka peak memory < {MEMORY_TARGET_MB} MB", worst and round(worst[1], 1), MEMORY_TARGET_MB,
        worst and worst[1] < MEMORY_TARGET_MB, worst and f"worst at {worst[0]:,} items")

    paged = [res for res in results if res.get("pustaka_pages") and res["pustaka_pages"]["common_mean_bytes"]]
    if len(paged) >= 2:
        lo, hi = paged[0], paged[-1]
        growth = hi["pustaka_pages"]["common_mean_bytes"] / lo["pustaka_pages"]["common_mean_bytes"]
        med = hi["pustaka_pages"]["median_bytes"] / lo["pustaka_pages"]["median_bytes"]
        add(f"item page at {hi['n']:,} items <= {PAGE_GROWTH_TARGET:.2f}x its size at {lo['n']:,}",
            round(growth, 3), PAGE_GROWTH_TARGET, growth <= PAGE_GROWTH_TARGET,
            f"same first {COMMON_SAMPLE} records at both sizes; median of all item pages {med:.3f}x")
    else:
        add(f"item page growth <= {PAGE_GROWTH_TARGET:.2f}x", None, PAGE_GROWTH_TARGET, None,
            "needs pustaka pages at two sizes (e.g. --items 1000,10000)")
    bare_paged = [res for res in results if res.get("bare_pages") and res["bare_pages"]["common_mean_bytes"]]
    bare_growth = None
    if len(bare_paged) >= 2:
        bare_growth = (bare_paged[-1]["bare_pages"]["common_mean_bytes"]
                       / bare_paged[0]["bare_pages"]["common_mean_bytes"])

    # The issue sets the rebuild target with the others, "at 10,000 items". At small sizes it
    # cannot hold: a no-change rebuild costs what any MkDocs build of a one-page site costs
    # (Python, MkDocs and the theme starting: ~0.45 s here), a growing share of a cold
    # build that gets shorter. Smaller sizes are shown beside it.
    with_rebuild, at_rb, note = at_target_size("rebuild_ratio")
    others = ", ".join(f"{res['rebuild_ratio']:.3f} at {res['n']:,} items ({res['pustaka_rebuild']['wall_s']:.2f} s)"
                       for res in with_rebuild if res is not at_rb)
    add(f"no-change rebuild <= {REBUILD_TARGET}x cold build at {SPEED_TARGET_N:,} items",
        at_rb and round(at_rb["rebuild_ratio"], 3), REBUILD_TARGET, at_rb and at_rb["rebuild_ratio"] <= REBUILD_TARGET,
        "; ".join(filter(None, [note, others and f"also {others}"])))

    print("\nTargets")
    for t in targets:
        value = "—" if t["value"] is None else t["value"]
        note = f"  ({t['note']})" if t["note"] else ""
        print(f"  {t['status']:<4}  {t['target']}: {value}{note}")
    if bare_growth is not None:
        print(f"  info  mkdocs-material item page growth {bare_paged[0]['n']:,} -> {bare_paged[-1]['n']:,}: "
              f"{bare_growth:.3f}x")
    return {"targets": targets, "bare_page_growth": bare_growth}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time `pustaka build` against bare mkdocs-material.")
    parser.add_argument("--items", default="1000,10000",
                        type=lambda s: [int(x.replace("_", "")) for x in s.split(",") if x.strip()],
                        help="comma-separated collection sizes (default: 1000,10000)")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="work directory (default: bench/out)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per side and size; the order alternates between repeats (default: 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-bare", action="store_true", help="do not build the bare mkdocs-material project")
    parser.add_argument("--skip-pustaka", action="store_true", help="do not build the Pustaka project")
    parser.add_argument("--keep", action="store_true", help="keep generated projects and sites in --out")
    parser.add_argument("--item-path", metavar="PATTERN",
                        help="where item pages are in a built site, e.g. 'katalog/{id}.html' "
                             f"(default: the first of {', '.join(ITEM_PATHS)} that exists)")
    parser.add_argument("--json", type=Path, help="also write all measurements to this JSON file")
    parser.add_argument("--sample-interval", type=float, default=SAMPLE_INTERVAL, metavar="S",
                        help=f"seconds between memory samples of a build's processes (default: {SAMPLE_INTERVAL})")
    args = parser.parse_args(argv)
    globals()["SAMPLE_INTERVAL"] = args.sample_interval
    if args.skip_bare and args.skip_pustaka:
        parser.error("nothing to do with both --skip-bare and --skip-pustaka")
    if args.item_path:
        if "{id}" not in args.item_path:
            parser.error("--item-path needs {id} in it, e.g. katalog/{id}.html")
        ITEM_PATHS.insert(0, args.item_path)

    reason = "" if args.skip_pustaka else pustaka_available()
    if reason:
        print(f"warning: pustaka side cannot run: {reason}", file=sys.stderr)
    else:
        compile_pustaka()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    results = [bench_size(n, args, args.out, index, reason) for index, n in enumerate(sorted(set(args.items)))]
    print()
    summary = report(results, reason)
    _empty_trash(args.out)  # every build is timed: deleting can no longer slow one down
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        env = {"python": sys.version.split()[0], "executable": sys.executable, "platform": platform.platform(),
               "cpus": os.cpu_count(), "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started))}
        for dist in ("mkdocs", "mkdocs-material", "pustaka"):
            try:
                from importlib.metadata import version
                env[dist] = version(dist)
            except Exception:
                env[dist] = None
        args.json.write_text(json.dumps({"env": env, "args": {k: str(v) for k, v in vars(args).items()},
                                         "results": results, **summary}, indent=2, ensure_ascii=False),
                             encoding="utf-8")
        print(f"\nwrote {args.json}")
    failed_runs = any(not r.get("ok", True) for res in results
                      for r in (res.get("pustaka_cold"), res.get("pustaka_rebuild"), res.get("bare")) if r)
    return 1 if failed_runs or any(t["status"] == "FAIL" for t in summary["targets"]) else 0


if __name__ == "__main__":
    sys.exit(main())
