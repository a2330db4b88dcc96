"""The full-text index: terms of the text inside digitized items, split so that a query
loads only the shards of its own words (written as ``<script>`` files: they load from file://).

Files, in ``assets/pustaka/search/teks/`` (read by theme/assets/pustaka/search/fulltext.js):

- ``meta.js``: the first term of each shard (a term is in the last shard whose first term
  sorts before or as it) and the block size: 5 KB gzip at 1,000 documents of 50 pages.
- ``s-{n}.js``: the postings of the terms of shard n: term → ``[[record, tf, seg, …], …]``,
  ``record`` the catalogue's record number (the ``ref`` of generator/search/index.py),
  ``tf`` the term's count in the record, and the record's segments (pages, cues,
  paragraphs) with the most of it, at most `SEGMENTS_PER_RECORD`: enough to open the
  reader at a page that has the word, while a word on every page of every document costs
  a few bytes per record. Shards are consecutive runs of the sorted terms of at most
  `SHARD_BYTES` each (a single term is never split).
- ``t-{record}-{block}.js``: the record's segments ``[file, kind, where, text]`` by blocks
  of `BLOCK` segments, for the snippet of a hit and the page or time it shows; only the
  blocks of the hits on screen are loaded.

Terms are made as the catalogue's Indonesian index makes them (lunr's tokenizer and
trimmer, the Indonesian stop words, `stem_id`), so the browser's stemmer finds them.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.tokenizer import SEPARATOR_CHARS

from ..files import link_or_copy
from ..search.index import base36
from ..search.stemmer import STOP_WORDS_ID, stem_id

FOLDER = "assets/pustaka/search/teks"
SEGMENTS_PER_RECORD = 3
SHARD_BYTES = 24_000
BLOCK = 2  # pages: a snippet loads ~1.5 KB gzip (bench/fulltext.py)
MAX_TERM = 30  # longer "words" are OCR noise or URLs, never typed

_WORD = re.compile("[^" + re.escape(SEPARATOR_CHARS) + "]+")
_TRIM_START, _TRIM_END = re.compile(r"^\W+", re.A), re.compile(r"\W+$", re.A)  # JavaScript's \W


def terms_of(text: str) -> list[str]:
    """The index terms of a text, in order (stop words left out)."""
    out = []
    for word in _WORD.findall(text.lower()):
        word = _TRIM_END.sub("", _TRIM_START.sub("", word))  # lunr's trimmer
        if not word or len(word) > MAX_TERM or word in STOP_WORDS_ID:
            continue
        out.append(stem_id(word))
    return out


@dataclass
class Written:
    sizes: dict[str, int]  # file name (without .js) → bytes
    shards: int
    terms: int


def write_fulltext(site_dir: Path, texts: dict[str, list[list[Any]]], numbers: dict[str, int]) -> Written:
    """Write the full-text index of ``texts`` (`collect.FullText.items`) into the site;
    ``numbers``: item id → the record number the catalogue search uses."""
    out = Path(site_dir) / FOLDER
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    postings: dict[str, list[list[int]]] = {}
    sizes: dict[str, int] = {}
    for item_id in sorted(texts, key=lambda i: numbers[i]):
        record = numbers[item_id]
        segments = [[file, kind, where, text] for file, kind, found in texts[item_id] for where, text in found]
        counts: dict[str, Counter] = {}
        for number, (_, _, _, text) in enumerate(segments):
            for term, count in Counter(terms_of(text)).items():
                counts.setdefault(term, Counter())[number] = count
        for term, per_segment in counts.items():
            best = sorted(per_segment, key=lambda seg: (-per_segment[seg], seg))[:SEGMENTS_PER_RECORD]
            postings.setdefault(term, []).append([record, sum(per_segment.values()), *sorted(best)])
        for block in range(0, len(segments), BLOCK):
            name = f"t-{base36(record)}-{block // BLOCK}"
            sizes[name] = _write(out, name, {"id": item_id, "first": block, "segs": segments[block:block + BLOCK]})
    shards = split_by_range({term: len(_json(rows)) + len(term) + 4 for term, rows in postings.items()})
    for number, (_, terms) in enumerate(shards):
        sizes[f"s-{number}"] = _write(out, f"s-{number}", {term: postings[term] for term in terms})
    sizes["meta"] = _write(out, "meta", {"firsts": [first for first, _ in shards], "block": BLOCK,
                                          "records": len(texts)})
    return Written(sizes, len(shards), len(postings))


def write_fulltext_cached(site_dir: Path, fulltext, numbers: dict[str, int], cache_dir: Path | None) -> Written | None:
    """`write_fulltext`, or, when the same sources, record numbers and code made it last
    time, a hard-linked copy of that (a rebuild with nothing changed stays cheap); returns
    None for a copy. ``fulltext``: a `collect.FullText`."""
    if cache_dir is None:
        return write_fulltext(site_dir, fulltext.items, numbers)

    code = max(p.stat().st_mtime_ns for p in Path(__file__).parent.glob("*.py"))
    digest = hashlib.sha1(json.dumps([code, fulltext.keys, {i: numbers[i] for i in fulltext.items}]).encode())
    cached = Path(cache_dir) / "fulltext-index" / digest.hexdigest()[:16]
    target = Path(site_dir) / FOLDER
    if (cached / "meta.js").is_file():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(cached, target, copy_function=link_or_copy)
        return None
    written = write_fulltext(site_dir, fulltext.items, numbers)
    shutil.rmtree(cached.parent, ignore_errors=True)  # only the latest is kept
    shutil.copytree(target, cached, copy_function=link_or_copy)
    return written


def split_by_range(sizes: dict[str, int], limit: int = SHARD_BYTES) -> list[tuple[str, list[str]]]:
    """Shards as (first term, terms): consecutive runs of the sorted terms, each as large as
    fits in ``limit`` (a single larger term is a shard of its own). A term belongs to the
    last shard whose first term sorts before or as it (the browser's rule); the list of
    first terms is all a query needs to find its shard."""
    shards: list[tuple[str, list[str]]] = []
    size = 0
    for term in sorted(sizes):
        if not shards or size + sizes[term] > limit:
            shards.append((term, []))
            size = 0
        shards[-1][1].append(term)
        size += sizes[term]
    return shards


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _write(out: Path, name: str, data: Any) -> int:
    # A script, not JSON: fetch() is refused from file://, a <script> is not.
    body = _json(data).replace("</", "<\\/")
    text = f"PustakaFulltext.register({json.dumps(name)},{body});\n".encode()
    (out / f"{name}.js").write_bytes(text)
    return len(text)

