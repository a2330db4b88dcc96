"""Citations: each item as CSL-JSON, BibTeX and RIS.

Pustaka never formats a reference by hand, nor at build time: item pages carry the
CSL-JSON record, and the reader's browser formats it on demand with citeproc-js (the
CSL processor Zotero uses) and the official Citation Style Language styles, vendored in
``theme/assets/pustaka/cite/`` (the id-ID locale on Indonesian pages, en-US on English
ones).
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

from . import common

#: Styles the item pages format in the browser: (key, CSL style file in theme/assets/pustaka/cite/csl/).
STYLES = (("apa", "apa"), ("chicago", "chicago-author-date"))
#: The CSL locale of each page language.
CSL_LOCALES = {"id": "id-ID", "en": "en-US"}
CSL_TYPES = {"book": "book", "thesis": "thesis", "article": "article-journal", "periodical": "periodical",
             "manuscript": "manuscript", "map": "map", "photo": "graphic", "audio": "song",
             "video": "motion_picture", "dataset": "dataset", "other": "article"}
BIBTEX_TYPES = {"book": "book", "article": "article", "manuscript": "unpublished", "periodical": "misc",
                "map": "misc", "photo": "misc", "audio": "misc", "video": "misc", "dataset": "misc", "other": "misc"}
RIS_TYPES = {"book": "BOOK", "thesis": "THES", "article": "JOUR", "periodical": "JFULL", "manuscript": "MANSCPT",
             "map": "MAP", "photo": "ART", "audio": "SOUND", "video": "VIDEO", "dataset": "DATA", "other": "GEN"}
# Name variables of CSL 1.0.1, which both citeproc-js and citeproc-py know (CSL 1.0.2's
# "compiler" and "narrator" stop citeproc-py). A compiler is cited as an editor, as Zotero
# does; a narrator has no 1.0.1 role and is named in the note instead.
CSL_ROLES = {"editor": "editor", "translator": "translator", "illustrator": "illustrator",
             "compiler": "editor", "interviewer": "interviewer"}
CSL_NOTE_ROLES = {"narrator": "Narator", "photographer": "Fotografer", "cartographer": "Kartografer",
                  "supervisor": "Pembimbing"}


# -- CSL-JSON -------------------------------------------------------------------------
def csl_json(item: dict, *, site_url: str = "") -> dict[str, Any]:
    """The item as a CSL-JSON object (what Zotero, Mendeley and citeproc read)."""
    kind = item["type"]
    data: dict[str, Any] = {"id": item["id"], "type": CSL_TYPES[kind], "title": common.full_title(item)}
    if item.get("creators"):
        data["author"] = [common.split_name(p["name"]) for p in item["creators"]]
    noted = []
    for person in item.get("contributors", []):
        role = CSL_ROLES.get(person.get("role", ""))
        if role:
            data.setdefault(role, []).append(common.split_name(person["name"]))
        elif person.get("role") in CSL_NOTE_ROLES:
            noted.append(f"{CSL_NOTE_ROLES[person['role']]}: {person['name']}")
    if noted:
        data["note"] = "; ".join(noted)
    parts = common.date_parts(item)
    if parts:
        data["issued"] = {"date-parts": parts}
    if item.get("added"):
        data["accessed"] = {"date-parts": [[item["added"].year, item["added"].month, item["added"].day]]}
    if item.get("publisher"):
        data["publisher"] = item["publisher"]
    elif kind == "thesis" and item.get("institution"):
        data["publisher"] = item["institution"]
    if item.get("place"):
        data["publisher-place"] = item["place"]
    if kind == "thesis" and item.get("degree"):
        data["genre"] = item["degree"]
    elif kind == "manuscript":
        data["genre"] = "Naskah"
    for key, csl in (("edition", "edition"), ("series", "collection-title"), ("collation", "number-of-pages")):
        if item.get(key) and key != "collation":
            data[csl] = item[key]
    if item.get("collation"):
        data["dimensions"] = item["collation"]
    if item.get("language"):
        data["language"] = item["language"][0]
    if item.get("subjects"):
        data["keyword"] = ", ".join(item["subjects"])
    if item.get("description"):
        data["abstract"] = common.summary(item, 2000)
    ids = common.identifiers(item)
    for key, csl in (("isbn", "ISBN"), ("issn", "ISSN"), ("doi", "DOI"), ("call_number", "call-number")):
        if ids.get(key):
            data[csl] = ids[key]
    journal = item.get("journal")
    if journal:
        data["container-title"] = journal["title"]
        for key, csl in (("volume", "volume"), ("issue", "issue"), ("pages", "page")):
            if journal.get(key):
                data[csl] = journal[key]
    url = common.absolute(site_url, common.item_page(item["id"]))
    if url:
        data["URL"] = url
    return data


# -- on the item page -----------------------------------------------------------------
@common.for_last_record  # both language pages of an item carry the same text
def page_citation(item: dict, *, site_url: str = "") -> dict[str, str]:
    """What an item page carries for its citation section: the CSL-JSON record that the
    browser formats (``csl``, JSON safe inside a ``<script>`` element) and the BibTeX and
    RIS text, which readers without JavaScript read and cite.js offers as downloads."""
    return {"csl": script_json(csl_json(item, site_url=site_url)),
            "bibtex": bibtex(item, site_url=site_url), "ris": ris(item, site_url=site_url)}


def script_json(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` element. ``<``, ``>`` and ``&`` are
    written as ``\\u`` escapes, so a record whose title holds ``</script>`` cannot end the
    element; JSON.parse gives back the same text."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- BibTeX ---------------------------------------------------------------------------
_BIBTEX_SPECIAL = str.maketrans({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                                  "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                                  "^": r"\textasciicircum{}"})


# -- made once per build process where several writers ask -------------------------------
_remembered: dict[tuple[str, int, str], tuple[dict, str]] | None = None


@contextmanager
def remembered() -> Iterator[None]:
    """Within this block each item's BibTeX and RIS are made once: the open-data files and
    the search page's export chunks, written in turn by one process, ask for the same."""
    global _remembered
    _remembered = {}
    try:
        yield
    finally:
        _remembered = None


