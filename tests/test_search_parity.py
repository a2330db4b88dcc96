"""The browser resolves words exactly as the index did: Python and stemmer-id.js agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.search.index import build_index, collection_words
from generator.search.morphology import candidates
from generator.search.spelling import alternatives, modern
from generator.search.stemmer import Stemmer, weak_roots

from .search_words import affixed_words
from .test_search_morphology import PAIRS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
STEMMER_JS = ROOT / "theme/assets/pustaka/search/stemmer-id.js"
OLD = ["soekarno", "djakarta", "tjerita", "sitti", "roesli", "njanji", "masjid", "buku2", "mengecat", "poestaka"]


def test_word_list_is_large_and_affixed() -> None:
    words = affixed_words()
    assert len(words) >= 5000
    assert {"membaca", "dibacakan", "pembacaan", "bacaannya", "menuliskan", "perjalanan"} <= set(words)


def test_python_and_browser_propose_the_same_roots(page) -> None:
    words = sorted(set(affixed_words()) | {a for a, _ in PAIRS} | set(OLD))
    page.goto("about:blank")
    page.add_script_tag(path=str(STEMMER_JS))
    browser = page.evaluate("ws => ws.map(w => [PustakaStemmer.candidates(w), PustakaStemmer.modern(w),"
                            " PustakaStemmer.alternatives(w), PustakaStemmer.snowball(w)])", words)
    from generator.search.stemmer import snowball_stem
    weak = weak_roots()
    python = [[candidates(w, weak), modern(w), alternatives(w), snowball_stem(w)] for w in words]
    differ = [(w, p, b) for w, p, b in zip(words, python, browser) if p != b]
    assert not differ, f"{len(differ)} of {len(words)} words differ, e.g. {differ[:5]}"


def test_browser_chooses_the_root_the_index_holds(page) -> None:
    """An index built from the pair list's affixed words: for each word, the browser,
    knowing only the index's terms, picks the term Python indexed the word under."""
    docs = [{"ref": str(n), "title": affixed} for n, (affixed, _) in enumerate(PAIRS)]
    docs += [{"ref": f"o{n}", "title": w} for n, w in enumerate(OLD)]
    stemmer = Stemmer(collection_words(docs))
    index = build_index(docs, {"title": 1}, "id", stemmer=stemmer)
    terms = [term for term, _ in index["invertedIndex"]]
    words = sorted({w for d in docs for w in d["title"].replace("-", " ").split()})
    page.goto("about:blank")
    page.add_script_tag(path=str(STEMMER_JS))
    browser = page.evaluate("""([ws, terms]) => { const t = new Set(terms);
        return ws.map(w => PustakaStemmer.resolve(w, x => t.has(x), true)); }""", [words, terms])
    python = [stemmer(w) for w in words]
    differ = [(w, p, b) for w, p, b in zip(words, python, browser) if p != b]
    assert not differ, f"{len(differ)} of {len(words)} words resolve differently, e.g. {differ[:10]}"
    assert set(python) <= set(terms)
