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


def fold(text: str) -> str:
    """Lowercase words without accents or punctuation: how typed and catalogued text meet."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


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


def resolve(items: Mapping[str, Any], text: str, *, lang: str = "id") -> Resolution:
    """The item a reader meant by ``text``: an id, a picker label, or an unambiguous title,
    call number or barcode; failing that, items all of whose words start the typed ones."""
    text = text.strip()
    if text in items:
        return Resolution(item=text)
    typed, typed_compact = fold(text), compact(text)
    if not typed:
        return Resolution(problem=_message("unknown", lang, q=text))
    exact: list[str] = []
    for item_id, item in items.items():
        labels = {fold(item.get("label") or ""), fold(item["title"])}
        numbers = {compact(n) for n in [item.get("call_number") or ""] +
                   [c.get("call_number") or "" for c in item["copies"]] + [c["barcode"] for c in item["copies"]] if n}
        if typed in labels or typed_compact in numbers:
            exact.append(item_id)
    # A label names one item, but two copies of one title are two records: ask which.
    label_hits = [i for i in exact if fold(items[i].get("label") or "") == typed]
    if len(label_hits) == 1:
        return Resolution(item=label_hits[0])
    found = exact or _word_matches(items, typed)
    if len(found) == 1:
        return Resolution(item=found[0])
    if not found:
        return Resolution(problem=_message("unknown", lang, q=text))
    found.sort(key=lambda i: (fold(items[i]["title"]), i))
    return Resolution(problem=_message("ambiguous", lang, q=text, n=len(found), names=_describe(items, found, lang)),
                      candidates=found)


def _word_matches(items: Mapping[str, Any], typed: str) -> list[str]:
    """Items in whose title, creators or call number every typed word starts a word.

    Words shorter than `MIN_PREFIX` must match whole: one stray letter names no item.
    """
    words = typed.split()
    if len(typed) < MIN_PREFIX:
        return []
    found = []
    for item_id, item in items.items():
        haystack = fold(" ".join([item["title"], *item.get("creators", []), item.get("call_number") or ""])).split()
        if all(any(h == w or (len(w) >= MIN_PREFIX and h.startswith(w)) for h in haystack) for w in words):
            found.append(item_id)
    return found


def choices_script(items: Mapping[str, Mapping[str, Any]]) -> str:
    """The picker's data as a script: one row per item, [id, title, creator, year, call number].

    Rows, not objects, because at 10,000 items the key names would be most of the bytes.
    """
    rows = [[item_id, item["title"], (item.get("creators") or [""])[0], item.get("year"), item.get("call_number")]
            for item_id, item in items.items()]
    rows.sort(key=lambda r: fold(r[1]))
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
