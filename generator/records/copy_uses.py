"""What an item's copies allow a reader to do with them, and which request services that opens.

One table, not a list of exceptions: each copy status and each item ``access`` value
permits a set of *uses* (take a copy home, read it on site, have pages reproduced), and
each service that names an item needs one use (its ``copy_use``; a circulation service
with an item field needs ``take-home`` unless it says otherwise). An item allows the
uses some copy's status permits, capped by its ``access``. The build uses this to offer
only allowed services on the item page; the endpoint uses the same functions on the
data in forms.json, so a stale page cannot slip a refused request through.

Plain data in, plain data out: the endpoint calls it with forms.json's dicts.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

TAKE_HOME = "take-home"
ON_SITE = "on-site"
REPRODUCTION = "reproduction"
NONE = "none"
USES = (TAKE_HOME, ON_SITE, REPRODUCTION)
#: What a service may declare as its ``copy_use`` (``none``: it names an item only to ask about it).
SERVICE_USES = (*USES, NONE)

#: A copy status → the uses it permits. Out on loan, held for someone or being repaired
#: are passing states of a copy that keeps its kind: a request for it waits (a reservation,
#: a scan when it is back). A reference-only copy never leaves the building; a lost copy
#: permits nothing.
COPY_STATUS_USES: dict[str, frozenset[str]] = {
    "available": frozenset(USES),
    "on-loan": frozenset(USES),
    "reserved": frozenset(USES),
    "in-repair": frozenset(USES),
    "lost": frozenset(),
    "reference-only": frozenset({ON_SITE, REPRODUCTION}),
}

#: An item's ``access`` → the most any of its copies may permit.
ACCESS_USES: dict[str, frozenset[str]] = {
    "public": frozenset(USES),
    "on-site": frozenset({ON_SITE, REPRODUCTION}),
    # Restricted material is shown by a librarian on request; copying it needs a decision
    # the request form cannot make.
    "restricted": frozenset({ON_SITE}),
}

#: Why a use is refused, in the reader's language (Indonesian first).
REASONS: dict[str, tuple[str, str]] = {
    "no_copies": ("Koleksi ini tidak memiliki eksemplar fisik di perpustakaan",
                  "This item has no physical copy in the library"),
    "on_site_only": ("Koleksi ini hanya untuk dibaca di tempat dan tidak dapat dipinjam, direservasi, "
                     "atau diperpanjang", "This item is for reading on site only: it cannot be borrowed, "
                     "reserved or renewed"),
    "restricted": ("Koleksi ini terbatas: hanya dapat dibaca di tempat dengan izin pustakawan",
                   "This item is restricted: it can only be read on site with a librarian's permission"),
    "no_usable_copy": ("Semua eksemplar koleksi ini tercatat hilang", "Every copy of this item is recorded as lost"),
    "not_for_use": ("Eksemplar koleksi ini tidak melayani permintaan ini",
                    "The copies of this item do not allow this request"),
}


def service_use(service: Mapping[str, Any]) -> str | None:
    """The use a service record (or its form definition) needs of an item's copies, or None.

    A service says it with ``copy_use``; without it a circulation service whose form has
    an item field lends (loan, reservation, renewal all mean a copy goes home).
    """
    declared = service.get("copy_use")
    if declared:
        return None if declared == NONE else declared
    fields = (service.get("form") or {}).get("fields", service.get("fields", []))
    if service.get("category") == "circulation" and any(f.get("type") == "item" for f in fields):
        return TAKE_HOME
    return None


def item_uses(access: str | None, statuses: Iterable[str]) -> frozenset[str]:
    """The uses an item allows: what some copy permits, capped by the item's access."""
    permitted: set[str] = set()
    for status in statuses:
        permitted |= COPY_STATUS_USES.get(status, frozenset())
    return frozenset(permitted & ACCESS_USES.get(access or "public", frozenset()))


def _statuses(item: Mapping[str, Any]) -> list[str]:
    return [c.get("status", "available") for c in item.get("copies", [])]


def refusal(item: Mapping[str, Any], use: str | None) -> str | None:
    """Why ``item`` cannot be used as ``use`` needs (a key of `REASONS`), or None when it can.

    ``item`` is a record or its forms.json entry: ``access`` and ``copies`` with ``status``.
    """
    if use is None:
        return None
    statuses = _statuses(item)
    if not statuses:
        return "no_copies"
    if use in item_uses(item.get("access"), statuses):
        return None
    # Name the most telling reason: the item's access first, then what its copies are.
    access = item.get("access") or "public"
    if use not in ACCESS_USES.get(access, frozenset()):
        return "restricted" if access == "restricted" else "on_site_only"
    possible = item_uses(access, statuses)
    if not possible:
        return "no_usable_copy"
    return "on_site_only" if ON_SITE in possible and TAKE_HOME not in possible else "not_for_use"


def reason_text(key: str, lang: str = "id") -> str:
    return REASONS[key][0 if lang != "en" else 1]


def allowed(item: Mapping[str, Any], service: Mapping[str, Any]) -> bool:
    return refusal(item, service_use(service)) is None
