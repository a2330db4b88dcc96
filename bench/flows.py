"""Search speed as a patron meets it: two flows in Chromium from ``file://``, to the painted frame.

On a built Pustaka site (a synthetic collection from `synth.make_collection`, built by
``pustaka build``), in headless Chromium with a fresh browser context (empty cache) per run:

- **home**: the home page loads; a query is typed into its search box and submitted, which
  opens the search page with ``?q=…``. Measured on the search page: every file it fetched
  before its first results were painted (gzip-compressed sizes, as a web server would send
  them) and the time from its navigation start to that painted frame.
- **typed**: the search page is opened empty and left alone until it has fetched nothing for
  ``--idle`` seconds (a patron looking at it before typing); then queries are typed letter by
  letter (``--delay`` ms between keys). Measured: every file fetched from the page's
  navigation start until the first keystroke's results were painted (what the page
  prefetched while it waited counts), the time from that first keystroke to the painted
  frame, and for every keystroke the time to the painted frame of that prefix's results.

**The painted frame.** An init script watches the result list (a MutationObserver on the
search page's root). When the results of a query are put in the DOM it records the time and
asks for ``requestAnimationFrame``; inside that callback it posts a MessageChannel message.
The rAF callback runs in the rendering step that paints the new results (after it, style,
layout and paint of that frame run in the same task); the message arrives in the next task,
so its time is the end of the frame that shows the results on the main thread (the
compositor's presentation of it follows without more main-thread work). PerformanceObserver
'paint' entries exist only for the first paint of a document, and 'element' timing needs an
``elementtiming`` attribute on the result markup, so neither gives a time per keystroke.

Each keystroke is timed two ways: from the key's ``keydown`` (what the patron waits for,
including the page's debounce of typing) and from the moment the page starts that search
(it writes the query into the URL with ``history.replaceState`` when its debounce fires).
The targets are read against the second; both are printed. A key is typed at least
``--delay`` ms after the previous one and not before the previous prefix's results were
painted, so each is timed alone. Words of one letter and spaces are typed but not timed.

    .venv/bin/python bench/flows.py /tmp/site-10000           # a built synthetic site
    .venv/bin/python bench/flows.py --build 10000 --build 50000 # make and build them first
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
HOME_QUERY = "perpustakaan"
#: Typed letter by letter into the search page; words from synth.py's vocabulary, so every
#: prefix, two letters included, has many completions.
TYPED = ["sejarah kota", "perpustakaan", "kebudayaan pesisir", "nelayan", "pendidikan anak", "tenun", "pelabuhan",
         "masyarakat desa"]

WATCH = r"""
(() => {
  const log = window.__pustakaBench = {updates: [], keys: [], starts: []};
  const replace = history.replaceState;
  history.replaceState = function (state, title, url) {
    log.starts.push({t: performance.now(), url: String(url)});
    return replace.apply(this, arguments);
  };
  addEventListener('keydown', e => log.keys.push({t: e.timeStamp, key: e.key}), true);
  function count(root) { return root.querySelectorAll('[data-record-id]').length; }
  function watch(root) {
    const input = root.querySelector('input[type=search]');
    new MutationObserver(() => {
      const u = {q: input ? input.value : '', dom: performance.now(), n: count(root), paint: null};
      log.updates.push(u);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { u.paint = performance.now(); };
        channel.port2.postMessage(0);
      });
    }).observe(root.querySelector('ol') || root, {childList: true, subtree: true});
  }
  document.addEventListener('DOMContentLoaded', () => {
    const root = document.getElementById('pustaka-search');
    if (root) watch(root);
  });
})();
"""


class Files:
    """Every file a page fetched, with when its response ended (wall-clock ms)."""

    def __init__(self, page):
        self.done: list[tuple[str, float]] = []
        self.cache: dict[str, int] = {}
        page.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        timing = request.timing
        self.done.append((request.url, timing["startTime"] + max(timing["responseEnd"], 0)))

    def gzip_before(self, epoch_ms: float, since_ms: float = 0) -> tuple[int, list[str]]:
        total, names = 0, []
        for url, end in self.done:
            if not (since_ms - 1 <= end <= epoch_ms + 1) or not url.startswith("file:"):
                continue
            path = Path(unquote(urlsplit(url).path))
            if url not in self.cache:
                self.cache[url] = len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0
            total += self.cache[url]
            names.append(path.name)
        return total, names


def _wait_idle(page, files: Files, idle_s: float, limit_s: float = 60) -> None:
    """Until the page has fetched nothing for ``idle_s`` seconds (or ``limit_s`` passed)."""
    started = time.monotonic()
    while time.monotonic() - started < limit_s:
        last = max((end for _, end in files.done), default=0) / 1000
        if files.done and time.time() - last >= idle_s:
            return
        page.wait_for_timeout(200)


def _painted(page, q: str, after: float, timeout_ms: int = 10_000) -> dict:
    """The first result update for query ``q`` after ``after`` (page ms) once painted."""
    page.wait_for_function("""([q, after]) => window.__pustakaBench.updates.some(
        u => u.q === q && u.dom >= after && u.n > 0 && u.paint !== null)""", arg=[q, after], timeout=timeout_ms)
    return page.evaluate("""([q, after]) => window.__pustakaBench.updates.find(
        u => u.q === q && u.dom >= after && u.n > 0 && u.paint !== null)""", [q, after])


def home_flow(browser, site: Path, query: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(WATCH)
    page.goto((site / "index.html").as_uri())
    box = page.locator("form[role=search] input[type=search], form[role=search] input[name=q]").first
    box.fill(query)
    files = Files(page)  # from here: what the search page fetches
    with page.expect_navigation():
        box.press("Enter")
    update = _painted(page, query, 0)
    origin = page.evaluate("performance.timeOrigin")
    size, names = files.gzip_before(origin + update["paint"])
    context.close()
    return {"first_paint_ms": update["paint"], "first_dom_ms": update["dom"], "bytes_gzip": size, "files": names}


def typed_flow(browser, site: Path, queries: list[str], idle_s: float, delay_ms: int) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(WATCH)
    files = Files(page)
    page.goto((site / "katalog/cari.html").as_uri())
    page.wait_for_selector("#pustaka-search [data-record-id]", timeout=60_000)
    _wait_idle(page, files, idle_s)
    origin = page.evaluate("performance.timeOrigin")
    box = page.locator("#pustaka-search input[type=search]")
    strokes, first = [], None
    for n, query in enumerate(queries):
        if n:
            box.fill("")
            page.wait_for_timeout(400)
        box.focus()
        for i in range(1, len(query) + 1):
            prefix = query[:i]
            before = page.evaluate("performance.now()")
            page.keyboard.type(query[i - 1])
            # A space changes no word; a one-letter word searches only that one-letter term
            # (no completions), and its answer is usually "no results": neither is timed.
            if prefix.endswith(" ") or len(prefix.split()[-1]) < 2:
                page.wait_for_timeout(delay_ms)
                continue
            try:
                update = _painted(page, prefix, before)
            except Exception:  # no result for this prefix: nothing painted
                page.wait_for_timeout(delay_ms)
                continue
            log = page.evaluate("window.__pustakaBench")
            key = next(k["t"] for k in log["keys"] if k["t"] >= before - 1)
            start = max((s["t"] for s in log["starts"] if s["t"] >= key and s["t"] <= update["dom"]), default=key)
            stroke = {"q": prefix, "key_to_paint": update["paint"] - key, "start_to_paint": update["paint"] - start,
                      "start_to_dom": update["dom"] - start}
            strokes.append(stroke)
            if first is None:
                size, names = files.gzip_before(origin + update["paint"])
                first = {"bytes_gzip": size, "files": names, "first_paint_ms": stroke["key_to_paint"]}
            rest = delay_ms - (page.evaluate("performance.now()") - before)
            if rest > 0:
                page.wait_for_timeout(rest)
    total, _ = files.gzip_before(time.time() * 1000 + 1e6)
    context.close()
    return {**(first or {}), "strokes": strokes, "bytes_all_gzip": total}


PREFIX_COSTS = """async ([shard, prefixes, fields]) => {
  const data = await new Promise(resolve => {
    const register = window.PustakaSearch.register;
    window.PustakaSearch.register = (name, d) => { if (name === shard) resolve(d); return register(name, d); };
    const tag = document.createElement('script');
    tag.src = '../assets/pustaka/search/data/' + shard + '.js';
    document.head.appendChild(tag);
  });
  const idx = lunr.Index.load(data), out = [];
  const time = f => { const t = performance.now(); const r = f(); return [performance.now() - t, r.length]; };
  for (const p of prefixes) {
    const all = idx.tokenSet.intersect(lunr.TokenSet.fromString(p + '*')).toArray();
    const [wildMs, wildHits] = time(() => idx.query(q => q.term(p, {usePipeline: false, boost: 2, fields,
                                                                     wildcard: lunr.Query.wildcard.TRAILING})));
    let t = performance.now();
    const chosen = window.PustakaSearch.completions(idx, p);
    const chooseMs = performance.now() - t;
    const [boundedMs, boundedHits] = time(() => idx.query(q => chosen.forEach(
        term => q.term(term, {usePipeline: false, boost: 2, fields}))));
    out.push({prefix: p, completions: all.length, chosen: chosen.length, wildMs, wildHits,
              boundedMs: boundedMs + chooseMs, boundedHits});
  }
  return out;
}"""
CORE_TEXT = ["title", "subtitle", "creators", "subjects", "series"]


def prefix_costs(browser, site: Path) -> list[dict]:
    """One prefix query in a first-stage shard: lunr's trailing wildcard (every completion)
    against the page's bounded completions (`completions` in search.js), same shard, same page."""
    page = browser.new_page()
    page.goto((site / "katalog/cari.html").as_uri())
    page.wait_for_selector("#pustaka-search [data-record-id]", timeout=60_000)
    rows = []
    for shard, prefixes in (("core-id-s", ["s", "se", "sej"]), ("core-id-p", ["p", "pe", "per"]),
                            ("core-id-k", ["k", "ke", "keb"])):
        if (site / f"assets/pustaka/search/data/{shard}.js").is_file():
            rows += [{"shard": shard, **row} for row in page.evaluate(PREFIX_COSTS, [shard, prefixes, CORE_TEXT])]
    page.close()
    return rows


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def summary(n: int, home: list[dict], typed: list[dict]) -> dict:
    strokes = [s for run in typed for s in run["strokes"]]
    two = [s for s in strokes if len(s["q"].split()[-1]) == 2]
    worst = sorted(strokes, key=lambda s: -s["start_to_paint"])[:5]
    return {"n": n,
            "home_bytes_gzip": max(r["bytes_gzip"] for r in home),
            "home_first_paint_ms": statistics.median(r["first_paint_ms"] for r in home),
            "typed_bytes_gzip": max(r["bytes_gzip"] for r in typed),
            "typed_first_paint_ms": statistics.median(r["first_paint_ms"] for r in typed),
            "strokes": len(strokes),
            "p50_start_to_paint": statistics.median(s["start_to_paint"] for s in strokes),
            "p95_start_to_paint": p95([s["start_to_paint"] for s in strokes]),
            "p95_start_to_dom": p95([s["start_to_dom"] for s in strokes]),
            "p95_key_to_paint": p95([s["key_to_paint"] for s in strokes]),
            "max_two_letter_start_to_paint": max((s["start_to_paint"] for s in two), default=None),
            "worst": [(s["q"], round(s["start_to_paint"], 1)) for s in worst],
            "home_files": home[0]["files"], "typed_files": typed[0]["files"]}


