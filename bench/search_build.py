"""Search-data build benchmark: `build_site_search` cold (no cache), before and after a change.

Times `generator.search.build_site_search(site_dir, collection, jobs=N)` with no
``cache_dir`` (what a cold `pustaka build` does) on a synthetic collection, for two code
trees side by side in one run, in alternating order:

- **before**: the committed tree of a git revision (default ``HEAD``), exported with
  ``git archive`` into a temporary folder (git state is only read);
- **after**: the working tree.

Each run is a fresh child process that loads the collection with its own tree's loader,
then times only `build_site_search` into a fresh temporary folder: wall seconds and CPU
seconds (its own and its worker processes', which have ended and been reaped by then;
the loader's own workers are subtracted).
The fastest run of each side is reported (other work on the machine only adds time), the
median beside it. Both sides' search files are compared byte for byte.

    .venv/bin/python bench/search_build.py                         # 10,000 items, 3 runs per side
    .venv/bin/python bench/search_build.py --items 2000 --repeat 1
    .venv/bin/python bench/search_build.py --before 1a2b3c4 --jobs 2
    .venv/bin/python bench/search_build.py --skip-before           # the working tree only

The collection is written once per size by `synth.make_collection` into
``--work`` (default ``bench/out/search-build``) and kept between runs; ``--collection DIR``
uses an existing one instead.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

# Run in the child: time build_site_search of one tree (the tree is first on sys.path).
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from generator.records.collection import load_collection
from generator.search import build_site_search

collection = load_collection(Path(sys.argv[1]))
site = Path(sys.argv[2])

def children():  # CPU of ended child processes (the loader may have had some too)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

cpu, wall = time.process_time() + children(), time.perf_counter()
build_site_search(site, collection, jobs=int(sys.argv[3]))
wall = time.perf_counter() - wall
cpu = time.process_time() + children() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "items": len(collection.items)}))
"""


def export_tree(revision: str, into: Path) -> Path:
    """The ``generator`` package of ``revision``, read from git without touching its state."""
    archive = subprocess.run(["git", "archive", revision, "generator"], cwd=REPO, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run_once(tree: Path, collection: Path, site: Path, jobs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(collection), str(site), str(jobs)], cwd=tree,
                          env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def same_files(a: Path, b: Path) -> tuple[int, list[str]]:
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    differ = [name for name in names
              if not ((a / name).exists() and (b / name).exists()
                      and filecmp.cmp(a / name, b / name, shallow=False))]
    return len(names), differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--before", default="HEAD", help="git revision of the 'before' side")
    parser.add_argument("--skip-before", action="store_true")
    parser.add_argument("--work", type=Path, default=BENCH / "out" / "search-build")
    parser.add_argument("--collection", type=Path, help="an existing collection folder (instead of --items)")
    args = parser.parse_args(argv)

    import synth

    project = args.work / f"n{args.items}"
    collection = (args.collection or project / "collection").resolve()
    if not collection.is_dir():
        synth.make_collection(project, args.items, 1)
    sides = {"after": REPO}
    with tempfile.TemporaryDirectory(prefix="pustaka-search-bench-") as tmp:
        tmp = Path(tmp)
        if not args.skip_before:
            (tmp / "before").mkdir()
            sides = {"before": export_tree(args.before, (tmp / "before").resolve()), **sides}
        runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
        sites = {side: tmp / f"site-{side}" for side in sides}
        for round_ in range(args.repeat):
            order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
            for side in order:
                shutil.rmtree(sites[side], ignore_errors=True)
                load = os.getloadavg()[0]
                result = run_once(sides[side], collection, sites[side], args.jobs)
                runs[side].append(result)
                print(f"  {side:6} run {round_ + 1}: {result['wall']:.2f} s wall, {result['cpu']:.2f} s CPU "
                      f"(1-minute load average before: {load:.2f})", file=sys.stderr)
        items = runs["after"][0]["items"]
        print(f"\nbuild_site_search, {items:,} items, jobs={args.jobs}, cold (no cache), {os.cpu_count()} CPUs, "
              f"{args.repeat} run(s) per side; best (median)\n")
        print("| side | wall s | CPU s |\n|---|---:|---:|")
        for side, found in runs.items():
            best = min(found, key=lambda r: r["wall"])
            print(f"| {side} | {best['wall']:.2f} ({statistics.median(r['wall'] for r in found):.2f}) "
                  f"| {best['cpu']:.2f} ({statistics.median(r['cpu'] for r in found):.2f}) |")
        if len(sides) == 2:
            data = "assets/pustaka/search/data"
            count, differ = same_files(sites["before"] / data, sites["after"] / data)
            print(f"\nsearch files: {count}, differing: {len(differ)} {differ[:10] if differ else ''}")
            if differ:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
