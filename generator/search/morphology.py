"""Indonesian word forms resolved from data: which root an affixed word was made from.

Affix rules alone cannot know which first letter a nasal prefix replaced ("menulis" may be
meN- + "tulis" or + "nulis"; "memakan" meN- + "pakan" or me- + "makan") nor whether a
word that looks affixed is a root ("terbit" is not ter- + "bit"). So the rules here only
*propose* roots (`candidates`), and a vocabulary chooses among them (`resolve`):

- at build time, the root words of hunspell-id (data/roots-id.txt, see data/README.md)
  and the collection's own words (names and regional words no dictionary holds);
- in the browser, the index's own terms (theme/assets/pustaka/search/stemmer-id.js has
  the same functions, line for line; tests/test_search_parity.py holds them together).

A word no vocabulary knows keeps Snowball's stem (stemmer.snowball_stem), as before.
Spelling variants (spelling.py) are tried in the same loop: a Van Ophuijsen or Soewandi
form is resolved as its EYD form.
"""

from __future__ import annotations

import re
from typing import Callable

from .spelling import alternatives, modern

Known = Callable[[str], bool]

PARTICLES = ("kah", "lah", "pun", "tah")
POSSESSIVES = ("nya", "ku", "mu")
DERIVATIONAL = ("an", "kan", "i")  # "masakan": masak + -an before masa + -kan
AGENTS = ("wan", "wati")  # pustakawan, wartawati: -wan/-wati on a root
VOWELS = "aeiou"
_REDUPLICATED = re.compile("[a-z]+2")


def _suffix_bases(word: str) -> list[tuple[str, int, bool, bool]]:
    """``word`` less each combination of particle, possessive and derivational suffix:
    (base, suffixes cut, whether -an was cut, whether a derivational suffix was cut);
    a base keeps at least three letters."""
    bases = [(word, 0, False, False)]
    for group in (PARTICLES, POSSESSIVES, DERIVATIONAL):
        more = []
        for base, cut, an, derived in bases:
            for suffix in group:
                if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                    more.append((base[:-len(suffix)], cut + 1, an or suffix == "an",
                                 derived or group is DERIVATIONAL))
        bases += more
    return bases


def _monosyllable(word: str) -> bool:
    return sum(1 for i, c in enumerate(word) if c in VOWELS and (i == 0 or word[i - 1] not in VOWELS)) == 1


def _nasal(rest: str) -> list[str]:
    """Roots behind meN-/peN- once "me"/"pe" is cut: ``rest`` begins with the nasal.
    A lost first letter restored comes first: t, k, p, s are the letters it replaces."""
    out = []
    if rest.startswith("ng"):
        out += ["k" + rest[2:], rest[2:]] if rest[2:3] in VOWELS else [rest[2:]]
        if rest.startswith("nge") and _monosyllable(rest[3:]):
            out.append(rest[3:])  # mengecat → cat, mengebom → bom
    elif rest.startswith("ny"):
        out.append("s" + rest[2:])  # menyapu → sapu (menyanyi → nyanyi: below)
    elif rest.startswith("n"):
        out += ["t" + rest[1:]] if rest[1:2] in VOWELS else [rest[1:]]
    elif rest.startswith("m"):
        out += ["p" + rest[1:]] if rest[1:2] in VOWELS else [rest[1:]]
    return out + [rest]  # me- before l, m, n, r, w, y, ny: melihat, memakan, menilai


#: Prefixes that may stand before another (memper-, diper-, keber-, keter-, pember-…),
#: and those that may stand second.
_SECOND = ("be", "pe", "te", "ke")


def _prefix_roots(base: str, after: str = "") -> list[tuple[str, int, bool]]:
    """(root, prefixes cut, whether ke- was cut) for one or two prefixes cut from ``base``;
    ``after``: the prefix already cut, when this is the second."""
    if len(base) < 5:
        return []
    head, rest = base[:2], base[2:]
    if after and head not in _SECOND:
        return []
    found: list[str] = []
    if head in ("be", "pe", "te"):
        if rest.startswith("r"):
            found.append(rest[1:])  # ber-, per-, ter- (memper-, diper-, keber-, keter-)
        if rest.startswith("l") and head != "te":
            found.append(rest[1:])  # belajar, pelajaran, mempelajari
    if head in ("me", "pe") and (not after or (head == "pe" and after == "ke")):
        found += _nasal(rest)  # kepemimpinan: ke- + peN- + pimpin + -an
    if head in ("di", "ke", "se") and (not after or head == "ke"):
        found.append(rest)
    if head in ("be", "pe", "te") and not after:
        if head == "pe" or rest.startswith("r") or rest[1:3] == "er":
            found.append(rest)  # be-/te- before r or -er-: berenang, bekerja; pe-: petani
    out = []
    for root in dict.fromkeys(found):
        if len(root) >= 2:
            out.append((root, 1, head == "ke"))
            if not after:
                out += [(r, n + 1, ke or head == "ke") for r, n, ke in _prefix_roots(root, head)]
    return out


