"""Search documents from the collection, and prebuilt Lunr indexes (lunr.py) over them.

Each index names its pipeline functions; the browser registers the same names before
``lunr.Index.load`` (theme/assets/pustaka/search/search.js). Indonesian records are
stemmed by `stemmer.stem_id`; English records (language ``en``) keep Lunr's own English
stemmer and stop words, which lunr.js ships under the same names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any, Iterable

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer as stemmer_en
from lunr.stop_word_filter import stop_word_filter as stop_words_en
from lunr.trimmer import trimmer

from ..site.i18n import LANGUAGES, Translator
from ..collector import collector_paused
from .builder import _WORD, IndexBuilder
from .dates import date_tokens
from .stemmer import STOP_WORDS_ID, Stemmer, stem_id
# The fields of each index and their boosts live with the other ranking constants.
from .ranking import CORE_FIELDS, FULL_FIELDS, PAGE_FIELDS  # noqa: F401 - imported from here too


def _stem_id(token, i, tokens):
    return token.update(lambda text, metadata: stem_id(text))


def stemmer_function(stemmer: Stemmer):
    """The "stemmer-id" pipeline function with a collection's own vocabulary."""
    def stem(token, i, tokens):
        return token.update(lambda text, metadata: stemmer(text))
    stem.label = "stemmer-id"
    return stem


_TRIM = re.compile(r"^\W+|\W+$")  # lunr's trimmer


def collection_words(*documents: list[dict]) -> set[str]:
    """Every word of the documents' text fields, as lunr's tokenizer and trimmer give them:
    the collection's vocabulary for `Stemmer`."""
    words: set[str] = set()
    for group in documents:
        for doc in group:
            for name, value in doc.items():
                if name != "ref" and isinstance(value, str):
                    words.update(_WORD.findall(value.lower()))
    return {trimmed for trimmed in (_TRIM.sub("", word) for word in words) if trimmed}


def _stop_id(token, i, tokens):
    return None if str(token) in STOP_WORDS_ID else token


Pipeline.register_function(_stem_id, "stemmer-id")
Pipeline.register_function(_stop_id, "stopWordFilter-id")

#: Per language: (build pipeline, search pipeline). The names are what lunr.js looks up.
PIPELINES = {"id": ((trimmer, _stop_id, _stem_id), (_stem_id,)),
             "en": ((trimmer, stop_words_en, stemmer_en), (stemmer_en,))}


#: Search facets: URL parameter → how to read an item's values.
FACET_PARAMS = {"type": "jenis", "subject": "subjek", "creator": "pengarang", "decade": "dekade",
                "language": "bahasa", "branch": "cabang", "collection": "koleksi", "access": "akses",
                "accessibility": "format"}
#: The one-letter key of each facet in the browser's data.
FACET_KEYS = {"type": "t", "subject": "s", "creator": "c", "decade": "d", "language": "l", "branch": "b",
              "collection": "k", "access": "a", "accessibility": "f"}
LABELLED = {"type": "type", "language": "language", "access": "access", "accessibility": "accessibility"}

_MARKUP = re.compile(r"<[^>]+>|[#*_`>\[\]()]|!\[")
_IDENT = re.compile(r"[^0-9a-z]")


def identifier_token(value: str) -> str:
    """ISBNs and call numbers are matched whole: ``978-602-…`` and ``899.221 3 RUS s`` become
    one token each (the browser normalises a typed identifier the same way)."""
    return _IDENT.sub("", str(value).lower())


def plain_text(text: str | None) -> str:
    return " ".join(unescape(_MARKUP.sub(" ", text or "")).split())


def record_language(item: dict) -> str:
    languages = item.get("language") or []
    return "en" if languages and languages[0] == "en" else "id"


def item_facets(item: dict) -> dict[str, list[str]]:
    date = item.get("date")
    year = getattr(date, "year", None)
    return {
        "type": [item["type"]],
        "subject": list(item.get("subjects", [])),
        "creator": [p["name"] for p in item.get("creators", [])],
        "decade": [str(year - year % 10)] if year is not None else [],
        "language": list(item.get("language", [])),
        "branch": list(dict.fromkeys(c["branch"] for c in item.get("copies", []))),
        "collection": list(item.get("collections", [])),
        "access": [item["access"]] if item.get("access") else [],
        "accessibility": list(item.get("accessibility", [])),
    }


@dataclass
class SearchDocs:
    """What the browser shows and filters by, and the text the indexes are built from."""

    # Per item: [url slug, title, creators, year, type, thumbnail, {facet: [value numbers]}]
    items: list[list[Any]] = field(default_factory=list)
    core: dict[str, list[dict]] = field(default_factory=lambda: {"id": [], "en": []})
    full: dict[str, list[dict]] = field(default_factory=lambda: {"id": [], "en": []})
    pages: list[dict] = field(default_factory=list)
    page_list: list[list[str]] = field(default_factory=list)  # [url, title, lang, kind]
    # Per item, for snippets (loaded for the results on screen only):
    # [subtitle, subjects, series, description as plain text]
    texts: list[list[str]] = field(default_factory=list)
    facets: dict[str, list[list[str]]] = field(default_factory=dict)  # facet → [[value, label id, label en]]


