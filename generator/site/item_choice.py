"""Choosing an item by what a reader knows of it: a title, an author, a call number.

The build writes two views of the same facts: forms.json's ``items`` (what the endpoint
resolves a typed value against) and ``assets/pustaka/item-choices.js``, a small script
the item picker loads on first focus (a ``<script>``, so it works from file://). Each
item's *label* ("Title · call number") is what the picker puts in the field; the
endpoint accepts an id, a label, or an unambiguous title, call number or barcode, and
otherwise says which items matched or what to do.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

CHOICES_PATH = "assets/pustaka/item-choices.js"
#: Candidates named in a message when a typed value matches several items.
SHOWN = 5
#: The shortest typed word matched as the start of a longer one.
MIN_PREFIX = 3

MESSAGES = {
    "unknown": ("tidak ada koleksi dengan judul, nomor panggil, atau kode “{q}”. Periksa ejaannya, atau cari "
                "koleksinya di katalog lalu pakai tombol permintaan di halaman koleksi itu",
                "no item has the title, call number or id “{q}”. Check the spelling, or find the item in the "
                "catalogue and use the request buttons on its page"),
    "ambiguous": ("“{q}” cocok dengan {n} koleksi: {names}. Tulis judul lengkap atau nomor panggil yang Anda maksud",
                  "“{q}” matches {n} items: {names}. Type the full title or the call number you mean"),
    "more": ("dan {k} lainnya", "and {k} more"),
}


def _message(key: str, lang: str, **values: Any) -> str:
    return MESSAGES[key][0 if lang != "en" else 1].format(**values)


_NON_WORD = re.compile(r"[\W_]+")  # as the picker's /[^\p{L}\p{N}]+/u


def fold(text: str) -> str:
    """Lowercase words without accents or punctuation: how typed and catalogued text meet."""
    text = text.casefold()
    if not text.isascii():  # most catalogue text is; decomposing it is most of the cost
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text).split())


def compact(text: str) -> str:
    """A call number or barcode without spaces and punctuation ("899.221 3 RON a" → "8992213rona")."""
    return fold(text).replace(" ", "").replace("_", "")


def label(title: str, call_number: str | None, year: int | None) -> str:
    """What the picker shows and sends for an item; the picker's script builds the same."""
    tail = call_number or (str(year) if year is not None else "")
    return f"{title} · {tail}" if tail else title


