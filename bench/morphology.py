"""Indonesian word forms and old spellings in the search index, measured.

    python bench/morphology.py [--old PATH] [--synthetic N]

- the share of the pair list (tests/data/morphology-id.txt) whose affixed form gets the
  index term its root gets: with the dictionary alone, and with the sample collection's
  words; ``--old``: the same for another stemmer module (e.g. main's stemmer.py, written
  out with ``git show main:generator/search/stemmer.py > /tmp/old_stemmer.py``);
- words of tests/search_words.py that found their root with the old stemmer and no longer do;
- spelling collisions (spelling.collisions) on the sample collection's vocabulary and on
  a synthetic collection's (bench/synth.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.records.collection import load_collection  # noqa: E402
from generator.search.index import collection_words, search_documents  # noqa: E402
from generator.search.spelling import collisions, merges, spelling_key  # noqa: E402
from generator.search.stemmer import Stemmer, dictionary_roots  # noqa: E402
from tests.search_words import ROOTS, affixed_words  # noqa: E402

PAIRS = [tuple(line.split()) for line in (REPO / "tests/data/morphology-id.txt").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


def share(stem) -> tuple[float, list]:
    missed = []
    for affixed, root in PAIRS:
        got = [stem(w) for w in re.split(r"[\s-]+", affixed) if w]
        if stem(root) not in got:
            missed.append((affixed, root, got))
    return 1 - len(missed) / len(PAIRS), missed


def vocabulary(collection) -> set[str]:
    docs = search_documents(collection)
    return collection_words(docs.core["id"], docs.full["id"])


def synthetic_vocabulary(n: int) -> set[str]:
    sys.path.insert(0, str(REPO / "bench"))
    import synth

    words: set[str] = set()
    for _, record in synth.items(n):
        text = " ".join([record["title"], record.get("subtitle", ""), record["description"], *record["subjects"],
                         *(c["name"] for c in record["creators"])])
        words.update(re.findall(r"[^\s\-]+", text.lower()))
    return {re.sub(r"^\W+|\W+$", "", w) for w in words} - {""}


def root_of_each_word() -> dict[str, str]:
    """tests/search_words.py's words with the root each was made from."""
    import tests.search_words as sw

    out = {}
    for root in dict.fromkeys(ROOTS):
        saved = sw.ROOTS
        sw.ROOTS = [root]
        try:
            for word in sw.affixed_words():
                out.setdefault(word, root)
        finally:
            sw.ROOTS = saved
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, help="another stemmer module with stem_id(word)")
    parser.add_argument("--synthetic", type=int, default=2000)
    parser.add_argument("--show", type=int, default=20, help="dropped words to list")
    args = parser.parse_args()
    sample = load_collection(REPO / "collection")
    sample_words = vocabulary(sample)
    new_alone, missed = share(Stemmer())
    new_sample, _ = share(Stemmer(sample_words))
    print(f"pairs: {len(PAIRS)}")
    print(f"resolved, dictionary alone: {new_alone:.1%}; with the sample's words: {new_sample:.1%}")
    for m in missed:
        print("  missed:", *m)
    roots = root_of_each_word()
    new = Stemmer(sample_words)
    if args.old:
        spec = importlib.util.spec_from_file_location("old_stemmer", args.old)
        old = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(old)
        old_share, _ = share(old.stem_id)
        print(f"resolved by the old stemmer: {old_share:.1%}")
        worked = [w for w, r in roots.items() if old.stem_id(w) == old.stem_id(r)]
        dropped = [(w, roots[w], new(w), new(roots[w])) for w in worked if new(w) != new(roots[w])]
        gained = sum(1 for w, r in roots.items() if new(w) == new(r)) - (len(worked) - len(dropped))
        print(f"tests/search_words.py: {len(roots)} words; the old stemmer found the root of {len(worked)}; "
              f"{len(dropped)} of those no longer; {gained} newly found")
        for d in dropped[:args.show]:
            print("  dropped:", *d)
    known = dictionary_roots().__contains__  # as the index: a word the dictionary holds keeps its spelling
    merged = sorted((w, spelling_key(w, known)) for w in sample_words if spelling_key(w, known) != w)
    print(f"sample words brought to another spelling: {len(merged)} {merged[:30]}")
    found = collisions(sample_words, known)
    print(f"spelling: sample vocabulary ({len(sample_words)} words): {len(merges(sample_words, known))} groups merged "
          f"{merges(sample_words, known)}; collisions of two dictionary words: {len(found)} {found[:10]}")
    synthetic = synthetic_vocabulary(args.synthetic)
    found = collisions(synthetic, known)
    print(f"spelling: synthetic vocabulary of {args.synthetic} items ({len(synthetic)} words): "
          f"{len(merges(synthetic, known))} groups merged; collisions of two dictionary words: {len(found)} {found[:10]}")
    found = collisions(dictionary_roots(), dictionary_roots().__contains__)
    print(f"spelling collisions among hunspell-id's {len(dictionary_roots())} roots: {len(found)}")


if __name__ == "__main__":
    main()
