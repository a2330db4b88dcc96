"""Make generator/search/data/roots-id.txt: the Indonesian root words of hunspell-id.

hunspell-id (LibreOffice's Indonesian dictionary, Debian package ``hunspell-id``, LGPL-3)
lists ~31,000 words with the affixes each takes. Some of its entries are themselves
derived words that its own affix rules make from another entry ("belajar" is ber- +
"ajar"), and some are bound stems it marks NEEDAFFIX ("ketahu"): those are left out, so that every word in the list is a root the search may
reduce an affixed word to. Run once when the dictionary changes:

    apt-get install hunspell-id
    python scripts/make_roots_id.py /usr/share/hunspell/id_ID
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "generator/search/data/roots-id.txt"


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


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/hunspell/id_ID")
