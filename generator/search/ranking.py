"""How search results are ordered: the one place for ranking constants.

Field boosts are baked into the prebuilt indexes (lunr scores a term by BM25 times its
field's boost at build time); the rest is shipped to the browser in ``meta.js``
(``ranking``) and read by theme/assets/pustaka/search/rank.js, so that Python and the
browser never hold two copies of a number.

The order a librarian can defend, from first to last criterion:

1. records where more query words match *exactly* (the word or its stem, not only a
   prefix while typing, nor a typo-tolerant neighbour);
2. records where the words match in more important fields (``FIELD_TIERS``: the title,
   then the kind and the catalogue card, then the description);
3. the BM25 score (field boosts below, and the per-clause boosts of ``QUERY``).

Service, branch and event pages come after the catalogue records unless the query names
them: every query word hits the page's title or its kind's own words ("layanan",
"jam buka", "lokasi", "kegiatan"…), and either one word hits the kind or the words cover
at least ``page_title_share`` of the title.
"""

from __future__ import annotations

#: First-stage index (titles, creators…): loaded before the first results.
CORE_FIELDS = {"title": 10, "subtitle": 4, "creators": 6, "subjects": 4, "series": 3, "identifiers": 8,
               "dates": 6}
#: Second stage (descriptions): loaded after the first results.
FULL_FIELDS = {"description": 1}
#: Pages (hand-written, services, branches, events); ``kind`` holds the words of the
#: page's section label in both languages (e.g. "Lokasi & Jam Buka", "Locations & hours").
PAGE_FIELDS = {"title": 10, "body": 1, "kind": 4}

#: Which fields make a better match, whatever their scores ("kind" is a record's type
#: named by the query: "peta" → the maps). Higher is better.
FIELD_TIERS = {"title": 3, "identifiers": 3, "subtitle": 2, "creators": 2, "subjects": 2, "kind": 2, "dates": 2, "series": 1,
               "description": 0, "fulltext": 0, "body": 0}

#: What the browser needs (rank.js): per-clause boosts of a query word, the weight of
#: the description stage, the score a kind match adds, and the page rules above.
BROWSER = {
    "exact": 10,          # the stem of the typed word, whole
    "identifier": 10,     # an ISBN / call number typed whole
    "prefix": 2,          # the typed word as a prefix (results follow the typing)
    "stem_prefix": 1,     # its stem as a prefix
    "fuzzy": 1,           # one typo; asked only for a word that found nothing otherwise
    "fuzzy_min_length": 5,
    "description_weight": 0.3,
    "fulltext_weight": 0.2,   # words inside digitized items (fulltext.js)
    "kind": 8,            # a query word naming an item type (from the type labels)
    "page_title_share": 0.5,
    "named_pages_first": 5,  # named pages shown before the records, at most
    "field_tiers": FIELD_TIERS,
}
