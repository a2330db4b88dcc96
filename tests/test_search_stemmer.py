"""The Indonesian stemmer and the search documents, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.search.index import build_index, identifier_token
from generator.search.stemmer import stem_id
from generator.search.writer import split_index

ROOT = Path(__file__).resolve().parent.parent
STEMMER_JS = ROOT / "theme/assets/pustaka/search/stemmer-id.js"


@pytest.mark.parametrize("words", [
    ["membaca", "dibaca", "pembaca", "bacaan", "baca"],
    ["perpustakaan", "pustaka"],
    ["belajar", "pembelajaran", "pelajaran"],
    ["menulis", "penulis", "tulisan", "tulis"],          # Snowball alone gives "ulis"
    ["penerbit", "terbitan", "diterbitkan", "terbit"],   # ... and "erbit" / "bit"
    ["pengarang", "karangan", "mengarang"],
    ["pengetahuan", "mengetahui", "tahu"],
    ["sekolah", "sekolahnya", "persekolahan"],           # "-lah" here is part of the root
    ["peneliti", "penelitian", "teliti"],
    ["pemain", "bermain", "memainkan", "permainan", "main"],  # Snowball alone: "pain"
    ["mengenal", "pengenalan", "perkenalkan", "kenal"],      # ... "enal", "kenalk"
    ["pemerintah", "perintah", "memerintahkan"],             # ... "intah" for perintah
    ["nelayan", "nelayannya"],                               # ... "nelay"
    ["bahasa", "berbahasa", "kebahasaan"],  # ("peribahasa", a proverb, is its own root in hunspell-id)
    ["pengetahuan", "mengetahui", "diketahui", "tahu"],   # "ketahu" is a bound stem (NEEDAFFIX)
    ["pustakawan", "pustaka"],                             # -wan on a root
    ["soekarno", "sukarno"], ["djakarta", "jakarta"], ["tjerita", "cerita"],  # old spellings
])
def test_affixed_forms_share_a_stem(words: list[str]) -> None:
    assert len({stem_id(word) for word in words}) == 1, {word: stem_id(word) for word in words}


def test_unrelated_words_stay_apart() -> None:
    assert stem_id("masalah") != stem_id("masa")
    assert stem_id("sejarah") == "sejarah"
    assert stem_id("perempuan") != stem_id("empu")  # a woman is not a master smith


def test_identifiers_are_one_token() -> None:
    assert identifier_token("978-602-433-123-4") == "9786024331234"
    assert identifier_token("899.221 3 RUS s") == "8992213russ"


def test_index_is_stemmed_and_splits_by_first_letter() -> None:
    docs = [{"ref": "0", "title": "Gemar membaca di perpustakaan"}, {"ref": "1", "title": "Pembelajaran sejarah"}]
    index = build_index(docs, {"title": 1}, "id")
    terms = [term for term, _ in index["invertedIndex"]]
    assert terms == ["ajar", "baca", "gemar", "pustaka", "sejarah"]  # "di" is a stop word
    assert index["pipeline"] == ["stemmer-id"]
    shards = split_index(index)
    assert sorted(shards) == ["a", "b", "g", "p", "s"]
    for key, shard in shards.items():
        owned = {posting["_index"] for _, posting in shard["invertedIndex"]}
        for _, elements in shard["fieldVectors"]:
            assert set(elements[0::2]) <= owned  # a shard's vectors hold only its own terms


def test_english_records_keep_english_stemming() -> None:
    index = build_index([{"ref": "0", "title": "The reading of maps"}], {"title": 1}, "en")
    assert [term for term, _ in index["invertedIndex"]] == ["map", "read"]
    assert index["pipeline"] == ["stemmer"]
