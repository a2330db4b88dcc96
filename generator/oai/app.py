"""The live OAI-PMH 2.0 interface over a built site's catalogue.

A Starlette app answering the six verbs (Identify, ListMetadataFormats, ListSets,
ListIdentifiers, ListRecords, GetRecord) in ``oai_dc`` from ``data/catalogue.json``,
with resumption tokens for long lists. It is meant to be mounted at ``/oai`` by the form
endpoint (``pustaka endpoint``); ``pustaka oai`` runs it on its own meanwhile.

Resumption tokens carry the request and the position, plus a fingerprint of the
catalogue: after a rebuild changes the catalogue, old tokens answer badResumptionToken
rather than a list that silently skips or repeats records.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from lxml import etree
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..limits import read_bounded
from ..site.urls import CATALOGUE_JSON
from . import protocol
from .protocol import OAI, OAI_SCHEMA, XSI, q, sub

VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_POST = 16 * 1024
DEFAULT_PAGE_SIZE = 100


class OAIError(Exception):
    """An OAI-PMH error condition: answered with HTTP 200 and an <error> element."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass
class Catalogue:
    data: dict[str, Any]
    fingerprint: str

    @classmethod
    def load(cls, path: Path) -> "Catalogue":
        raw = path.read_bytes()
        data = json.loads(raw)
        # Removed records stay in the lists as deleted headers; a stable order for paging.
        data["items"] = sorted(data["items"] + data.get("deleted", []), key=lambda item: item["oai"]["identifier"])
        data["by_identifier"] = {item["oai"]["identifier"]: item for item in data["items"]}
        return cls(data, hashlib.sha1(raw).hexdigest()[:12])


