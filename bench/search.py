"""Search benchmark: Pustaka's split index against one plain lunr.py index, in Chromium.

For each size (10,000 and 50,000 synthetic items from `synth.make_collection`):

- builds Pustaka's search data (`generator.search.build_site_search`, both cores) and the
  real search page body (theme/pustaka/search.html) into ``bench/out/search-N/pustaka``;
- builds a *baseline*: one lunr.py index over the same records and fields, with the same
  Indonesian pipeline, loaded whole with lunr.js, plus one file of display data;
- in headless Chromium from ``file://`` (no server, no network) measures, for each:
  bytes loaded before the first results are shown (each file gzip-compressed, as a web
  server would send it), time from navigation to the first results, and the latency of
  50 fixed queries (p50/p95; each query is timed until its results are on screen).

    .venv/bin/python bench/search.py            # 10,000 and 50,000
    .venv/bin/python bench/search.py --sizes 10000

Writes bench/out/search.json and prints a Markdown table for bench/RESULTS.md.

Before that it runs bench/relevance.py (recall@10 and MRR of the judged queries in
bench/queries.yml, against Pagefind) and bench/flows.py (the home-box and typed flows, to the
painted frame, on full sites built at the same sizes); ``--skip-relevance``,
``--skip-flows``, ``--skip-split`` leave a part out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from synth import make_collection  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
FIRST_QUERY = "perpustakaan"
#: 50 queries a reader might type: roots and affixed forms, two-word queries, prefixes and typos.
QUERIES = """
perpustakaan membaca pembacaan kebudayaan pendidikan sejarah pesisir nelayan perikanan budaya
penelitian kerajinan tenun pelabuhan pertanian arsip naskah koleksi pengetahuan masyarakat
sejarah_kota tradisi_lisan pendidikan_anak pelestarian_budaya hukum_adat kesehatan_masyarakat
perdagangan_rempah kapal_perahu bahasa_daerah peta_wilayah
perpus pendid kebuda sejar nelay penel kerajin pelabu koleks masyara
perpustakan pendidkan kebudayan sejarh nelyan penelitan kerajnan pelabuhn pertanan masyarkat
""".split()
assert len(QUERIES) == 50, len(QUERIES)
QUERIES = [q.replace("_", " ") for q in QUERIES]

# Records when the first results appear (the results list gets data-ready).
OBSERVER = """
window.__firstResults = null;
new MutationObserver(function (records, observer) {
  var list = document.querySelector('[data-ready]');
  if (list && list.children.length) { window.__firstResults = performance.now(); observer.disconnect(); }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready']});
"""

BASELINE_JS = r"""
(function () {
  "use strict";
  lunr.Pipeline.registerFunction(function (token) {
    return token.update(function (s) { return PustakaStemmerId.stem(s); });
  }, "stemmer-id");
  var idx = lunr.Index.load(window.BASELINE_INDEX), docs = window.BASELINE_DOCS;
  var list = document.getElementById("results");
  function run(q) {
    var results = [];
    try { results = idx.search(q); } catch (e) { results = []; }
    list.innerHTML = results.slice(0, 20).map(function (r) {
      var d = docs[parseInt(r.ref, 36)];
      return "<li><a href='#'>" + d[1] + "</a> " + d[2] + " " + (d[3] || "") + "</li>";
    }).join("");
    list.setAttribute("data-ready", String(Date.now()));
    return Promise.resolve();
  }
  window.PustakaSearch = {query: run};
  run(new URLSearchParams(location.search).get("q") || "");
})();
"""


def build_pustaka(collection, out: Path, jobs: int | None) -> float:
    from generator.site.i18n import Translator
    from generator.site.plan import _search_page
    from generator.render.writer import BodyRenderer
    from generator.search import build_site_search

    started = time.perf_counter()
    build_site_search(out, collection, jobs=jobs)
    seconds = time.perf_counter() - started
    shutil.copytree(REPO / "theme/assets/pustaka/search", out / "assets/pustaka/search", dirs_exist_ok=True)
    page = _search_page("id", Translator("id"))
    renderer = BodyRenderer([REPO / "theme/pustaka"], {"site_name": "Bench"})
    body = renderer.render(page)
    (out / "katalog").mkdir(parents=True, exist_ok=True)
    (out / page.url).write_text(f"<!doctype html><html lang='id'><head><meta charset='utf-8'><title>Cari</title>"
                                f"</head><body>{body}</body></html>", encoding="utf-8")
    return seconds


def build_baseline(collection, out: Path) -> float:
    from lunr.builder import Builder

    from generator.search.index import CORE_FIELDS, FULL_FIELDS, build_index, search_documents

    started = time.perf_counter()
    docs = search_documents(collection)
    merged = {}
    for lang in ("id", "en"):
        for doc in docs.core[lang]:
            merged[doc["ref"]] = dict(doc)
        for doc in docs.full[lang]:
            merged[doc["ref"]]["description"] = doc["description"]
    # plain lunr.py (the site's indexes use its faster subclass, generator/search/builder.py)
    index = build_index(list(merged.values()), {**CORE_FIELDS, **FULL_FIELDS}, "id", builder_class=Builder)
    seconds = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    for name in ("vendor/lunr/lunr.min.js", "stemmer-id.js"):
        shutil.copy(REPO / "theme/assets/pustaka/search" / name, out / Path(name).name)
    (out / "index.js").write_text("window.BASELINE_INDEX=" + json.dumps(index, separators=(",", ":")) + ";",
                                  encoding="utf-8")
    (out / "docs.js").write_text("window.BASELINE_DOCS=" + json.dumps([row[:6] for row in docs.items],
                                 ensure_ascii=False, separators=(",", ":")) + ";", encoding="utf-8")
    (out / "baseline.js").write_text(BASELINE_JS, encoding="utf-8")
    (out / "cari.html").write_text(
        "<!doctype html><html lang='id'><head><meta charset='utf-8'><title>Cari</title></head><body>"
        "<ol id='results'></ol>" + "".join(f"<script src='{name}'></script>" for name in
                                           ("lunr.min.js", "stemmer-id.js", "index.js", "docs.js", "baseline.js"))
        + "</body></html>", encoding="utf-8")
    return seconds


def _gzip_size(path: Path, cache: dict[Path, int]) -> int:
    if path not in cache:
        cache[path] = len(gzip.compress(path.read_bytes(), 6))
    return cache[path]


def measure(browser, page_path: Path, runs: int = 3) -> dict:
    """Cold loads (fresh context each run): bytes and time to the first results; then query latency."""
    url = page_path.as_uri() + "?q=" + FIRST_QUERY
    cache: dict[Path, int] = {}
    firsts, sizes = [], []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        finished: list[tuple[str, float]] = []
        # Resource Timing has no entries for file:// URLs; the browser's own request timing has.
        page.on("requestfinished", lambda request: finished.append(
            (request.url, request.timing["startTime"] + max(request.timing["responseEnd"], 0))))
        page.add_init_script(OBSERVER)
        page.goto(url)
        page.wait_for_function("window.__firstResults !== null", timeout=120_000)
        first = page.evaluate("window.__firstResults")
        first_epoch = page.evaluate("performance.timeOrigin + window.__firstResults")
        loaded = [Path(unquote(urlsplit(name).path)) for name, end in finished if end <= first_epoch + 1]
        sizes.append(sum(_gzip_size(path, cache) for path in loaded if path.is_file()))
        firsts.append(first)
        context.close()
    # Query latency: in one warm page, each query timed until its results are on screen.
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("[data-ready]", timeout=120_000)
    # Time each query until its results are on screen, letting the page settle (descriptions
    # and facet counts arrive in a second pass, once typing pauses) before the next one.
    # Nothing is fetched ahead: a query whose word starts with a new letter loads its shard.
    page.wait_for_function("!document.getElementById('pustaka-search') || "
                           "document.getElementById('pustaka-search').dataset.state === 'complete'", timeout=300_000)
    latencies = page.evaluate("""async queries => {
        const out = [], root = document.getElementById('pustaka-search');
        const settle = () => new Promise(resolve => {
            const check = () => (!root || root.dataset.state === 'complete') ? resolve() : setTimeout(check, 5);
            check();
        });
        for (const q of queries) {
            const t = performance.now();
            await window.PustakaSearch.query(q);
            out.push(performance.now() - t);
            await settle();
        }
        return out;
    }""", QUERIES)
    context.close()
    latencies.sort()
    return {"first_results_ms": statistics.median(firsts), "first_results_runs_ms": firsts,
            "bytes_before_first_gzip": max(sizes), "query_p50_ms": statistics.median(latencies),
            "query_p95_ms": latencies[int(round(0.95 * (len(latencies) - 1)))], "query_max_ms": latencies[-1]}


def folder_gzip(folder: Path) -> tuple[int, int]:
    raw = packed = 0
    for path in folder.rglob("*.js"):
        data = path.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, 6))
    return raw, packed


def bench(n: int, out_root: Path, jobs: int | None, browser) -> dict:
    from generator.records import load_collection

    work = out_root / f"search-{n}"
    project = work / "project"
    if not (project / "collection").is_dir():
        make_collection(project, n)
    started = time.perf_counter()
    collection = load_collection(project / "collection", project_dir=project, cache_dir=work / "cache")
    load_seconds = time.perf_counter() - started
    for sub in ("pustaka", "baseline"):
        shutil.rmtree(work / sub, ignore_errors=True)
    ours_build = build_pustaka(collection, work / "pustaka", jobs)
    base_build = build_baseline(collection, work / "baseline")
    data = work / "pustaka/assets/pustaka/search/data"
    shard_sizes = sorted((len(gzip.compress(p.read_bytes(), 6)), p.name) for p in data.glob("*.js"))
    result = {"n": n, "load_seconds": load_seconds,
              "pustaka": {"build_seconds": ours_build, "files": len(shard_sizes),
                          "total_raw_gzip": folder_gzip(data),
                          "largest_gzip": shard_sizes[-3:],
                          **measure(browser, work / "pustaka/katalog/cari.html")},
              "baseline": {"build_seconds": base_build, "total_raw_gzip": folder_gzip(work / "baseline"),
                           **measure(browser, work / "baseline/cari.html")}}
    print(json.dumps(result, indent=1), flush=True)
    return result


def table(results: list[dict]) -> str:
    lines = ["| items | index | loaded before first results (gzip) | first results | query p50 | query p95 | build |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for r in results:
        for name in ("pustaka", "baseline"):
            m = r[name]
            lines.append(f"| {r['n']:,} | {'Pustaka (split)' if name == 'pustaka' else 'one lunr.py index'} | "
                         f"{m['bytes_before_first_gzip'] / 1e6:.2f} MB | {m['first_results_ms'] / 1000:.2f} s | "
                         f"{m['query_p50_ms']:.1f} ms | {m['query_p95_ms']:.1f} ms | {m['build_seconds']:.0f} s |")
        p, b = r["pustaka"], r["baseline"]
        lines.append(f"| {r['n']:,} | **ratio baseline / Pustaka** | "
                     f"{b['bytes_before_first_gzip'] / p['bytes_before_first_gzip']:.1f}× | "
                     f"{b['first_results_ms'] / p['first_results_ms']:.1f}× | "
                     f"{b['query_p50_ms'] / max(p['query_p50_ms'], 0.01):.1f}× | "
                     f"{b['query_p95_ms'] / max(p['query_p95_ms'], 0.01):.1f}× | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--skip-split", action="store_true", help="skip the split index / one index comparison")
    parser.add_argument("--skip-flows", action="store_true", help="skip bench/flows.py (the two flows, to paint)")
    parser.add_argument("--skip-relevance", action="store_true", help="skip bench/relevance.py (judged queries)")
    args = parser.parse_args(argv)
    status = 0
    if not args.skip_relevance:
        import relevance
        status |= relevance.main([])
    if not args.skip_flows:
        import flows
        status |= flows.main([arg for n in args.sizes for arg in ("--build", str(n))] + ["--out", str(args.out)])
    if args.skip_split:
        return status
    args.out = args.out.resolve()  # pages are opened by file:// URI, which needs an absolute path
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for n in args.sizes:
            results.append(bench(n, args.out, args.jobs, browser))
        browser.close()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(table(results))
    print(f"\nnproc {os.cpu_count()}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
