"""Indonesian roots from data: the pair list resolved, old spellings met, no collisions."""

from __future__ import annotations

import re
from pathlib import Path

from generator.search.dates import date_tokens
from generator.search.morphology import candidates
from generator.search.spelling import collisions, modern
from generator.search.stemmer import Stemmer, dictionary_roots

PAIRS_FILE = Path(__file__).parent / "data/morphology-id.txt"
PAIRS = [tuple(line.split()) for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


def resolved_share(stemmer: Stemmer) -> tuple[float, list]:
    """Pairs whose affixed form gets the index term its root gets (a reduplicated form:
    one of its words does)."""
    missed = []
    for affixed, root in PAIRS:
        got = [stemmer(w) for w in re.split(r"[\s-]+", affixed) if w]
        if stemmer(root) not in got:
            missed.append((affixed, root, got))
    return 1 - len(missed) / len(PAIRS), missed


def test_the_pair_list_is_large_and_covers_every_affix_type() -> None:
    assert len(PAIRS) >= 300
    sections = [line for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert len(sections) >= 12


def test_at_least_97_percent_of_pairs_resolve_with_the_dictionary_alone() -> None:
    share, missed = resolved_share(Stemmer())
    assert share >= 0.97, missed


def test_the_collection_chooses_between_two_dictionary_roots() -> None:
    # "memadu": meN- + padu (to fuse) or me- + madu (honey); both are roots.
    assert Stemmer(["padu", "logam"])("memadu") == "padu"
    assert Stemmer(["madu", "lebah"])("memadu") == "madu"


def test_a_root_used_more_wins_over_a_rare_one() -> None:
    # hunspell-id gives "cari", "beli", "masak" many affixes, "carik", "belik", "pasak" few
    stemmer = Stemmer()
    assert stemmer("carikan") == stemmer("mencarikan") == "cari"
    assert stemmer("memasak") == "masak"


def test_names_no_dictionary_holds_are_kept() -> None:
    stemmer = Stemmer(["nurbaya", "rusli"])
    assert stemmer("nurbaya") == "nurbaya" and stemmer("rusli") == "rusli"


def test_candidates_restore_the_letter_a_nasal_replaced() -> None:
    assert candidates("menulis")[:2] == ["tulis", "ulis"] or "tulis" in candidates("menulis")
    assert {"kirim", "irim"} <= set(candidates("mengirim"))
    assert "pukul" in candidates("memukul")
    assert "sapu" in candidates("menyapu")


def test_old_spellings_meet_modern_ones() -> None:
    stemmer = Stemmer()
    for old, new in [("soekarno", "sukarno"), ("djakarta", "jakarta"), ("tjerita", "cerita"),
                     ("poestaka", "pustaka"), ("roesli", "rusli"), ("sitti", "siti"), ("rakjat", "rakyat")]:
        assert stemmer(old) == stemmer(new), (old, new)
    assert modern("jalan") == "jalan" and modern("panjang") == "panjang"  # EYD j and nj stay


def test_spelling_rules_make_no_collision_among_dictionary_words() -> None:
    roots = dictionary_roots()
    assert collisions(sorted(roots), roots.__contains__) == []


def test_years_decades_and_centuries_are_tokens() -> None:
    class D:
        def __init__(self, year, end_year):
            self.year, self.end_year = year, end_year
    assert date_tokens(D(1922, 1922)).split() == ["1922", "1920an", "20abad"]
    tokens = date_tokens(D(1910, 1925)).split()
    assert "1917" in tokens and "1910an" in tokens and "1920an" in tokens
    assert date_tokens(D(1830, 1849)).split()[-1] == "19abad"
    assert date_tokens(None) == ""


def test_browser_declares_the_same_weak_roots() -> None:
    import json

    from generator.search.stemmer import weak_roots

    source = (Path(__file__).parent.parent / "theme/assets/pustaka/search/stemmer-id.js").read_text(encoding="utf-8")
    declared = re.search(r"// WEAK ROOTS[^\n]*\n\s*var WEAK_LIST = (\[.*?\]);\n", source, re.S)
    assert declared, "stemmer-id.js lost its WEAK ROOTS block"
    assert set(json.loads(declared.group(1))) == weak_roots()
    assert weak_roots() <= dictionary_roots()
