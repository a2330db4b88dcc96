"""OAI-PMH 2.0 XML: records in ``oai_dc``, headers, Identify, metadata formats, sets.

Works on the ``items`` of the open-data catalogue (`generator.metadata.opendata`), so the
live interface needs only the built site's ``data/catalogue.json``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_ID = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_ELEMENTS = ("title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
               "format", "identifier", "source", "language", "relation", "coverage", "rights")

METADATA_FORMATS = {"oai_dc": (OAI_DC_SCHEMA, OAI_DC)}


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def oai_dc(elements: list[list[str]] | list[tuple[str, str]], parent: etree._Element | None = None) -> etree._Element:
    """An ``oai_dc:dc`` element; simple DC wants its elements in no particular order."""
    nsmap = {"oai_dc": OAI_DC, "dc": DC, "xsi": XSI}
    attrs = {q(XSI, "schemaLocation"): f"{OAI_DC} {OAI_DC_SCHEMA}"}
    if parent is None:
        root = etree.Element(q(OAI_DC, "dc"), attrs, nsmap=nsmap)
    else:
        root = etree.SubElement(parent, q(OAI_DC, "dc"), attrs, nsmap=nsmap)
    order = {name: n for n, name in enumerate(DC_ELEMENTS)}
    for name, value in sorted(elements, key=lambda pair: order[pair[0]]):
        sub(root, q(DC, name), _xml_text(value))
    return root


def _xml_text(value: str) -> str:
    # XML 1.0 cannot carry most control characters, even escaped.
    return "".join(ch for ch in str(value) if ch in "\t\n\r" or ord(ch) >= 0x20)


def header(parent: etree._Element, record: dict[str, Any], ns: str = OAI) -> etree._Element:
    status = {"status": "deleted"} if record["oai"].get("deleted") else {}
    node = sub(parent, q(ns, "header"), **status)
    sub(node, q(ns, "identifier"), record["oai"]["identifier"])
    sub(node, q(ns, "datestamp"), record["oai"]["datestamp"])
    for spec in record["oai"]["sets"]:
        sub(node, q(ns, "setSpec"), spec)
    return node


def record(parent: etree._Element, item: dict[str, Any], ns: str = OAI, *, with_sets: bool = True) -> etree._Element:
    node = sub(parent, q(ns, "record"))
    if item["oai"].get("deleted"):
        header(node, item, ns)  # a deleted record is its header alone (OAI-PMH 2.5.1)
        return node
    head = sub(node, q(ns, "header"))
    sub(head, q(ns, "identifier"), item["oai"]["identifier"])
    sub(head, q(ns, "datestamp"), item["oai"]["datestamp"])
    if with_sets:
        for spec in item["oai"]["sets"]:
            sub(head, q(ns, "setSpec"), spec)
    metadata = sub(node, q(ns, "metadata"))
    oai_dc(item["dc"], metadata)
    return node


def identify(parent: etree._Element, repository: dict[str, Any], base_url: str, ns: str = OAI) -> etree._Element:
    node = sub(parent, q(ns, "Identify"))
    sub(node, q(ns, "repositoryName"), repository["name"])
    sub(node, q(ns, "baseURL"), base_url)
    sub(node, q(ns, "protocolVersion"), "2.0")
    for email in repository["admin_emails"]:
        sub(node, q(ns, "adminEmail"), email)
    sub(node, q(ns, "earliestDatestamp"), repository["earliest_datestamp"])
    sub(node, q(ns, "deletedRecord"), repository.get("deleted_record", "no"))
    sub(node, q(ns, "granularity"), "YYYY-MM-DD")
    if repository.get("repository_identifier"):
        description = sub(node, q(ns, "description"))
        ident = etree.SubElement(description, q(OAI_ID, "oai-identifier"),
                                 {q(XSI, "schemaLocation"): f"{OAI_ID} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"},
                                 nsmap={None: OAI_ID, "xsi": XSI})
        sub(ident, q(OAI_ID, "scheme"), "oai")
        sub(ident, q(OAI_ID, "repositoryIdentifier"), repository["repository_identifier"])
        sub(ident, q(OAI_ID, "delimiter"), ":")
        sub(ident, q(OAI_ID, "sampleIdentifier"), repository["sample_identifier"])
    return node


def metadata_formats(parent: etree._Element, ns: str = OAI) -> etree._Element:
    node = sub(parent, q(ns, "ListMetadataFormats"))
    for prefix, (schema, namespace) in METADATA_FORMATS.items():
        fmt = sub(node, q(ns, "metadataFormat"))
        sub(fmt, q(ns, "metadataPrefix"), prefix)
        sub(fmt, q(ns, "schema"), schema)
        sub(fmt, q(ns, "metadataNamespace"), namespace)
    return node