def _remember(kind: str, make: Callable[..., str], item: dict, site_url: str) -> str:
    if _remembered is None:
        return make(item, site_url=site_url)
    key = (kind, id(item), site_url)
    hit = _remembered.get(key)
    if hit is None or hit[0] is not item:  # the item is kept with its text, so its id stays its own
        hit = _remembered[key] = (item, make(item, site_url=site_url))
    return hit[1]


def _bib(value: str) -> str:
    return " ".join(str(value).split()).translate(_BIBTEX_SPECIAL)


def bibtex_key(item: dict) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", item["id"]) or "item"


def bibtex(item: dict, *, site_url: str = "") -> str:
    return _remember("bibtex", _make_bibtex, item, site_url)


def _make_bibtex(item: dict, *, site_url: str = "") -> str:
    """One BibTeX entry (UTF-8; biber and modern bibtex read it)."""
    kind = item["type"]
    entry = BIBTEX_TYPES.get(kind, "misc")
    fields: list[tuple[str, str]] = [("title", "{" + _bib(common.full_title(item)) + "}")]
    if kind == "thesis":
        degree = (item.get("degree") or "").lower()
        entry = "phdthesis" if "s3" in degree or "disertasi" in degree or "phd" in degree else "mastersthesis"
        if item.get("institution"):
            fields.append(("school", _bib(item["institution"])))
        if item.get("degree"):
            fields.append(("type", _bib(item["degree"])))
    if item.get("creators"):
        fields.append(("author", " and ".join("{" + _bib(p["name"]) + "}" if "literal" in common.split_name(p["name"])
                                             else _bib(_inverted(p["name"])) for p in item["creators"])))
    editors = [p["name"] for p in item.get("contributors", []) if p.get("role") == "editor"]
    if editors:
        fields.append(("editor", " and ".join(_bib(_inverted(name)) for name in editors)))
    date = item.get("date")
    if date is not None:
        fields.append(("year", str(date.year) if "/" not in date.text else f"{date.year}--{date.end_year}"))
        parts = common.date_parts(item)
        if parts and len(parts) == 1 and len(parts[0]) >= 2:
            fields.append(("month", str(parts[0][1])))
    journal = item.get("journal")
    if journal:
        fields.append(("journal", _bib(journal["title"])))
        for key in ("volume", "pages"):
            if journal.get(key):
                fields.append((key, _bib(journal[key]).replace("-", "--") if key == "pages" else _bib(journal[key])))
        if journal.get("issue"):
            fields.append(("number", _bib(journal["issue"])))
    for key in ("publisher", "edition", "series"):
        if item.get(key):
            fields.append((key, _bib(item[key])))
    if item.get("place"):
        fields.append(("address", _bib(item["place"])))
    ids = common.identifiers(item)
    for key in ("isbn", "issn", "doi"):
        if ids.get(key):
            fields.append((key, _bib(ids[key])))
    if item.get("language"):
        fields.append(("language", item["language"][0]))
    if item.get("subjects"):
        fields.append(("keywords", _bib(", ".join(item["subjects"]))))
    if item.get("description"):
        fields.append(("abstract", _bib(common.summary(item, 2000))))
    url = common.absolute(site_url, common.item_page(item["id"]))
    if url:
        fields.append(("url", url.replace("%", r"\%")))
    if entry in ("misc", "unpublished"):
        fields.append(("note", _bib({"manuscript": "Naskah", "periodical": "Terbitan berkala", "map": "Peta",
                                     "photo": "Foto", "audio": "Rekaman suara", "video": "Video",
                                     "dataset": "Dataset", "other": "Dokumen"}.get(kind, kind))))
    body = ",\n".join(f"  {name} = {{{value}}}" if not value.startswith("{") or not value.endswith("}")
                      else f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry}{{{bibtex_key(item)},\n{body}\n}}\n"