def table(rows: list[dict]) -> str:
    lines = ["| items | flow | gzip before first results | first results (painted) | keystrokes | p50 | p95 to paint "
             "| p95 to DOM | p95 key→paint | worst two-letter |", "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['n']:,} | home box → search page | {r['home_bytes_gzip'] / 1000:.0f} KB | "
                     f"{r['home_first_paint_ms'] / 1000:.2f} s | | | | | | |")
        lines.append(f"| {r['n']:,} | typed into search page | {r['typed_bytes_gzip'] / 1000:.0f} KB | "
                     f"{r['typed_first_paint_ms'] / 1000:.2f} s | {r['strokes']} | {r['p50_start_to_paint']:.1f} ms | "
                     f"{r['p95_start_to_paint']:.1f} ms | {r['p95_start_to_dom']:.1f} ms | "
                     f"{r['p95_key_to_paint']:.1f} ms | {r['max_two_letter_start_to_paint'] or 0:.1f} ms |")
    return "\n".join(lines)


def count_items(site: Path) -> int:
    meta = (site / "assets/pustaka/search/data/meta.js").read_text(encoding="utf-8")
    return int(re.search(r'"count":(\d+)', meta).group(1))


def build(n: int, out: Path) -> Path:
    from synth import make_collection

    project, site = out / f"flows-{n}" / "project", out / f"flows-{n}" / "site"
    if not (project / "collection").is_dir():
        make_collection(project, n)
    subprocess.run([str(REPO / ".venv/bin/pustaka"), "build", "--site-dir", str(site)], cwd=project, check=True,
                   stdout=subprocess.DEVNULL)
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs="*", help="built synthetic sites")
    parser.add_argument("--build", type=int, action="append", default=[], help="make and build N items first")
    parser.add_argument("--runs", type=int, default=3, help="cold runs of each flow")
    parser.add_argument("--idle", type=float, default=3.0, help="seconds without a fetch before typing")
    parser.add_argument("--delay", type=int, default=250, help="ms between keystrokes (at least)")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--prefix-costs", action="store_true",
                        help="only time prefix queries: lunr's wildcard against the bounded completions")
    args = parser.parse_args(argv)
    sites = [s.resolve() for s in args.sites] + [build(n, args.out.resolve()) for n in args.build]
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for site in sites:
            n = count_items(site)
            if args.prefix_costs:
                print(f"\n{n:,} items: prefix query in one shard (ms)\n| shard | prefix | completions | wildcard "
                      "| hits | bounded: completions | bounded ms | hits |\n|---|---|---:|---:|---:|---:|---:|---:|")
                for r in prefix_costs(browser, site):
                    print(f"| {r['shard']} | {r['prefix']} | {r['completions']} | {r['wildMs']:.1f} | {r['wildHits']} | "
                          f"{r['chosen']} | {r['boundedMs']:.1f} | {r['boundedHits']} |")
                continue
            home = [home_flow(browser, site, HOME_QUERY) for _ in range(args.runs)]
            typed = [typed_flow(browser, site, TYPED if run == 0 else TYPED[:2], args.idle, args.delay)
                     for run in range(args.runs)]
            row = summary(n, home, typed)
            print(json.dumps(row, indent=1), flush=True)
            rows.append(row)
        browser.close()
    if rows:
        print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