def item_entry(item_id: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """An item as forms.json carries it: enough to resolve, route and check its copies."""
    copies = [{"barcode": c.get("barcode") or f"{item_id}#{n + 1}", "branch": c["branch"],
               "status": c.get("status", "available"),
               **({"call_number": c["call_number"]} if c.get("call_number") else {})}
              for n, c in enumerate(item.get("copies", []))]
    call_number = (item.get("identifiers") or {}).get("call_number") or next(
        (c["call_number"] for c in copies if c.get("call_number")), None)
    date = item.get("date")
    year = getattr(date, "year", None)
    title = item["title"]
    return {"title": title, "access": item.get("access", "public"), "copies": copies,
            "creators": [p["name"] for p in item.get("creators", [])][:3],
            "call_number": call_number, "year": year, "label": label(title, call_number, year)}


@dataclass
class Resolution:
    """A typed item value resolved: the item's id, or the message to show beside the field."""

    item: str | None = None
    problem: str | None = None
    candidates: list[str] = field(default_factory=list)


def _describe(items: Mapping[str, Any], ids: list[str], lang: str) -> str:
    shown = [items[i]["label"] for i in ids[:SHOWN]]
    names = "; ".join(shown)
    if len(ids) > SHOWN:
        names += " " + _message("more", lang, k=len(ids) - SHOWN)
    return names


class ItemIndex:
    """forms.json's items looked up by folded title and label, call number and barcode, and
    by word: built once per loaded forms.json, so a request at 10,000 items is a few lookups."""

    def __init__(self, items: Mapping[str, Any]) -> None:
        self.items = items
        self.labels: dict[str, list[str]] = defaultdict(list)
        self.titles: dict[str, list[str]] = defaultdict(list)
        self.numbers: dict[str, list[str]] = defaultdict(list)
        postings: dict[str, set[str]] = defaultdict(set)
        for item_id, item in items.items():
            title = fold(item["title"])
            # The label's " · " folds to a space; dropping it first keeps ASCII labels on fold's fast path.
            self.labels[fold(item["label"].replace(" · ", " ")) if item.get("label") else title].append(item_id)
            self.titles[title].append(item_id)
            numbers = [item.get("call_number")] + [c.get("call_number") for c in item["copies"]] + \
                [c["barcode"] for c in item["copies"]]
            for number in {compact(n) for n in numbers if n}:
                self.numbers[number].append(item_id)
            for word in (title + " " + fold(" ".join([*item.get("creators", []), item.get("call_number") or ""]))).split():
                postings[word].add(item_id)
        self.postings = dict(postings)
        self.words = sorted(postings)

    def starting(self, word: str) -> set[str]:
        """Items with a word that starts with ``word`` (whole words only when it is short)."""
        if len(word) < MIN_PREFIX:
            return set(self.postings.get(word, ()))
        found: set[str] = set()
        for vocab in self.words[bisect_left(self.words, word):]:
            if not vocab.startswith(word):
                break
            found |= self.postings[vocab]
        return found


_INDEXES: dict[int, tuple[Mapping[str, Any], ItemIndex]] = {}


def index_of(items: Mapping[str, Any]) -> ItemIndex:
    """The index of one loaded forms.json's items. The endpoint holds one forms.json at a time
    (a rebuild replaces it), so one entry is kept; the mapping is kept too, so its id stays its own."""
    hit = _INDEXES.get(id(items))
    if hit is None or hit[0] is not items:
        _INDEXES.clear()
        hit = _INDEXES[id(items)] = (items, ItemIndex(items))
    return hit[1]


def resolve(items: Mapping[str, Any], text: str, *, lang: str = "id") -> Resolution:
    """The item a reader meant by ``text``: an id, a picker label, or an unambiguous title,
    call number or barcode; failing that, items all of whose words start the typed ones."""
    text = text.strip()
    if text in items:
        return Resolution(item=text)
    typed, typed_compact = fold(text), compact(text)
    if not typed:
        return Resolution(problem=_message("unknown", lang, q=text))
    index = index_of(items)
    # A picker's label names one item; two records of one title and call number stay ambiguous.
    label_hits = index.labels.get(typed, [])
    if len(label_hits) == 1:
        return Resolution(item=label_hits[0])
    exact = set(index.titles.get(typed, [])) | set(label_hits) | set(index.numbers.get(typed_compact, []))
    found = sorted(exact or _word_matches(index, typed))
    if len(found) == 1:
        return Resolution(item=found[0])
    if not found:
        return Resolution(problem=_message("unknown", lang, q=text))
    found.sort(key=lambda i: (fold(items[i]["title"]), i))
    return Resolution(problem=_message("ambiguous", lang, q=text, n=len(found), names=_describe(items, found, lang)),
                      candidates=found)


def _word_matches(index: ItemIndex, typed: str) -> set[str]:
    """Items in whose title, creators or call number every typed word starts a word.

    Words shorter than `MIN_PREFIX` must match whole: one stray letter names no item.
    """
    if len(typed) < MIN_PREFIX:
        return set()
    found: set[str] | None = None
    for word in typed.split():
        hits = index.starting(word)
        found = hits if found is None else found & hits
        if not found:
            return set()
    return found or set()


def choices_script(items: Mapping[str, Mapping[str, Any]]) -> str:
    """The picker's data as a script: one row per item, [title, creator, year, call number].

    Rows, not objects, because at 10,000 items the key names would be most of the bytes; no
    ids, because the picker sends the label, which the endpoint resolves (a third less).
    """
    rows = [[item["title"], (item.get("creators") or [""])[0], item.get("year"), item.get("call_number")]
            for item in items.values()]
    rows.sort(key=lambda r: fold(r[0]))
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    # "</" cannot end a <script> element that way, and U+2028/9 are line ends to older parsers.
    data = data.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.pustakaItemChoices={data};\n"


def write_choices(site_dir: Path, collection: Any) -> Path:
    """Write ``assets/pustaka/item-choices.js`` beside forms.json, from the same item entries."""
    items = {item_id: item_entry(item_id, item) for item_id, item in collection.items.items()}
    target = Path(site_dir) / CHOICES_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(choices_script(items), encoding="utf-8")
    return target
