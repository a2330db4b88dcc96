"""Relevance benchmark: the judged queries of bench/queries.yml against the built sample site.

Two engines answer every query, in headless Chromium:

- **Pustaka**: the site's own search page (katalog/cari.html) from ``file://``, driven as a
  patron drives it (the query typed into its box and submitted); the ranked results are read
  from the page when it has settled (descriptions included), by their ``data-record-id``.
- **Pagefind** (PyPI ``pagefind[bin]``, the ``bench`` extra) indexing the same built site's
  Indonesian record pages (catalogue items, services, branches, events), served over http
  from 127.0.0.1 because Pagefind cannot run from ``file://``; queried through its JS API.
  Result URLs are mapped back to record ids.

For each engine: recall@10 (share of a query's expected records in its first ten results,
averaged over queries) and MRR (1 / rank of the first expected record, 0 when none is in the
first 20), overall and per tag. Prints a table; ``--results`` writes it into bench/RESULTS.md.

    .venv/bin/python bench/relevance.py                      # builds the sample site first
    .venv/bin/python bench/relevance.py --site /tmp/site     # an already built sample site
    .venv/bin/python bench/relevance.py --show-misses        # every query that missed
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import json
import os
import platform
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
DEPTH = 20  # results read per query (MRR counts a hit down to here; recall counts the first 10)
#: Pages whose URL names a record: katalog/<id>.html, layanan|lokasi|kegiatan/<id>.html.
RECORD_URL = re.compile(r"(?:^|/)(katalog|layanan|lokasi|kegiatan)/([^/?#]+?)(?:\.html|/)?(?:[?#].*)?$")
PAGEFIND_GLOB = "{katalog,layanan,lokasi,kegiatan}/*.html"


def load_queries(path: Path) -> list[dict]:
    queries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for q in queries:
        q["q"] = str(q["q"])
    return queries


def record_id(url: str) -> str | None:
    """The record a result URL names (items by id, pages as layanan/<id>…), else None."""
    match = RECORD_URL.search(urlsplit(url).path)
    if not match or match.group(2) == "cari":
        return None
    return match.group(2) if match.group(1) == "katalog" else f"{match.group(1)}/{match.group(2)}"


# -- the site's own search page ------------------------------------------------------

# Every result, in order: by data-record-id (search.js sets it on each result, whatever the
# markup around it), else by the links of the result list.
READ_RESULTS = """() => {
  const root = document.getElementById('pustaka-search');
  const tagged = [...root.querySelectorAll('[data-record-id]')].map(e => e.getAttribute('data-record-id'));
  if (tagged.length) return {ids: tagged};
  return {hrefs: [...root.querySelectorAll('ol a[href], ul a[href]')].filter(a => !a.closest('fieldset'))
                  .map(a => a.href)};
}"""


def pustaka_results(page, query: str) -> list[str]:
    """Type ``query`` into the search page's box, submit, wait until the page has settled
    (its data-state says 'complete' once descriptions were searched too), read the results."""
    page.evaluate("() => document.getElementById('pustaka-search').removeAttribute('data-state')")
    box = page.locator("#pustaka-search input[type=search]")
    box.fill(query)
    box.press("Enter")
    try:
        page.wait_for_function("document.getElementById('pustaka-search').dataset.state === 'complete'",
                               timeout=15_000)
    except Exception:  # a page that never says so: take what it shows
        page.wait_for_timeout(1000)
    found = page.evaluate(READ_RESULTS)
    ids = found.get("ids") or [record_id(href) for href in found.get("hrefs", [])]
    return _dedupe(ids)[:DEPTH]


def run_pustaka(browser, site: Path, queries: list[dict]) -> list[list[str]]:
    page = browser.new_page()
    page.goto((site / "katalog/cari.html").as_uri())
    page.wait_for_function("document.getElementById('pustaka-search').dataset.state", timeout=60_000)
    out = [pustaka_results(page, q["q"]) for q in queries]
    page.close()
    return out


# -- Pagefind ------------------------------------------------------------------------

def build_pagefind(site: Path) -> str:
    """Index the site's Indonesian record pages into <site>/pagefind; return Pagefind's version."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", PAGEFIND_GLOB,
               "--root-selector", "article.md-content__inner", "--quiet"]
    subprocess.run(command, check=True)
    version = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True)
    return version.stdout.strip()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the benchmark's output is the table
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


PAGEFIND_SEARCH = """async ([queries, depth]) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const out = [];
  for (const q of queries) {
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.slice(0, depth).map(r => r.data()));
    out.push(data.map(d => d.url));
  }
  return out;
}"""


