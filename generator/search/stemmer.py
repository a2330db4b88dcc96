"""Indonesian stemming for the search index: an affixed word becomes its root.

morphology.py proposes the roots an affixed word may come from and lets a vocabulary
choose; here is that vocabulary at build time, in three tiers:

1. roots of hunspell-id seen in the collection (``memakan``: "makan" and "pakan" are both
   roots; the collection that writes "makan" chooses it);
2. roots of hunspell-id (data/roots-id.txt: LibreOffice's Indonesian dictionary, LGPL-3,
   less the entries its own affix rules derive from another; see data/README.md);
3. the collection's own words: names and regional words that no dictionary holds.

A word none of them explains keeps Snowball's stem (Tala's rules; BSD licence, via the
`snowballstemmer` package), as the index did before.

The browser resolves typed queries with the same rules against the index's own terms
(theme/assets/pustaka/search/stemmer-id.js; tests/test_search_parity.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .morphology import resolve

ROOTS_FILE = Path(__file__).parent / "data" / "roots-id.txt"
WEAK_FILE = Path(__file__).parent / "data" / "weak-roots-id.txt"


@lru_cache(maxsize=1)
def dictionary_roots() -> frozenset[str]:
    """The root words of data/roots-id.txt."""
    return frozenset(ROOTS_FILE.read_text(encoding="utf-8").split())


@lru_cache(maxsize=1)
def weak_roots() -> frozenset[str]:
    """Roots that give way to a more used one the same affixes allow ("carik" to "cari"
    in "carikan"): made from hunspell-id by scripts/make_roots_id.py; stemmer-id.js holds
    the same list (the browser cannot know how much a word is used)."""
    return frozenset(WEAK_FILE.read_text(encoding="utf-8").split())


class Stemmer:
    """Index terms of Indonesian words, for one collection (its words as ``words``)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        roots = dictionary_roots()
        seen = frozenset(words)
        in_both = seen & roots
        self.roots = roots.__contains__
        self.tiers = [[in_both.__contains__, roots.__contains__], [seen.__contains__]]
        self.weak = weak_roots()
        self._memo: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        term = self._memo.get(word)
        if term is None:
            term = self._memo[word] = resolve(word, self.roots, self.tiers, snowball_stem, self.weak)
        return term


@lru_cache(maxsize=1)
def _default() -> Stemmer:
    return Stemmer()


def stem_id(word: str) -> str:
    """The index term of ``word`` (lower case) with the dictionary alone."""
    return _default()(word)


@lru_cache(maxsize=100_000)
def snowball_stem(word: str) -> str:
    """Snowball's stem: for words no vocabulary explains."""
    return _snowball().stemWord(word)


@lru_cache(maxsize=1)
def _snowball():
    """Snowball's Indonesian stemmer, loaded when first needed (the package loads every
    language's stemmer: ~12 ms a build that carries its search data over can skip)."""
    from snowballstemmer import stemmer

    return stemmer("indonesian")


#: Indonesian stop words: function words that would match most records.
STOP_WORDS_ID = frozenset("""
ada adalah agar akan aku anda antara apa atau bagi bahwa baik banyak beberapa begitu belum
bila bisa dalam dan dapat dari demikian dengan di dia hal hanya harus hingga ia ialah ini
itu jika juga kami kamu karena ke kepada kita lagi lain lalu maka masih mereka namun oleh
pada para pula saat saja sama sampai sangat saya se sebagai sebelum sedang sehingga sejak
selama semua sendiri seperti serta setelah sudah supaya tak tanpa telah tentang terhadap
tersebut tetapi tidak untuk yaitu yakni yang
""".split())
