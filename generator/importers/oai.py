"""OAI-PMH ``oai_dc`` records: from saved ListRecords responses, or harvested from a base URL
(following resumption tokens), e.g. from a repository (DSpace, EPrints, OJS) or another OPAC."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from pathlib import Path

from lxml import etree

from ..exceptions import PustakaError
from .common import Draft, Note, clean_identifier_field, split_title
from .registry import ImportFormat, ImportJob, register

OAI = "http://www.openarchives.org/OAI/2.0/"
DC = "http://purl.org/dc/elements/1.1/"
_DC_TYPES = {"text": "book", "book": "book", "buku": "book", "thesis": "thesis", "skripsi": "thesis",
             "tesis": "thesis", "disertasi": "thesis", "bachelorthesis": "thesis", "masterthesis": "thesis",
             "doctoralthesis": "thesis", "article": "article", "artikel": "article", "journalarticle": "article",
             "periodical": "periodical", "journal": "periodical", "image": "photo", "stillimage": "photo",
             "photograph": "photo", "map": "map", "cartographic": "map", "sound": "audio", "audio": "audio",
             "movingimage": "video", "video": "video", "dataset": "dataset", "data": "dataset",
             "manuscript": "manuscript", "naskah": "manuscript", "peer-reviewed article": "article"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _type(value: str) -> str | None:
    key = value.strip().lower().rsplit("/", 1)[-1].replace(" ", "").replace("_", "")
    return _DC_TYPES.get(key) or _DC_TYPES.get(value.strip().lower())


def harvest(base_url: str, *, set_spec: str | None = None, timeout: float = 60) -> list[tuple[str, bytes]]:
    """Every ListRecords page of ``base_url`` (``verb=ListRecords&metadataPrefix=oai_dc``)."""
    params = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    if set_spec:
        params["set"] = set_spec
    pages = []
    for number in range(1, 100_000):
        url = base_url + ("&" if "?" in base_url else "?") + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, headers={"User-Agent": "Pustaka-import/1"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read()
        except OSError as exc:
            raise PustakaError(f"cannot harvest {url}: {exc}") from exc
        pages.append((f"{base_url} page {number}", body))
        root = etree.fromstring(body, _PARSER)
        error = root.find(f"{{{OAI}}}error")
        if error is not None:
            if error.get("code") == "noRecordsMatch":
                break
            raise PustakaError(f"{url}: OAI-PMH error {error.get('code')}: {(error.text or '').strip()}")
        token = root.find(f".//{{{OAI}}}resumptionToken")
        if token is None or not (token.text or "").strip():
            break
        params = {"verb": "ListRecords", "resumptionToken": token.text.strip()}
    return pages


def drafts(label: str, body: bytes) -> tuple[list[Draft], list[str]]:
    """Drafts of one ListRecords response, and the identifiers of deleted records."""
    root = etree.fromstring(body, _PARSER)
    out, deleted = [], []
    for index, record in enumerate(root.iter(f"{{{OAI}}}record")):
        header = record.find(f"{{{OAI}}}header")
        identifier = (header.findtext(f"{{{OAI}}}identifier") or "").strip() if header is not None else ""
        if header is not None and header.get("status") == "deleted":
            deleted.append(identifier)
            continue
        where = f"{label} #{index + 1} ({identifier or 'no identifier'})"
        out.append(_draft(record, identifier or where, where))
    return out, deleted


def _draft(record: etree._Element, identifier: str, where: str) -> Draft:
    draft = Draft(f"oai:{identifier}", where)
    f = draft.fields
    values: dict[str, list[str]] = {}
    for element in record.iter(f"{{{DC}}}*"):
        text = " ".join((element.text or "").split())
        if text:
            values.setdefault(etree.QName(element).localname, []).append(text)
    titles = values.pop("title", [])
    if titles:
        f["title"], f["subtitle"] = split_title(titles[0])
        for other in titles[1:]:
            draft.keep_aside("Judul lain", other)
    f["creators"] = values.pop("creator", [])
    f["contributors"] = [{"name": name, "role": "other"} for name in values.pop("contributor", [])]
    subjects = []
    for subject in values.pop("subject", []):
        subjects.extend(s.strip() for s in re.split(r"\s*;\s*", subject) if s.strip())
    f["subjects"] = subjects
    f["description"] = "\n\n".join(values.pop("description", []))
    publishers = values.pop("publisher", [])
    if publishers:
        f["publisher"] = publishers[0]
        for other in publishers[1:]:
            draft.keep_aside("Penerbit lain", other)
    dates = values.pop("date", [])
    if dates:
        f["date"] = dates[0]
        for other in dates[1:]:
            draft.keep_aside("Tanggal lain", other)
    types = values.pop("type", [])
    kind = next((t for t in map(_type, types) if t and t != "book"), None) or next(
        (t for t in map(_type, types) if t), None)
    f["type"] = kind or "other"
    for value in types:
        if not _type(value):
            draft.keep_aside("Jenis (dc:type)", value, "type")
    f["language"] = values.pop("language", [])
    for value in values.pop("identifier", []):
        if re.match(r"https?://", value):
            if "doi.org/" in value:
                f.setdefault("identifiers", {})["doi"] = value.split("doi.org/", 1)[1]
            elif "hdl.handle.net/" in value:
                f.setdefault("identifiers", {})["handle"] = value.split("hdl.handle.net/", 1)[1]
            else:
                f.setdefault("notes", []).append(f"Tautan: {value}")
        elif re.match(r"(?i)(urn:)?isbn[: ]", value) or re.fullmatch(r"[\d\- X]{10,17}", value):
            clean_identifier_field(draft, re.sub(r"(?i)^(urn:)?isbn:?", "", value).strip())
        elif re.match(r"(?i)(urn:)?issn[: ]", value):
            clean_identifier_field(draft, re.sub(r"(?i)^(urn:)?issn:?", "", value).strip(), "issn")
        elif re.match(r"10\.\d{4,9}/", value):
            f.setdefault("identifiers", {})["doi"] = value
        else:
            draft.keep_aside("Pengenal", value, "identifiers")
    rights = values.pop("rights", [])
    f["rights"] = "; ".join(rights)
    for name, items in sorted(values.items()):  # format, source, relation, coverage: no Pustaka field
        for value in items:
            draft.keep_aside(f"dc:{name}", value)
    f.setdefault("identifiers", {})["handle" if identifier.startswith("hdl:") else "local"] = identifier[:100]
    return draft


def read_source(source: str, *, set_spec: str | None = None) -> list[tuple[str, bytes]]:
    if re.match(r"https?://", source):
        return harvest(source, set_spec=set_spec)
    path = Path(source)
    return [(path.name, path.read_bytes())]


def _read(sources: list[str], job: ImportJob) -> list[Draft]:
    def read_one(source: str) -> list[Draft]:
        out = []
        for label, body in read_source(source, set_spec=job.settings.oai_set):
            found, deleted = drafts(label, body)
            out.extend(found)
            job.notes.extend(Note(label, "skipped", "", f"{identifier} is marked deleted by the repository")
                             for identifier in deleted)
        return out

    return job.each(sources, read_one, (etree.XMLSyntaxError,))


register(ImportFormat("oai", "oai_dc files, or an OAI-PMH base URL to harvest (--set to choose a set)", _read,
                      files=False))
