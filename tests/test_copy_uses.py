"""Which request services an item's copies allow (generator/records/copy_uses.py)."""

from __future__ import annotations

import pytest

from generator.records import items, services
from generator.records.copy_uses import (ACCESS_USES, COPY_STATUS_USES, ON_SITE, REPRODUCTION, SERVICE_USES,
                                         TAKE_HOME, allowed, item_uses, reason_text, refusal, service_use)

LOAN = {"category": "circulation", "form": {"fields": [{"name": "item", "type": "item"}]}}
SCAN = {"category": "circulation", "copy_use": "reproduction", "form": {"fields": [{"name": "item", "type": "item"}]}}


def item(access: str = "public", *statuses: str) -> dict:
    return {"access": access, "copies": [{"branch": "pusat", "status": s} for s in statuses]}


def test_the_tables_cover_every_value_the_schema_allows():
    # A new copy status or access value must be given its uses, not fall through silently.
    assert set(COPY_STATUS_USES) == set(items.COPY_STATUS)
    assert set(ACCESS_USES) == set(items.ACCESS)
    assert services.SCHEMA.fields["copy_use"].type.choices == SERVICE_USES


@pytest.mark.parametrize("record, use, reason", [
    (item("public", "available"), TAKE_HOME, None),
    (item("public", "on-loan", "reserved"), TAKE_HOME, None),      # a reservation waits for it
    (item("public", "reference-only"), TAKE_HOME, "on_site_only"),  # the reference-only skripsi
    (item("public", "reference-only", "available"), TAKE_HOME, None),  # one copy lends
    (item("on-site", "reference-only"), TAKE_HOME, "on_site_only"),  # Babad Tanah Jawi
    (item("on-site", "available"), TAKE_HOME, "on_site_only"),      # the item's access caps its copies
    (item("on-site", "in-repair"), REPRODUCTION, None),
    (item("restricted", "reference-only"), TAKE_HOME, "restricted"),
    (item("restricted", "reference-only"), REPRODUCTION, "restricted"),
    (item("restricted", "reference-only"), ON_SITE, None),
    (item("public", "lost"), TAKE_HOME, "no_usable_copy"),
    (item("public", "lost"), ON_SITE, "no_usable_copy"),
    (item("public"), TAKE_HOME, "no_copies"),
    (item("public"), None, None),                                   # a service that needs no copy
])
def test_refusal_follows_copy_status_and_access(record, use, reason):
    assert refusal(record, use) == reason


def test_item_uses_are_what_some_copy_permits_capped_by_access():
    assert item_uses("public", ["reference-only", "on-loan"]) == {TAKE_HOME, ON_SITE, REPRODUCTION}
    assert item_uses("public", ["reference-only"]) == {ON_SITE, REPRODUCTION}
    assert item_uses("restricted", ["available"]) == {ON_SITE}
    assert item_uses("public", []) == frozenset()


def test_a_service_needs_what_it_declares_else_a_circulation_item_form_lends():
    assert service_use(LOAN) == TAKE_HOME
    assert service_use(SCAN) == REPRODUCTION
    assert service_use({**LOAN, "copy_use": "none"}) is None
    assert service_use({**LOAN, "category": "reference"}) is None
    assert service_use({"category": "circulation", "form": {"fields": [{"name": "x", "type": "text"}]}}) is None
    # forms.json's form definitions carry their fields at the top level
    assert service_use({"category": "circulation", "fields": [{"name": "item", "type": "item"}]}) == TAKE_HOME
    assert allowed(item("public", "reference-only"), SCAN) and not allowed(item("public", "reference-only"), LOAN)


def test_reasons_are_worded_in_both_languages():
    assert reason_text("on_site_only").startswith("Koleksi ini hanya untuk dibaca di tempat")
    assert reason_text("on_site_only", "en").startswith("This item is for reading on site only")
