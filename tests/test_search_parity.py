"""The browser stems exactly as the index did: Python and stemmer-id.js agree on every word."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.search.stemmer import STEMS, WORDS, stem_id

from .search_words import affixed_words

pytestmark = pytest.mark.browser

STEMMER_JS = Path(__file__).resolve().parent.parent / "theme/assets/pustaka/search/stemmer-id.js"


def test_word_list_is_large_and_affixed() -> None:
    words = affixed_words()
    assert len(words) >= 5000
    assert {"membaca", "dibacakan", "pembacaan", "bacaannya", "menuliskan", "perjalanan"} <= set(words)


def test_python_and_browser_agree_on_every_stem(page) -> None:
    words = sorted(set(affixed_words()) | set(WORDS) | set(STEMS) | {"menyanyi", "memukul", "pemukul"})
    page.goto("about:blank")
    page.add_script_tag(path=str(STEMMER_JS))
    browser = page.evaluate("words => words.map(w => PustakaStemmerId.stem(w))", words)
    python = [stem_id(word) for word in words]
    differ = [(w, p, b) for w, p, b in zip(words, python, browser) if p != b]
    assert not differ, f"{len(differ)} of {len(words)} words stem differently, e.g. {differ[:10]}"
    # and the list really exercises the stemmer: most words lose an affix
    assert sum(p != w for w, p in zip(words, python)) > 0.8 * len(words)