def _inverted(name: str) -> str:
    parts = common.split_name(name)
    return f"{parts['family']}, {parts['given']}" if "family" in parts else name


# -- RIS --------------------------------------------------------------------------------
def ris(item: dict, *, site_url: str = "") -> str:
    return _remember("ris", _make_ris, item, site_url)


def _make_ris(item: dict, *, site_url: str = "") -> str:
    """One RIS record (the tagged format EndNote, Zotero and Mendeley import)."""
    lines: list[tuple[str, str]] = [("TY", RIS_TYPES[item["type"]]), ("ID", item["id"]),
                                    ("TI", common.full_title(item))]
    lines += [("AU", _inverted(p["name"])) for p in item.get("creators", [])]
    lines += [("A2", _inverted(p["name"])) for p in item.get("contributors", []) if p.get("role") == "editor"]
    date = item.get("date")
    if date is not None:
        lines.append(("PY", str(date.year)))
        if "/" not in date.text:
            lines.append(("DA", date.text.replace("-", "/")))
    journal = item.get("journal")
    if journal:
        lines.append(("JO", journal["title"]))
        if journal.get("volume"):
            lines.append(("VL", journal["volume"]))
        if journal.get("issue"):
            lines.append(("IS", journal["issue"]))
        first, last = common.pages_range(journal.get("pages"))
        if first:
            lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    if item.get("publisher") or (item["type"] == "thesis" and item.get("institution")):
        lines.append(("PB", item.get("publisher") or item["institution"]))
    if item.get("place"):
        lines.append(("CY", item["place"]))
    if item.get("edition"):
        lines.append(("ET", item["edition"]))
    if item.get("series"):
        lines.append(("T3", item["series"]))
    if item["type"] == "thesis" and item.get("degree"):
        lines.append(("M3", item["degree"]))
    ids = common.identifiers(item)
    if ids.get("isbn") or ids.get("issn"):
        lines.append(("SN", ids.get("isbn") or ids["issn"]))
    if ids.get("doi"):
        lines.append(("DO", ids["doi"]))
    if ids.get("call_number"):
        lines.append(("CN", ids["call_number"]))
    lines += [("LA", code) for code in item.get("language", [])]
    lines += [("KW", s) for s in item.get("subjects", [])]
    if item.get("description"):
        lines.append(("AB", common.summary(item, 2000)))
    url = common.absolute(site_url, common.item_page(item["id"]))
    if url:
        lines.append(("UR", url))
    if site_url:
        lines += [("L1", common.absolute(site_url, common.media_url(f["path"]))) for f in common.pdfs(item)]
    lines.append(("ER", ""))
    # RIS is line-based: a value may not hold a line break.
    return "".join(f"{tag}  - {' '.join(value.split())}\n" if value else f"{tag}  - \n" for tag, value in lines)


# -- many items ---------------------------------------------------------------------------
def bibtex_all(items: Iterable[dict], *, site_url: str = "") -> str:
    return "\n".join(bibtex(item, site_url=site_url) for item in items)


def ris_all(items: Iterable[dict], *, site_url: str = "") -> str:
    return "\n".join(ris(item, site_url=site_url) for item in items)


def csl_json_all(items: Iterable[dict], *, site_url: str = "") -> str:
    return json.dumps([csl_json(item, site_url=site_url) for item in items], ensure_ascii=False, separators=(",", ":")) + "\n"
