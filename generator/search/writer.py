"""Writes the search data into the built site as ``<script>`` files (they load from file://).

The index is split so that a phone loads little before the first results
(see docs in README "Search"):

- ``meta.js``: the list of shards and the pages index (hand-written, service, branch and
  event pages: a few hundred at most).
- ``core-{lang}-{c}.js``: the first-stage index (titles, creators, subjects, series,
  identifiers) of the records in one language, holding only the terms that start with
  ``c``. A query word needs one shard (two when its stem starts with another letter).
  lunr.js scores a match by the query vector's magnitude and the stored term scores only,
  so a field vector cut down to one shard's terms gives the same scores as the whole.
- ``docs-{n}.js``: what a result shows (title, creators, year, type, thumbnail), in
  chunks of CHUNK records; only the chunks of the results on screen are loaded.
- ``facets.js``: facet values and year/title order of every record, for counts and
  sorting; loaded after the first results.
- ``full-{lang}-{c}.js``: descriptions, sharded the same way; loaded after the first results.
- ``cite-{n}.js``: BibTeX and RIS of each record, chunked as ``docs``; loaded only when a
  reader downloads the citations of a result list.

Indexes are built in parallel (one process per core, at most two by default).
"""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .index import CORE_FIELDS, FACET_KEYS, FACET_PARAMS, FULL_FIELDS, PAGE_FIELDS, SearchDocs, build_index

CHUNK = 500
FOLDER = "assets/pustaka/search/data"


def shard_key(term: str) -> str:
    first = term[:1]
    return first if first.isascii() and first.isalnum() else "_"


def split_index(index: dict) -> dict[str, dict]:
    """One lunr index per first character of its terms (same fields, same term numbers)."""
    groups: dict[str, dict[str, Any]] = {}
    owner: dict[int, str] = {}
    for term, posting in index["invertedIndex"]:
        key = shard_key(term)
        groups.setdefault(key, {"terms": [], "vectors": []})["terms"].append([term, posting])
        owner[posting["_index"]] = key
    for field_ref, elements in index["fieldVectors"]:
        parts: dict[str, list] = {}
        for i in range(0, len(elements), 2):
            key = owner[elements[i]]
            parts.setdefault(key, []).extend((elements[i], elements[i + 1]))
        for key, part in parts.items():
            groups[key]["vectors"].append([field_ref, part])
    return {key: {"version": index["version"], "fields": index["fields"], "fieldVectors": group["vectors"],
                  "invertedIndex": group["terms"], "pipeline": index["pipeline"]}
            for key, group in groups.items()}


def _build(task: tuple[str, str, list[dict], dict[str, int], Path]) -> tuple[str, str, dict[str, int]]:
    """Build one stage's index for one language and write its shards; return their sizes.
    Each worker writes its own files, so no index travels back to (and piles up in) the parent."""
    stage, lang, documents, fields, out = task
    written = {}
    for key, part in split_index(build_index(documents, fields, lang)).items():
        name = f"{stage}-{lang}-{key}"
        text = _script(name, part)
        (out / f"{name}.js").write_text(text, encoding="utf-8")
        written[name] = len(text.encode())
    return stage, lang, written


def _script(name: str, data: Any) -> str:
    # A script, not JSON: fetch() is refused from file://, a <script> is not.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"PustakaSearch.register({json.dumps(name)},{body});\n"


def write_search(site_dir: Path, docs: SearchDocs, *, jobs: int | None = None) -> dict[str, Any]:
    """Write every search file under ``site_dir/assets/pustaka/search/data``; return sizes."""
    out = Path(site_dir) / FOLDER
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    tasks = [(stage, lang, documents, fields, out)
             for stage, by_lang, fields in (("full", docs.full, FULL_FIELDS), ("core", docs.core, CORE_FIELDS))
             for lang, documents in by_lang.items() if documents]
    tasks.sort(key=lambda task: -len(task[2]) * (4 if task[0] == "full" else 1))  # longest first
    workers = max(1, min(jobs or os.cpu_count() or 1, 2, len(tasks)))
    if workers > 1 and sum(len(task[2]) for task in tasks) > 2000:
        with ProcessPoolExecutor(workers) as pool:
            built = list(pool.map(_build, tasks))
    else:
        built = [_build(task) for task in tasks]
    shards: dict[str, dict[str, list[str]]] = {"core": {}, "full": {}}
    written: dict[str, int] = {}

    def write(name: str, data: Any) -> None:
        text = _script(name, data)
        (out / f"{name}.js").write_text(text, encoding="utf-8")
        written[name] = len(text.encode())

    for stage, lang, sizes in built:
        prefix = f"{stage}-{lang}-"
        shards[stage][lang] = sorted(name[len(prefix):] for name in sizes)
        written.update(sizes)
    for start in range(0, len(docs.items), CHUNK):
        write(f"docs-{start // CHUNK}", [row[:6] for row in docs.items[start:start + CHUNK]])
        if docs.citations:
            write(f"cite-{start // CHUNK}", docs.citations[start:start + CHUNK])
    order = sorted(range(len(docs.items)), key=lambda n: (docs.items[n][1].casefold(), n))
    rank = [0] * len(order)
    for position, number in enumerate(order):
        rank[number] = position
    write("facets", {"params": FACET_PARAMS, "keys": FACET_KEYS, "values": docs.facets,
                     "items": [row[6] for row in docs.items], "year": [row[3] for row in docs.items],
                     "rank": rank})
    pages = build_index(docs.pages, PAGE_FIELDS, "id") if docs.pages else None
    write("meta", {"count": len(docs.items), "chunk": CHUNK, "shards": shards, "pages": docs.page_list,
                   "pageIndex": pages, "cite": bool(docs.citations)})
    return written
