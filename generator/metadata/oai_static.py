"""An OAI-PMH Static Repository file (``oai/static-repository.xml``), in ``oai_dc``.

A static repository is one XML file that a Static Repository Gateway serves to
harvesters as an OAI-PMH interface; the guidelines limit it to 5,000 records, so a
larger catalogue gets none (the live interface, ``pustaka oai``, serves any size).
Its ``baseURL`` is the gateway's address followed by the file's address without its
scheme; without a configured gateway it is the file's own address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from ..oai import protocol
from ..oai.protocol import OAI, XSI, q

SR = "http://www.openarchives.org/OAI/2.0/static-repository"
SR_SCHEMA = "http://www.openarchives.org/OAI/2.0/static-repository.xsd"
STATIC_REPOSITORY = "oai/static-repository.xml"
MAX_RECORDS = 5000


def base_url(site_url: str, gateway: str | None) -> str:
    own = f"{site_url.rstrip('/')}/{STATIC_REPOSITORY}"
    if not gateway:
        return own
    return f"{gateway.rstrip('/')}/{own.split('://', 1)[-1]}"


def static_repository(catalogue: dict[str, Any], *, base: str) -> bytes:
    root = etree.Element(q(SR, "Repository"), {q(XSI, "schemaLocation"): f"{SR} {SR_SCHEMA}"},
                         nsmap={None: SR, "oai": OAI, "xsi": XSI})
    repository = dict(catalogue["repository"], repository_identifier=None)  # no descriptions in static files
    # A static repository cannot announce deletions (only the live /oai gateway can).
    identify = protocol.identify(root, {**repository, "deleted_record": "no"}, base)
    identify.tag = q(SR, "Identify")
    formats = protocol.metadata_formats(root)
    formats.tag = q(SR, "ListMetadataFormats")
    records = etree.SubElement(root, q(SR, "ListRecords"), {"metadataPrefix": "oai_dc"})
    for item in catalogue["items"]:
        # Static repositories have no sets, so headers carry no setSpec.
        protocol.record(records, item, with_sets=False)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_static_repository(catalogue: dict[str, Any], site_dir: Path, *, site_url: str,
                            gateway: str | None) -> str | None:
    """Write the file and return its path, or None when the catalogue cannot have one."""
    target = site_dir / STATIC_REPOSITORY
    if not site_url or not catalogue["repository"]["admin_emails"] or len(catalogue["items"]) > MAX_RECORDS:
        if target.exists():
            target.unlink()
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(static_repository(catalogue, base=base_url(site_url, gateway)))
    return STATIC_REPOSITORY
