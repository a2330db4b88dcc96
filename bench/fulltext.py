"""Full-text index benchmark: shard sizes and the bytes a query adds, at scale.

A 10,000-item collection of which ``--docs`` items (every tenth) are digitized documents
of ``--pages`` pages of ~300 words each (`synth.digitized_pages`): their text is indexed
by `generator.fulltext.write_fulltext` as a build does, then measured file by file,
gzip-compressed as a web server sends them:

- every shard (``s-N.js``), ``meta.js`` and the text blocks (``t-*.js``);
- per query, what the full-text search loads: ``meta.js``, the shard of each query
  word, and the text block of each of the 20 best records' best segment (the results on
  screen). The catalogue's own first results do not wait for any of it: the full text
  is searched with the descriptions, after the first results (search.js).

    .venv/bin/python bench/fulltext.py                 # 1,000 documents x 50 pages
    .venv/bin/python bench/fulltext.py --docs 100      # quicker

Writes bench/out/fulltext.json and prints a Markdown summary.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from synth import digitized_pages  # noqa: E402

from generator.fulltext.index import FOLDER, terms_of, write_fulltext  # noqa: E402
from generator.search.index import base36  # noqa: E402
from generator.search.stemmer import stem_id  # noqa: E402

QUERIES = ["perpustakaan", "nelayan pelabuhan", "sejarah kerajaan", "tenun songket", "1945",
           "pengetahuan masyarakat pesisir", "batik", "membaca"]
SHOWN = 20


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def percentile(values: list[int], p: float) -> int:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--docs", type=int, default=1_000)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args(argv)
    step = max(1, args.items // args.docs)
    clock = time.perf_counter()
    texts, numbers = {}, {}
    for n in range(args.docs):
        record = n * step
        numbers[f"doc-{record}"] = record
        texts[f"doc-{record}"] = [[1, "pdf", [[p + 1, text] for p, text in enumerate(digitized_pages(record, args.pages))]]]
    made = time.perf_counter() - clock
    with tempfile.TemporaryDirectory() as folder:
        clock = time.perf_counter()
        written = write_fulltext(Path(folder), texts, numbers)
        seconds = time.perf_counter() - clock
        out = Path(folder) / FOLDER
        sizes = {path.stem: (path.stat().st_size, gz(path)) for path in out.glob("*.js")}
        shards = [sizes[name] for name in sizes if name.startswith("s-")]
        blocks = [sizes[name] for name in sizes if name.startswith("t-")]
        meta = json.loads(re.search(r",(\{.*\})\);", (out / "meta.js").read_text(encoding="utf-8")).group(1))
        queries = {}
        for query in QUERIES:
            stems = [stem_id(w) for w in terms_of(query)]
            files = {"meta"}
            postings: dict[str, list] = {}
            for stem in stems:
                shard = max((n for n, first in enumerate(meta["firsts"]) if first <= stem), default=None)
                if shard is None:
                    continue
                files.add(f"s-{shard}")
                data = json.loads(re.search(r",(\{.*\})\);", (out / f"s-{shard}.js").read_text(encoding="utf-8")).group(1))
                postings[stem] = data.get(stem, [])
            by_record: dict[int, float] = {}
            first_seg: dict[int, int] = {}
            for rows in postings.values():
                for row in rows:
                    by_record[row[0]] = by_record.get(row[0], 0) + row[1]
                    first_seg.setdefault(row[0], row[2])
            for record in sorted(by_record, key=lambda r: -by_record[r])[:SHOWN]:
                files.add(f"t-{base36(record)}-{first_seg[record] // meta['block']}")
            index_bytes = sum(sizes[f][1] for f in files if not f.startswith("t-"))
            queries[query] = {"files": len(files), "index_gzip": index_bytes,
                              "with_snippets_gzip": sum(sizes[f][1] for f in files),
                              "records": len(by_record)}
    result = {
        "items": args.items, "documents": args.docs, "pages": args.pages,
        "terms": written.terms, "shards": written.shards, "text_seconds": round(made, 1),
        "write_seconds": round(seconds, 1),
        "meta_gzip": sizes["meta"][1],
        "shard_gzip": {"max": max(s[1] for s in shards), "p95": percentile([s[1] for s in shards], 0.95),
                       "median": int(statistics.median(s[1] for s in shards))},
        "shard_raw_max": max(s[0] for s in shards),
        "block_gzip": {"max": max(b[1] for b in blocks), "median": int(statistics.median(b[1] for b in blocks))},
        "total_raw": sum(s[0] for s in sizes.values()), "total_gzip": sum(s[1] for s in sizes.values()),
        "queries": queries,
    }
    (BENCH / "out").mkdir(exist_ok=True)
    (BENCH / "out" / "fulltext.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    kb = lambda b: f"{b / 1024:.1f} KB"  # noqa: E731
    print(f"{args.docs:,} documents x {args.pages} pages in {args.items:,} items: {written.terms:,} terms, "
          f"{written.shards} shards; index written in {seconds:.1f} s")
    print(f"meta.js {kb(result['meta_gzip'])} gzip; shards gzip median {kb(result['shard_gzip']['median'])}, "
          f"p95 {kb(result['shard_gzip']['p95'])}, max {kb(result['shard_gzip']['max'])}; text blocks gzip median "
          f"{kb(result['block_gzip']['median'])}, max {kb(result['block_gzip']['max'])}; all files "
          f"{result['total_raw'] / 2**20:.0f} MB raw, {result['total_gzip'] / 2**20:.0f} MB gzip")
    print("\n| query | records with the words | files | index gzip | + snippets of 20 results |\n|---|---|---|---|---|")
    for query, q in queries.items():
        print(f"| {query} | {q['records']:,} | {q['files']} | {kb(q['index_gzip'])} | {kb(q['with_snippets_gzip'])} |")



if __name__ == "__main__":
    main()
