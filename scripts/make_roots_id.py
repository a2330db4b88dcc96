"""Make generator/search/data/roots-id.txt: the Indonesian root words of hunspell-id.

hunspell-id (LibreOffice's Indonesian dictionary, Debian package ``hunspell-id``, LGPL-3)
lists ~31,000 words with the affixes each takes. Some of its entries are themselves
derived words that its own affix rules make from another entry ("belajar" is ber- +
"ajar"), and some are bound stems it marks NEEDAFFIX ("ketahu"): those are left out, so that every word in the list is a root the search may
reduce an affixed word to. Run once when the dictionary changes:

    apt-get install hunspell-id
    .venv/bin/python scripts/make_roots_id.py /usr/share/hunspell/id_ID
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "generator/search/data/roots-id.txt"
WEAK = REPO / "generator/search/data/weak-roots-id.txt"
sys.path.insert(0, str(REPO))


def read_affixes(aff: str) -> dict[str, tuple[str, bool, list[tuple[str, str, str, re.Pattern]]]]:
    rules: dict = {}
    for line in aff.splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) < 4 or parts[0] not in ("PFX", "SFX"):
            continue
        kind, flag = parts[0], parts[1]
        if flag not in rules:  # the header: PFX flag cross count
            rules[flag] = (kind, parts[2] == "Y", [])
            continue
        strip, add = parts[2], parts[3]
        condition = parts[4] if len(parts) > 4 else "."
        add, _, more = add.partition("/")
        strip = "" if strip == "0" else strip
        add = "" if add == "0" else add
        pattern = re.compile(("^" + condition) if kind == "PFX" else (condition + "$"))
        rules[flag][2].append((strip, add, more, pattern))
    return rules


def flags(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(0, len(text), 2)]


def forms(stem: str, stem_flags: list[str], rules) -> set[str]:
    """The words hunspell makes from ``stem``: each affix, and a prefix with a suffix."""
    made: set[str] = set()
    suffixed: list[tuple[str, list[str]]] = [(stem, stem_flags)]
    for flag in stem_flags:
        kind, _, entries = rules.get(flag, ("", False, []))
        if kind != "SFX":
            continue
        for strip, add, more, pattern in entries:
            if pattern.search(stem) and stem.endswith(strip):
                word = stem[:len(stem) - len(strip)] + add
                made.add(word)
                suffixed.append((word, flags(more)))
    for base, base_flags in suffixed:
        for flag in set(stem_flags) | set(base_flags):
            kind, _, entries = rules.get(flag, ("", False, []))
            if kind != "PFX":
                continue
            for strip, add, more, pattern in entries:
                if pattern.search(base) and base.startswith(strip):
                    made.add(add + base[len(strip):])
    return {w.lower() for w in made if w != stem}


def weak_roots(entries: dict[str, list[str]], roots: set[str], rules) -> set[str]:
    """Roots that the affix rules would prefer to a root that hunspell-id gives more
    affixes (a measure of how much a word is used): for a word hunspell makes from
    "cari" ("carikan"), the rules propose "carik" first; "carik", with fewer affixes, is
    weak. morphology.candidates puts weak roots after the others of the same rank."""
    from generator.search.morphology import candidates

    weak: set[str] = set()
    for stem in sorted(roots):
        productive = len(entries[stem])
        for form in forms(stem, entries[stem], rules):
            if not form.isalpha() or not form.islower() or form in roots:
                continue
            known = [c for c in candidates(form) if c in roots]
            if stem in known:
                weak.update(r for r in known[:known.index(stem)] if len(entries[r]) < productive)
    return weak


def main(prefix: str) -> None:
    aff = Path(prefix + ".aff").read_text(encoding="iso-8859-1")
    dic = Path(prefix + ".dic").read_text(encoding="iso-8859-1").splitlines()[1:]
    rules = read_affixes(aff)
    entries = {}
    for line in dic:
        word, _, f = line.strip().partition("/")
        if word:
            entries[word.lower()] = flags(f)
    derived: set[str] = set()
    for word, f in entries.items():
        derived |= forms(word, f, rules) & entries.keys()
    # NEEDAFFIX entries never stand alone ("ketahu" only in "ketahui"): not roots to reduce to
    bound = re.search(r"^NEEDAFFIX\s+(\S+)", aff, re.M)
    if bound:
        derived |= {word for word, f in entries.items() if bound.group(1) in f}
    roots = sorted(w for w in entries if w not in derived and re.fullmatch(r"[a-z]+(-[a-z]+)*", w))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(roots) + "\n", encoding="utf-8")
    print(f"{len(entries)} entries, {len(derived)} derived or bound, {len(roots)} roots written to {OUT}")
    weak = weak_roots(entries, set(roots), rules)
    WEAK.write_text("\n".join(sorted(weak)) + "\n", encoding="utf-8")
    print(f"{len(weak)} weak roots written to {WEAK}")
    write_js_weak(sorted(weak))


def write_js_weak(weak: list[str]) -> None:
    """Copy the weak roots into stemmer-id.js between its WEAK ROOTS markers."""
    import json

    js = REPO / "theme/assets/pustaka/search/stemmer-id.js"
    text = js.read_text(encoding="utf-8")
    text = re.sub(r"(// WEAK ROOTS[^\n]*\n\s*var WEAK_LIST = ).*?;\n", lambda m: m.group(1) + json.dumps(weak) + ";\n",
                  text, count=1, flags=re.S)
    js.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/hunspell/id_ID")
