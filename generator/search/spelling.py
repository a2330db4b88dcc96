"""Old Indonesian spellings met in catalogues: Van Ophuijsen (until 1947), Soewandi (until
1972) and EYD (since). Index terms and typed query words are both brought to EYD, so
"Soekarno" and "Sukarno", "Djakarta" and "Jakarta" meet, whichever side has which.

Two kinds of difference, kept apart so that modern words do not collide:

- ``oe``, ``dj`` and ``tj`` occur in no EYD word of Indonesian origin: a word holding one is
  old, and is rewritten whole (`modern`): oe→u, dj→j, tj→c, and in the same word nj→ny,
  sj→sy, ch→kh and the old j→y ("Soerabaja" → "surabaya", "Tjahja" → "cahya").
- ``nj``, ``sj``, ``ch``, ``j`` and doubled consonants ("Sitti") are also EYD spelling
  ("panjang", "masjid", "jalan", "Allah"). These are only *alternatives* (`alternatives`):
  morphology.resolve tries them when the word as written resolves to nothing the
  vocabulary knows, and "tjeritera"-style words are never guessed from a modern one.

theme/assets/pustaka/search/stemmer-id.js has the same functions (and, for typed queries
only, doubled consonants the other way: "Siti" finds an index that holds only "sitti").
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable, Iterable

_OLD = re.compile("oe|dj|tj")
_DOUBLE = re.compile(r"([bcdfghjklmnpqrstvwxz])\1")


def is_old(word: str) -> bool:
    """Whether ``word`` holds a letter group that only the old spellings write."""
    return _OLD.search(word) is not None


def _rewrite(word: str) -> str:
    word = word.replace("dj", "\0").replace("tj", "c").replace("nj", "ny").replace("sj", "sy")
    word = word.replace("ch", "kh").replace("oe", "u").replace("j", "y")
    return word.replace("\0", "j")


def modern(word: str) -> str:
    """``word`` in EYD when it is certainly old (see the module), else ``word``."""
    return _rewrite(word) if is_old(word) else word


def alternatives(word: str) -> list[str]:
    """EYD readings of ``word`` that its letters allow but do not prove, most likely first:
    doubled consonants single ("sitti" → "siti"), then the old j, nj, sj, ch rewritten."""
    out = []
    single = _DOUBLE.sub(r"\1", word)
    if single != word:
        out.append(single)
    for each in (word, single):
        if "j" in each or "ch" in each:
            out.append(_rewrite(each))
    return [w for w in dict.fromkeys(out) if w != word]


def spelling_key(word: str, known: Callable[[str], bool]) -> str:
    """The form ``word`` is indexed under as far as spelling goes: its EYD form, or the
    first alternative ``known`` holds when the word itself is unknown. A word ``known``
    holds as written keeps it ("koersi", coercion, is not "kursi")."""
    if known(word):
        return word
    form = modern(word)
    if known(form):
        return form
    return next((alt for alt in alternatives(form) if known(alt)), form)


def merges(words: Iterable[str], known: Callable[[str], bool]) -> list[tuple[str, ...]]:
    """Groups of distinct ``words`` that `spelling_key` brings together."""
    groups: dict[str, set[str]] = defaultdict(set)
    for word in words:
        groups[spelling_key(word, known)].add(word)
    return sorted(tuple(sorted(g)) for g in groups.values() if len(g) > 1)


def collisions(words: Iterable[str], known: Callable[[str], bool]) -> list[tuple[str, ...]]:
    """`merges` holding two distinct words that ``known`` (the dictionary) holds: two modern
    words, unrelated, that the spelling rules would make one."""
    return [group for group in merges(words, known) if sum(1 for w in group if known(w)) > 1]