class Repository:
    """The OAI-PMH logic, apart from HTTP: params in, XML bytes out."""

    def __init__(self, catalogue_path: Path, *, base_url: str | None = None,
                 page_size: int = DEFAULT_PAGE_SIZE) -> None:
        assert page_size > 0, "page_size must be positive"
        self.path = catalogue_path
        self.base_url = base_url
        self.page_size = page_size
        self._catalogue: Catalogue | None = None
        self._mtime = 0.0

    @property
    def catalogue(self) -> Catalogue:
        # Re-read after a rebuild replaced the file, so a running server follows the site.
        mtime = self.path.stat().st_mtime
        if self._catalogue is None or mtime != self._mtime:
            self._catalogue, self._mtime = Catalogue.load(self.path), mtime
        return self._catalogue

    def respond(self, params: dict[str, list[str]], request_url: str) -> bytes:
        root = etree.Element(q(OAI, "OAI-PMH"), {q(XSI, "schemaLocation"): f"{OAI} {OAI_SCHEMA}"},
                             nsmap={None: OAI, "xsi": XSI})
        sub(root, q(OAI, "responseDate"), protocol.utc_now())
        base = self.base_url or request_url
        request = sub(root, q(OAI, "request"), base)
        try:
            verb, args = self._check(params)
            for key, value in [("verb", verb)] + sorted(args.items()):
                request.set(key, value)
            getattr(self, f"_{verb}")(root, args, base)
        except OAIError as exc:
            sub(root, q(OAI, "error"), exc.message, code=exc.code)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    # -- arguments ----------------------------------------------------------------------
    def _check(self, params: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
        # Checked first, and never echoed: lxml cannot write them into the answer at all.
        if any(_NOT_XML.search(text) for key, values in params.items() for text in (key, *values)):
            raise OAIError("badArgument", "An argument holds characters that XML cannot carry (e.g. %00)")
        verbs = params.get("verb", [])
        if len(verbs) != 1 or verbs[0] not in VERBS:
            raise OAIError("badVerb", "Illegal OAI verb" if verbs else "No verb given")
        verb = verbs[0]
        required, optional = VERBS[verb]
        args: dict[str, str] = {}
        for key, values in params.items():
            if key == "verb":
                continue
            if key not in required | optional:
                raise OAIError("badArgument", f"Illegal argument for {verb}: {key}")
            if len(values) != 1:
                raise OAIError("badArgument", f"Repeated argument: {key}")
            args[key] = values[0]
        if "resumptionToken" in args:
            if len(args) > 1:
                raise OAIError("badArgument", "resumptionToken is an exclusive argument")
            return verb, args
        missing = required - set(args)
        if missing:
            raise OAIError("badArgument", f"Missing argument(s): {', '.join(sorted(missing))}")
        for key in ("from", "until"):
            # The repository's granularity is a day; a finer request is a badArgument (OAI-PMH 3.3.1).
            if key in args and not _DAY.fullmatch(args[key]):
                raise OAIError("badArgument", f"{key} must be a date YYYY-MM-DD (this repository's granularity)")
            if key in args:
                try:
                    dt.date.fromisoformat(args[key])
                except ValueError:
                    raise OAIError("badArgument", f"{key} is not a date of the calendar: {args[key]}") from None
        if "from" in args and "until" in args and args["from"] > args["until"]:
            raise OAIError("badArgument", "from is after until")
        return verb, args

    def _prefix(self, args: dict[str, str]) -> None:
        if args["metadataPrefix"] not in protocol.METADATA_FORMATS:
            raise OAIError("cannotDisseminateFormat", f"Unknown metadata format: {args['metadataPrefix']}")

    def _item(self, identifier: str) -> dict[str, Any]:
        item = self.catalogue.data["by_identifier"].get(identifier)
        if item is None:
            raise OAIError("idDoesNotExist", f"No record has the identifier {identifier}")
        return item

    # -- tokens ---------------------------------------------------------------------------
    def _token(self, args: dict[str, str], offset: int) -> str:
        state = {k: v for k, v in args.items() if k != "resumptionToken"}
        state.update(o=offset, c=self.catalogue.fingerprint)
        raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _untoken(self, token: str) -> tuple[dict[str, str], int]:
        try:
            state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            offset = int(state.pop("o"))
            fingerprint = state.pop("c")
        except Exception:
            raise OAIError("badResumptionToken", "The resumption token is not one this repository made") from None
        if fingerprint != self.catalogue.fingerprint:
            raise OAIError("badResumptionToken", "The catalogue changed since the token was issued; start again")
        if offset < 0 or not all(isinstance(v, str) for v in state.values()):
            raise OAIError("badResumptionToken", "The resumption token is damaged")
        return state, offset

    def _page(self, root: etree._Element, verb: str, args: dict[str, str], items: list[dict],
              offset: int) -> list[dict]:
        if not items:
            raise OAIError("noRecordsMatch", "No records match the request")
        return items[offset:offset + self.page_size]

    def _resumption(self, parent: etree._Element, args: dict[str, str], total: int, offset: int,
                    shown: int, resumed: bool) -> None:
        after = offset + shown
        if after < total:
            sub(parent, q(OAI, "resumptionToken"), self._token(args, after),
                completeListSize=str(total), cursor=str(offset))
        elif resumed:
            # The last page of a resumed list carries an empty token.
            sub(parent, q(OAI, "resumptionToken"), None, completeListSize=str(total), cursor=str(offset))

    def _selected(self, args: dict[str, str]) -> list[dict]:
        self._prefix(args)
        items = self.catalogue.data["items"]
        if "set" in args:
            specs = {s["spec"] for s in self.catalogue.data["repository"].get("sets", [])}
            if args["set"] not in specs:
                raise OAIError("noRecordsMatch", f"No set {args['set']}")
            items = [i for i in items if any(s == args["set"] or s.startswith(args["set"] + ":")
                                             for s in i["oai"]["sets"])]
        if "from" in args:
            items = [i for i in items if i["oai"]["datestamp"] >= args["from"][:10]]
        if "until" in args:
            items = [i for i in items if i["oai"]["datestamp"] <= args["until"][:10]]
        return items

    def _list(self, root: etree._Element, verb: str, args: dict[str, str]) -> None:
        resumed = "resumptionToken" in args
        offset = 0
        if resumed:
            args, offset = self._untoken(args["resumptionToken"])
            if "metadataPrefix" not in args:
                raise OAIError("badResumptionToken", "The resumption token is damaged")
        items = self._selected(args)
        if offset > len(items):
            raise OAIError("badResumptionToken", "The resumption token points past the list")
        page = self._page(root, verb, args, items, offset)
        node = sub(root, q(OAI, verb))
        for item in page:
            if verb == "ListRecords":
                protocol.record(node, item)
            else:
                protocol.header(node, item)
        self._resumption(node, args, len(items), offset, len(page), resumed)

    # -- verbs ------------------------------------------------------------------------------
    def _Identify(self, root: etree._Element, args: dict[str, str], base: str) -> None:
        protocol.identify(root, self.catalogue.data["repository"], base)

    def _ListMetadataFormats(self, root: etree._Element, args: dict[str, str], base: str) -> None:
        if "identifier" in args:
            self._item(args["identifier"])
        protocol.metadata_formats(root)

    def _ListSets(self, root: etree._Element, args: dict[str, str], base: str) -> None:
        if "resumptionToken" in args:
            raise OAIError("badResumptionToken", "ListSets answers in one response; there is nothing to resume")
        sets = self.catalogue.data["repository"].get("sets", [])
        if not sets:
            raise OAIError("noSetHierarchy", "This repository has no sets")
        node = sub(root, q(OAI, "ListSets"))
        for entry in sets:
            one = sub(node, q(OAI, "set"))
            sub(one, q(OAI, "setSpec"), entry["spec"])
            sub(one, q(OAI, "setName"), entry["name"])

    def _ListIdentifiers(self, root: etree._Element, args: dict[str, str], base: str) -> None:
        self._list(root, "ListIdentifiers", args)

    def _ListRecords(self, root: etree._Element, args: dict[str, str], base: str) -> None:
        self._list(root, "ListRecords", args)

    def _GetRecord(self, root: etree._Element, args: dict[str, str], base: str) -> None:
        self._prefix(args)
        item = self._item(args["identifier"])
        protocol.record(sub(root, q(OAI, "GetRecord")), item)


def create_app(site_dir: Path, *, base_url: str | None = None, page_size: int = DEFAULT_PAGE_SIZE) -> Starlette:
    """The OAI-PMH app for a built site; mount it at ``/oai`` (its base URL is then ``…/oai``)."""
    path = Path(site_dir) / CATALOGUE_JSON
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: build the site first (pustaka build)")
    repository = Repository(path, base_url=base_url, page_size=page_size)

    async def endpoint(request: Request) -> Response:
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        if request.method == "POST":
            # Harvesters POST a handful of short arguments; the body is read only up to a bound.
            body = await read_bounded(request, MAX_POST)
            if body is None:
                return Response(f"OAI-PMH request bodies are at most {MAX_POST} bytes", status_code=413)
            if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
                return Response("OAI-PMH POST requests are application/x-www-form-urlencoded", status_code=415)
            for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
                params.setdefault(key, []).append(value)
        url = str(request.url.replace(query=""))
        return Response(repository.respond(params, url), media_type="text/xml; charset=utf-8")

    app = Starlette(routes=[Route("/", endpoint, methods=["GET", "POST"])])
    app.state.repository = repository
    return app