def search_documents(collection, *, thumbnails: dict[str, str] | None = None,
                     pages: Iterable[dict] = ()) -> SearchDocs:
    """``thumbnails``: item id → thumbnail path (site-relative); ``pages``: hand-written and
    record pages other than items, as {"url", "title", "body", "lang"}."""
    thumbnails = thumbnails or {}
    docs = SearchDocs()
    numbers: dict[str, dict[str, int]] = {facet: {} for facet in FACET_PARAMS}
    translators = [Translator(lang) for lang in LANGUAGES]
    for number, (item_id, item) in enumerate(collection.items.items()):
        ref = _ref(number)
        values = item_facets(item)
        coded = {}
        for facet, found in values.items():
            if found:
                table = numbers[facet]
                coded[FACET_KEYS[facet]] = [table.setdefault(v, len(table)) for v in found]
        date = item.get("date")
        docs.items.append([item_id, item["title"], "; ".join(p["name"] for p in item.get("creators", [])),
                           getattr(date, "year", None), item["type"], thumbnails.get(item_id), coded])
        identifiers = item.get("identifiers") or {}
        lang = record_language(item)
        docs.core[lang].append({
            "ref": ref, "title": item["title"], "subtitle": item.get("subtitle") or "",
            "creators": " ".join(p["name"] for p in item.get("creators", []) + item.get("contributors", [])),
            "subjects": " ".join(item.get("subjects", [])), "series": item.get("series") or "",
            "identifiers": " ".join(identifier_token(v) for k, v in identifiers.items()
                                    if k in ("isbn", "issn", "call_number", "doi", "handle", "slims_id")),
            "dates": date_tokens(date),
        })
        description = plain_text(item.get("description"))
        if description:
            docs.full[lang].append({"ref": ref, "description": description})
        docs.texts.append([item.get("subtitle") or "", "; ".join(item.get("subjects", [])), item.get("series") or "",
                           _clip(description, SNIPPET_SOURCE)])
    for facet, table in numbers.items():
        labelled = LABELLED.get(facet)
        if facet == "branch":
            docs.facets[facet] = [[v, *[t.text(collection.branches[v]["name"]) if v in collection.branches else v
                                        for t in translators]] for v in table]
        else:
            docs.facets[facet] = [[v, *[t.label(labelled, v) if labelled else v for t in translators]]
                                  for v in table]
    docs.page_list, docs.pages = page_documents(pages)
    return docs


def page_documents(pages: Iterable[dict]) -> tuple[list[list[str]], list[dict]]:
    """The list of ``pages`` ({"url", "title", "body", "lang"}, optionally "kind": a
    ``page_kind`` code of site/i18n.py, and "kind_words": its label in every language)
    the browser shows, and their documents for the pages index: (``SearchDocs.page_list``,
    ``SearchDocs.pages``)."""
    page_list, documents = [], []
    for number, page in enumerate(pages):
        page_list.append([page["url"], page["title"], page.get("lang", LANGUAGES[0]), page.get("kind", "page")])
        documents.append({"ref": f"_{_ref(number)}", "title": page["title"], "body": plain_text(page["body"]),
                          "kind": page.get("kind_words", "")})
    return page_list, documents


#: Characters of a description kept for snippets: enough for the usual catalogue
#: description; a match further in is still found (the index holds it all), its
#: snippet then shows the description's start.
SNIPPET_SOURCE = 700


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit] + " …"


def _ref(number: int) -> str:
    return base36(number)


def base36(number: int) -> str:
    """``number`` in base 36: the short record numbers of the search data's file names."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def index_builder(documents: list[dict], fields: dict[str, int], lang: str, *,
                  builder_class: type[Builder] = IndexBuilder, stemmer: Stemmer | None = None) -> Builder:
    """A lunr.py index builder holding ``documents``, with the pipelines of ``lang``.
    ``builder_class=lunr.builder.Builder``: plain lunr.py, for comparison. ``stemmer``:
    the Indonesian stemmer with the collection's vocabulary (else the dictionary's alone)."""
    builder = builder_class()
    pipeline, search_pipeline = PIPELINES[lang]
    if stemmer is not None and lang == "id":
        own = stemmer_function(stemmer)
        pipeline = tuple(own if fn is _stem_id else fn for fn in pipeline)
        search_pipeline = tuple(own if fn is _stem_id else fn for fn in search_pipeline)
    builder.pipeline.add(*pipeline)
    builder.search_pipeline.add(*search_pipeline)
    builder.ref("ref")
    for name, boost in fields.items():
        builder.field(name, boost=boost)
    builder.metadata_whitelist = []
    with collector_paused():
        for doc in documents:
            builder.add(doc)
    return builder


def build_index(documents: list[dict], fields: dict[str, int], lang: str, *,
                builder_class: type[Builder] = IndexBuilder, stemmer: Stemmer | None = None) -> dict:
    """A serialised lunr.py index (the JSON lunr.js loads)."""
    builder = index_builder(documents, fields, lang, builder_class=builder_class, stemmer=stemmer)
    with collector_paused():
        return builder.serialize() if isinstance(builder, IndexBuilder) else builder.build().serialize()
