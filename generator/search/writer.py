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

Indexes and citations are made in parallel (forked processes, one per core, at most two by
default), the indexes by `builder.IndexBuilder`: lunr.py's Builder, faster, same output.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any, Callable

from ..collector import collector_paused
from ..lifeline import pool_options
from .index import (CORE_FIELDS, FACET_KEYS, FACET_PARAMS, FULL_FIELDS, PAGE_FIELDS, SearchDocs, build_index,
                    index_builder)

CHUNK = 500
FOLDER = "assets/pustaka/search/data"

#: What the tasks read: set before the workers are forked (so shared, not pickled), cleared after.
_job: dict[str, Any] = {}


def shard_key(term: str) -> str:
    first = term[:1]
    return first if first.isascii() and first.isalnum() else "_"


def split_index(index: dict) -> dict[str, dict]:
    """One lunr index per first character of its terms (same fields, same term numbers).
    The site's shards are written by `IndexBuilder.serialize_parts`, which gives the JSON
    of these without making them (tests/test_search_builder.py holds the two together)."""
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


def _build_index(stage: str, lang: str) -> dict[str, int]:
    """Build one stage's index for one language and write its shards; return their sizes.
    Each worker writes its own files, so no index travels back to (and piles up in) the parent."""
    documents = getattr(_job["docs"], stage)[lang]
    builder = index_builder(documents, FULL_FIELDS if stage == "full" else CORE_FIELDS, lang)
    written = {}
    with collector_paused():
        # the shards of split_index(build_index(...)), written straight from the builder
        for key, text in builder.serialize_parts(shard_key).items():
            name = f"{stage}-{lang}-{key}"
            written[name] = _write_text(_job["out"], name, text)
    return written


def _write_citations(start: int) -> dict[str, int]:
    """``cite-N.js``: BibTeX and RIS of the CHUNK records from ``start``."""
    cite = _job["cite"]
    rows = _job["docs"].items[start:start + CHUNK]
    return {f"cite-{start // CHUNK}": _write(_job["out"], f"cite-{start // CHUNK}", [cite(row[0]) for row in rows])}


def _task(task: tuple) -> tuple[tuple, dict[str, int]]:
    kind, *args = task
    return task, (_build_index(*args) if kind == "index" else _write_citations(*args))


def _write(out: Path, name: str, data: Any) -> int:
    """Write ``data`` as ``name.js``; return its size."""
    return _write_text(out, name, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _write_text(out: Path, name: str, body: str) -> int:
    """Write ``body`` (JSON) as ``name.js``; return its size."""
    # A script, not JSON: fetch() is refused from file://, a <script> is not.
    body = body.replace("</", "<\\/")
    data = f"PustakaSearch.register({json.dumps(name)},{body});\n".encode()
    (out / f"{name}.js").write_bytes(data)
    return len(data)


def write_record_search(site_dir: Path, docs: SearchDocs, *, jobs: int | None = None,
                        cite: Callable[[str], list[str]] | None = None) -> tuple[dict[str, int], dict[str, Any]]:
    """Write the search files made from the records (all but ``meta.js``, which `write_meta`
    writes); return their sizes, and what ``meta.js`` must say of them."""
    out = Path(site_dir) / FOLDER
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    indexes = [("index", stage, lang) for stage in ("full", "core") for lang, documents in getattr(docs, stage).items()
               if documents]
    # Longest first (a description is worth about four first-stage fields); the
    # citations, in small pieces, fill the workers' ends.
    indexes.sort(key=lambda task: -len(getattr(docs, task[1])[task[2]]) * (4 if task[1] == "full" else 1))
    tasks = indexes + ([("cite", start) for start in range(0, len(docs.items), CHUNK)] if cite else [])
    workers = max(1, min(jobs or os.cpu_count() or 1, 2, len(tasks)))
    parallel = (workers > 1 and "fork" in multiprocessing.get_all_start_methods()
                and sum(len(getattr(docs, stage)[lang]) for _, stage, lang in indexes) > 2000)
    built: dict[tuple, dict[str, int]] = {}
    _job.update(docs=docs, cite=cite, out=out)
    try:
        if parallel:
            # fork shares the documents (and the records ``cite`` reads) with the workers
            # without pickling them; this process writes the rest meanwhile.
            with multiprocessing.get_context("fork").Pool(workers, **pool_options()) as pool:
                results = pool.imap_unordered(_task, tasks)
                written = _write_display_data(out, docs)
                built.update(results)
        else:
            built.update(_task(task) for task in tasks)
            written = _write_display_data(out, docs)
    finally:
        _job.clear()
    shards: dict[str, dict[str, list[str]]] = {"core": {}, "full": {}}
    for _, stage, lang in indexes:
        prefix = f"{stage}-{lang}-"
        shards[stage][lang] = sorted(name[len(prefix):] for name in built["index", stage, lang])
    for task in tasks:
        written.update(built[task])
    return written, {"count": len(docs.items), "chunk": CHUNK, "shards": shards, "cite": bool(cite and docs.items)}


def write_meta(site_dir: Path, records: dict[str, Any], docs: SearchDocs) -> int:
    """Write ``meta.js``: ``records`` (from `write_record_search`) and the pages of ``docs``
    (``pages``, ``page_list``) with their index; return its size."""
    page_index = build_index(docs.pages, PAGE_FIELDS, "id") if docs.pages else None
    return _write(Path(site_dir) / FOLDER, "meta", {"count": records["count"], "chunk": records["chunk"],
                                                     "shards": records["shards"], "pages": docs.page_list,
                                                     "pageIndex": page_index, "cite": records["cite"]})


def _write_display_data(out: Path, docs: SearchDocs) -> dict[str, int]:
    """Write ``docs-N.js`` and ``facets.js``; return their sizes."""
    written = {}
    for start in range(0, len(docs.items), CHUNK):
        written[f"docs-{start // CHUNK}"] = _write(out, f"docs-{start // CHUNK}",
                                                   [row[:6] for row in docs.items[start:start + CHUNK]])
    order = sorted(range(len(docs.items)), key=lambda n: (docs.items[n][1].casefold(), n))
    rank = [0] * len(order)
    for position, number in enumerate(order):
        rank[number] = position
    written["facets"] = _write(out, "facets", {"params": FACET_PARAMS, "keys": FACET_KEYS, "values": docs.facets,
                                               "items": [row[6] for row in docs.items],
                                               "year": [row[3] for row in docs.items], "rank": rank})
    return written