def candidates(word: str, weak: frozenset[str] | set[str] = frozenset()) -> list[str]:
    return [root for root, _ in ranked_candidates(word, weak)]


def ranked_candidates(word: str, weak: frozenset[str] | set[str] = frozenset()
                      ) -> list[tuple[str, tuple[int, bool, bool, int]]]:
    """The roots ``word`` may be made from, by affix rules alone, in the order they are
    preferred: fewer affixes cut first (ke- without -an counts one more: it is rare);
    at equal count, particles and possessives alone (petanya), then roots not in ``weak``
    (carikan: "cari" before "carik", see stemmer.weak_roots), then a prefix (mendaki),
    then a derivational suffix alone; ``word`` itself not among them. With each, its rank:
    candidates of one rank differ only by the letter a nasal replaced ("memasak")."""
    scored: list[tuple[int, int, str]] = []
    if _REDUPLICATED.fullmatch(word):
        scored.append((0, 0, word[:-1]))  # buku2: the old way to write buku-buku
    for base, cut, an, derived in _suffix_bases(word):
        if cut:
            scored.append((cut, 2 if derived else 0, base))
        for root, prefixes, ke in _prefix_roots(base):
            scored.append((cut + prefixes + (1 if ke and not an else 0), 1, root))
    def rank(i: int) -> tuple[int, bool, bool, int]:
        cost, kind, root = scored[i]
        return cost, kind != 0, root in weak, kind

    ranked: dict[str, tuple[int, bool, bool, int]] = {}
    for i in sorted(range(len(scored)), key=lambda i: (rank(i), i)):
        root = scored[i][2]
        if root != word and len(root) >= 2 and root not in ranked:
            ranked[root] = rank(i)
    return list(ranked.items())


def _agent_root(word: str, known: Known) -> str | None:
    for suffix in AGENTS:
        root = word[:-len(suffix)]
        if word.endswith(suffix) and len(root) >= 3:
            for form in (root, root + "h"):  # sejarawan ← sejarah
                if known(form):
                    return form
    return None


def resolve_form(word: str, roots: Known, tiers: list[list[Known]], weak: frozenset[str] = frozenset()) -> str | None:
    """The root of ``word``: ``word`` itself when ``roots`` holds it (a -wan/-wati word
    gives way to its root), else a candidate that ``tiers`` know; None when none does.

    ``tiers``: groups of vocabularies, asked in turn. In a group, the first candidate any
    of them knows sets the rank, and among the candidates of that rank the first
    vocabulary of the group that knows one chooses ("memasak": a collection that writes
    "masak" chooses it over the dictionary's "pasak")."""
    agent = _agent_root(word, roots)
    if agent:
        return agent
    if roots(word):
        return word
    found = ranked_candidates(word, weak)
    for group in tiers:
        best: tuple | None = None
        for position, (root, rank) in enumerate(found):
            if best is not None and rank > best[0]:
                break
            for tier, known in enumerate(group):
                if known(root):
                    if best is None or (rank, tier, position) < best[:3]:
                        best = (rank, tier, position, root)
                    break
        if best is not None:
            return best[3]
    return None


def resolve(word: str, roots: Known, tiers: list[list[Known]], fallback: Callable[[str], str],
            weak: frozenset[str] = frozenset()) -> str:
    """The index term of ``word``: its modern spelling's root, else a spelling
    alternative's root (see spelling.alternatives), else ``fallback`` of the modern form.
    A word ``roots`` holds as written is not respelled."""
    if any(c.isdigit() for c in word) and not _REDUPLICATED.fullmatch(word):
        return word  # years, "1920an", "abad19", numbers: kept whole
    # A word the vocabulary holds as written keeps its spelling ("koersi" is not "kursi")
    form = word if roots(word) else modern(word)
    for each in (form, *alternatives(form)):
        root = resolve_form(each, roots, tiers, weak)
        if root is not None:
            return root
    return fallback(form)
