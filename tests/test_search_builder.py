"""`IndexBuilder` (generator/search/builder.py) makes the index plain lunr.py makes, byte for byte.

Compared with lunr.py's own `Builder`: the serialised index of every stage and language
of the sample library and of 3,000 synthetic records, the shards written from it, every
search file of a site, and odd documents and pipelines that our collections do not have.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer as stemmer_en
from lunr.trimmer import trimmer

from generator.records.collection import Collection, load_collection
from generator.search import build_site_search, record_pages, writer
from generator.search.builder import IndexBuilder
from generator.search.index import (CORE_FIELDS, FULL_FIELDS, PAGE_FIELDS, _stem_id, _stop_id, build_index,
                                    index_builder, search_documents)
from generator.search.writer import FOLDER, shard_key, split_index

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _first_difference(a: str, b: str) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"lengths {len(a)} and {len(b)}; first difference at {at}: {a[at - 80:at + 80]!r} != {b[at - 80:at + 80]!r}"


@pytest.fixture(scope="module")
def sample() -> Collection:
    return load_collection(ROOT / "collection")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Collection:
    root = tmp_path_factory.mktemp("synthetic")
    synth.make_collection(root, 3000, 1)
    return load_collection(root / "collection")


def _indexes(collection: Collection) -> list[tuple[str, list[dict], dict[str, int], str]]:
    """Every index of a site: (name, documents, fields, language)."""
    docs = search_documents(collection, pages=record_pages(collection))
    found = [(f"{stage}-{lang}", documents, fields, lang)
             for stage, fields in (("core", CORE_FIELDS), ("full", FULL_FIELDS))
             for lang, documents in getattr(docs, stage).items() if documents]
    return [*found, ("pages", docs.pages, PAGE_FIELDS, "id")]


@pytest.mark.parametrize("name", ["sample", "synthetic"])
def test_same_index_and_shards_as_lunr(name: str, request: pytest.FixtureRequest) -> None:
    collection = request.getfixturevalue(name)
    indexes = _indexes(collection)
    assert {label for label, *_ in indexes} >= {"core-id", "core-en", "full-id", "full-en", "pages"}
    for label, documents, fields, lang in indexes:
        reference = build_index(documents, fields, lang, builder_class=Builder)
        assert len(reference["invertedIndex"]) > 10 and len(reference["fieldVectors"]) >= len(documents)
        builder = index_builder(documents, fields, lang)
        assert isinstance(builder, IndexBuilder)
        ours, theirs = _json(builder.serialize()), _json(reference)
        assert ours == theirs, f"{name} {label}: {_first_difference(ours, theirs)}"
        parts = builder.serialize_parts(shard_key)
        shards = {key: _json(part) for key, part in split_index(reference).items()}
        assert list(parts) == list(shards), f"{name} {label}"
        for key, text in parts.items():
            assert text == shards[key], f"{name} {label} shard {key}: {_first_difference(text, shards[key])}"


def test_build_is_still_lunrs(sample: Collection) -> None:
    """`IndexBuilder.build` (lunr's own, over what `add` gathered) gives the same index."""
    for label, documents, fields, lang in _indexes(sample):
        reference = index_builder(documents, fields, lang, builder_class=Builder).build()
        built = index_builder(documents, fields, lang).build()
        assert _json(built.serialize()) == _json(reference.serialize()), label
        for query in ("sejarah", "perpustakaan", "pesisir nelayan"):
            found = [(result["ref"], result["score"]) for result in built.search(query)]
            assert found == [(result["ref"], result["score"]) for result in reference.search(query)], (label, query)


def test_every_search_file_is_the_same_as_with_plain_lunr(synthetic: Collection, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Ours: the index shards from forked workers (3,000 records are enough for two), citations too.
    build_site_search(tmp_path / "ours", synthetic, jobs=2, site_url="https://uji.example/")

    def plain_lunr(stage: str, lang: str) -> dict[str, int]:
        documents = getattr(writer._job["docs"], stage)[lang]
        index = build_index(documents, FULL_FIELDS if stage == "full" else CORE_FIELDS, lang, builder_class=Builder,
                            stemmer=writer._job["stemmer"])
        return {f"{stage}-{lang}-{key}": writer._write(writer._job["out"], f"{stage}-{lang}-{key}", part)
                for key, part in split_index(index).items()}

    monkeypatch.setattr(writer, "_build_index", plain_lunr)
    build_site_search(tmp_path / "lunr", synthetic, jobs=1, site_url="https://uji.example/")
    ours, theirs = tmp_path / "ours" / FOLDER, tmp_path / "lunr" / FOLDER
    names = sorted(path.name for path in theirs.iterdir())
    assert names == sorted(path.name for path in ours.iterdir())
    assert {"meta.js", "facets.js", "docs-5.js", "cite-5.js", "core-id-s.js", "full-en-p.js"} <= set(names)
    for name in names:
        assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name


def _split_underscores(token, i, tokens):
    # one token in, several out: "tradisi_lisan" → "tradisi", "lisan"
    pieces = str(token).split("_")
    return [token.clone(lambda text, metadata, piece=piece: piece) for piece in pieces if piece] or None


def _drop_digits(token, i, tokens):
    return None if str(token).isdigit() else token


Pipeline.register_function(_split_underscores, "test-split-underscores")
Pipeline.register_function(_drop_digits, "test-drop-digits")

ODD_DOCUMENTS = [
    {"ref": "a", "title": "Sejarah  Pesisir—Utara, 1901 dan…",
     "body": "Nelayan\tdan\xa0nelayan-nelayan, di pesisir"},               # lunr's separators, punctuation
    {"ref": "b", "title": "İSTANBUL ĞÜZEL ...", "body": None},
    {"ref": "c", "title": "", "body": "yang dan di"},                       # stop words only: length 0
    {"ref": "d", "title": ["Satu Dua", "tiga"], "body": 1985},              # a list, a number
    {"ref": "e", "title": "tradisi_lisan tradisi lisan_lisan", "body": "--- !!! ??? \u200b"},
    {"ref": "f", "title": "Membaca membaca MEMBACA dibaca pembaca", "body": "Perpustakaan " * 40},
    {"ref": "a", "title": "ref yang sama lagi", "body": "dua kali"},         # a ref added twice
]


@pytest.mark.parametrize("pipeline", [
    (trimmer, _stop_id, _stem_id),
    (trimmer, _split_underscores, _drop_digits, _stop_id, _stem_id),
    (trimmer, stemmer_en),
    (),
])
@pytest.mark.parametrize("tuning", [{}, {"b": 0.3, "k1": 2.0}])
def test_odd_documents_and_pipelines(pipeline: tuple, tuning: dict) -> None:
    def make(builder_class: type[Builder]) -> Builder:
        builder = builder_class()
        builder.pipeline.add(*pipeline)
        builder.search_pipeline.add(_stem_id)
        builder.ref("ref")
        builder.field("title", boost=10)
        builder.field("body")
        builder.field("upper", extractor=lambda doc: str(doc["title"]).upper())
        if tuning:
            builder.b(tuning["b"])
            builder.k1(tuning["k1"])
        for number, doc in enumerate(ODD_DOCUMENTS):
            builder.add(doc, {"boost": 2} if number % 3 == 1 else None)
        return builder

    reference = make(Builder).build().serialize()
    assert _json(make(IndexBuilder).serialize()) == _json(reference)
    assert make(IndexBuilder).serialize_parts(shard_key) == {key: _json(part)
                                                             for key, part in split_index(reference).items()}
