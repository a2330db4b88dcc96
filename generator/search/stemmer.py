"""Indonesian stemming for the search index.

The algorithm is Snowball's Indonesian stemmer (Tala's rules; BSD licence, via the
`snowballstemmer` package), which needs no root-word dictionary. Sastrawi (Nazief–Adriani)
is more accurate but its dictionary is CC-BY-NC-SA, which a library that others
redistribute should not bundle. Snowball's known slips that readers meet are corrected
by two small lists below.

The browser stems typed queries with a hand port of the same code:
theme/assets/pustaka/search/stemmer-id.js. Both must agree on every word (see
tests/test_search_parity.py); the exception lists are copied into that file between the
``EXCEPTIONS`` markers by `exceptions_js` and checked by the tests.
"""

from __future__ import annotations

import json
from functools import lru_cache


#: Whole words whose Snowball stem is wrong: roots that look affixed ("terbit" is not
#: ter- + bit) and words Snowball would cut too far.
WORDS: dict[str, str] = {
    "terbit": "terbit", "terbitan": "terbit", "terbitkan": "terbit",
    "terima": "terima", "terimakasih": "terima",
    "teliti": "teliti", "ketelitian": "teliti",
    "terjemah": "terjemah", "terjemahan": "terjemah", "terjemahkan": "terjemah",
    "pesisir": "pesisir", "pesisirnya": "pesisir",
    "pantai": "pantai", "pantainya": "pantai",
    "pegawai": "pegawai", "pegawainya": "pegawai",
    "peta": "peta", "petanya": "peta",
    "pena": "pena", "pemuda": "muda", "pemudi": "muda",
    "pengetahuan": "tahu", "mengetahui": "tahu", "diketahui": "tahu", "ketahui": "tahu",
    "sejarah": "sejarah", "sejarahnya": "sejarah", "kesejarahan": "sejarah",
    "bersejarah": "sejarah",
    # "-lah" is a particle, but these roots end in it.
    "sekolah": "sekolah", "sekolahnya": "sekolah", "bersekolah": "sekolah", "persekolahan": "sekolah",
    "masalah": "masalah", "masalahnya": "masalah", "permasalahan": "masalah",
    "allah": "allah", "kalah": "kalah", "kekalahan": "kalah",
    # "per-" and "-an" look like affixes here but belong to the root ("empu" is another word).
    "perempuan": "perempuan", "perempuannya": "perempuan", "keperempuanan": "perempuan",
}

#: Snowball stems that lost the first letter of the root: Snowball strips the nasal
#: prefix of men-/meng-/pen-/peng- but cannot know it replaced t- or k- ("menulis" →
#: "ulis"; the root is "tulis").
STEMS: dict[str, str] = {
    "ulis": "tulis",
    "arang": "karang",
    "erbit": "terbit",
    "bit": "terbit",
    "etahu": "tahu",
    "eliti": "teliti",
    "telit": "teliti",
    "erjemah": "terjemah",
    "jemah": "terjemah",
    "ima": "terima",
    "sanyi": "nyanyi",
    "panta": "pantai",
    "embang": "kembang",
    "erja": "kerja",
    "umpul": "kumpul",
    "elola": "kelola",
    "ata": "tata",
    "pain": "main",        # pemain, memainkan (pe-/me- + main, not pe- + m-ain)
    "enal": "kenal",       # mengenal, pengenalan
    "kenalk": "kenal",     # perkenalkan
    "intah": "perintah",   # perintah: per- is part of the root (pemerintah → perintah)
    "nelay": "nelayan",    # nelayan is a root, not nelay + -an
    "ahu": "perahu",
    "ibahasa": "bahasa",   # peribahasa
    "luarga": "keluarga",
    "sawat": "pesawat",
    "langi": "pelangi",
}


@lru_cache(maxsize=100_000)
def stem_id(word: str) -> str:
    """The index term for an Indonesian word (lower case)."""
    if word in WORDS:
        return WORDS[word]
    stem = _snowball().stemWord(word)
    return STEMS.get(stem, stem)


@lru_cache(maxsize=1)
def _snowball():
    """Snowball's Indonesian stemmer, loaded when first needed (the package loads every
    language's stemmer: ~12 ms a build that carries its search data over can skip)."""
    from snowballstemmer import stemmer

    return stemmer("indonesian")


def exceptions_js() -> str:
    """The exception lists as the browser stemmer declares them."""
    return json.dumps({"words": WORDS, "stems": STEMS}, sort_keys=True, ensure_ascii=False)


#: Indonesian stop words: function words that would match most records.
STOP_WORDS_ID = frozenset("""
ada adalah agar akan aku anda antara apa atau bagi bahwa baik banyak beberapa begitu belum
bila bisa dalam dan dapat dari demikian dengan di dia hal hanya harus hingga ia ialah ini
itu jika juga kami kamu karena ke kepada kita lagi lain lalu maka masih mereka namun oleh
pada para pula saat saja sama sampai sangat saya se sebagai sebelum sedang sehingga sejak
selama semua sendiri seperti serta setelah sudah supaya tak tanpa telah tentang terhadap
tersebut tetapi tidak untuk yaitu yakni yang
""".split())