def run_pagefind(browser, site: Path, queries: list[dict]) -> list[list[str]]:
    server, base = serve(site)
    try:
        page = browser.new_page()
        page.goto(base + "404.html")
        urls = page.evaluate(PAGEFIND_SEARCH, [[q["q"] for q in queries], DEPTH * 2])
        page.close()
    finally:
        server.shutdown()
    return [_dedupe(record_id(u) for u in found)[:DEPTH] for found in urls]


# -- scores --------------------------------------------------------------------------

def _dedupe(ids) -> list[str]:
    seen, out = set(), []
    for i in ids:
        if i and i not in seen:
            seen.add(i)
            out.append(i)
    return out


def score(expected: list[str], ranked: list[str]) -> tuple[float, float]:
    """(recall@10, reciprocal rank of the first expected record in the first DEPTH)."""
    wanted = set(expected)
    recall = len(wanted.intersection(ranked[:10])) / len(wanted)
    rank = next((i for i, r in enumerate(ranked[:DEPTH], 1) if r in wanted), None)
    return recall, (1 / rank if rank else 0.0)


def summarise(queries: list[dict], answers: list[list[str]]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[tuple[float, float]]] = {"all": []}
    for q, ranked in zip(queries, answers):
        s = score(q["expect"], ranked)
        groups["all"].append(s)
        for tag in q["tags"]:
            groups.setdefault(tag, []).append(s)
    return {tag: {"n": len(v), "recall10": sum(r for r, _ in v) / len(v), "mrr": sum(m for _, m in v) / len(v)}
            for tag, v in groups.items()}


def table(summary: dict[str, dict[str, dict[str, float]]]) -> str:
    engines = list(summary)
    tags = ["all"] + sorted(t for t in summary[engines[0]] if t != "all")
    head = "| queries | n | " + " | ".join(f"{e} recall@10 | {e} MRR" for e in engines) + " |"
    lines = [head, "|---|---:|" + "---:|" * (2 * len(engines))]
    for tag in tags:
        cells = " | ".join(f"{summary[e][tag]['recall10']:.3f} | {summary[e][tag]['mrr']:.3f}" for e in engines)
        name = "**all**" if tag == "all" else tag
        lines.append(f"| {name} | {summary[engines[0]][tag]['n']} | {cells} |")
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, nproc {os.cpu_count()}, Linux {platform.release()}, Python {platform.python_version()}"


def build_sample(site: Path) -> None:
    subprocess.run([str(REPO / ".venv/bin/pustaka"), "build", "--site-dir", str(site)], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built sample site (default: build one into bench/out/sample-site)")
    parser.add_argument("--queries", type=Path, default=BENCH / "queries.yml")
    parser.add_argument("--skip-pagefind", action="store_true")
    parser.add_argument("--show-misses", action="store_true", help="print each query whose recall@10 < 1")
    parser.add_argument("--json", type=Path, default=BENCH / "out/relevance.json")
    args = parser.parse_args(argv)
    site = (args.site or BENCH / "out/sample-site").resolve()
    if args.site is None:
        build_sample(site)
    queries = load_queries(args.queries)
    from playwright.sync_api import sync_playwright

    answers: dict[str, list[list[str]]] = {}
    versions = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        versions["chromium"] = browser.version
        answers["Pustaka"] = run_pustaka(browser, site, queries)
        if not args.skip_pagefind:
            versions["pagefind"] = build_pagefind(site)
            answers["Pagefind"] = run_pagefind(browser, site, queries)
        browser.close()
    summary = {engine: summarise(queries, found) for engine, found in answers.items()}
    if args.show_misses:
        for engine, found in answers.items():
            print(f"\n{engine}: queries with recall@10 < 1")
            for q, ranked in zip(queries, found):
                recall, rr = score(q["expect"], ranked)
                if recall < 1:
                    print(f"  {q['q']!r} [{','.join(q['tags'])}] r={recall:.2f} rr={rr:.2f} "
                          f"missing={sorted(set(q['expect']) - set(ranked[:10]))} got={ranked[:5]}")
    report = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="minutes"),
              "machine": machine(), "versions": versions, "queries": len(queries), "summary": summary,
              "answers": {e: dict(zip((q["q"] for q in queries), found)) for e, found in answers.items()}}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\n{len(queries)} judged queries; {report['machine']}; {versions}; {report['date']}")
    print(table(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
