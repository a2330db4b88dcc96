"""Requests saved offline ("Simpan sebagai berkas") and brought back on a USB stick.

A reader whose device will not be online soon saves the requests kept in the browser's
outbox as a file (theme/assets/pustaka/forms.js). The file is text a person can read,
followed by one line of JSON for the library, versioned:

    {"format": "pustaka-permintaan", "version": 1, "requests": [
        {"id": "<the browser's id for the request>", "made": "<ISO time, UTC>",
         "service": "<service id>", "lang": "id", "fields": {"<name>": "<value>", ...}}, ...]}

`id` is made once by the browser and also sent when the outbox posts the same request
online, so a request that arrives both ways, or in the same file imported twice, is one
ticket. Files written before the version (one request, its JSON without id or time) are
read too: their id is a digest of their content and of the "Dibuat"/"Made" time above it.

Each request is validated exactly like a posted one (validation.validate). The ticket keeps the
time the reader made the request; the service's clocks start when the library received the
file (the time in between is a closed SLA pause): a standard's completion time counts
from when the complete request reaches the provider, and nobody could work on it before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from ..site import forms as F
from . import validation
from .store import StoreError

log = logging.getLogger(__name__)

FORMAT = "pustaka-permintaan"
VERSION = 1
MAX_FILE = 512 * 1024  # one file; a request is a few hundred bytes
MAX_UPLOAD = 4 * 1024 * 1024  # one import, all files
MAX_FILES = 50
MAX_REQUESTS = 500  # per file
CLIENT_ID_RE = re.compile(r"[A-Za-z0-9._:-]{8,100}")
#: A request made more than this long "in the future" is refused: the device's clock is wrong.
CLOCK_SKEW = dt.timedelta(hours=1)
_MADE_LINE = re.compile(r"^(?:Dibuat|Made): (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC$", re.M)


@dataclass
class HandIn:
    """One request read from a file, not yet validated."""

    client_id: str
    made: dt.datetime | None
    service: str
    lang: str
    fields: dict[str, Any]
    problem: str | None = None


@dataclass
class Outcome:
    """What became of one request: ``created``, ``existing`` (already a ticket) or ``refused``."""

    source: str  # file name and position
    kind: str
    service: str = ""
    ticket: str | None = None
    made: dt.datetime | None = None
    reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)


class FileError(ValueError):
    """A file that holds no request Pustaka can read."""


def _time(text: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _request(entry: Any) -> HandIn:
    if not isinstance(entry, dict):
        return HandIn("", None, "", "id", {}, "bukan permintaan (not a request)")
    client_id, made = entry.get("id"), _time(entry.get("made"))
    service, fields = entry.get("service"), entry.get("fields")
    lang = entry.get("lang") if entry.get("lang") in ("id", "en") else "id"
    problem = None
    if not isinstance(client_id, str) or not CLIENT_ID_RE.fullmatch(client_id):
        problem = "tanpa id permintaan yang sah (no valid request id)"
    elif made is None:
        problem = "tanpa waktu pembuatan yang sah (no valid time of making)"
    elif not isinstance(service, str) or not isinstance(fields, dict):
        problem = "tanpa layanan atau isian (no service or fields)"
    return HandIn(client_id if isinstance(client_id, str) else "", made,
                  service if isinstance(service, str) else "", lang,
                  fields if isinstance(fields, dict) else {}, problem)


def _legacy(body: dict[str, Any], text: str) -> HandIn:
    """A file from before the format had a version: one request's body, its time in the header."""
    match = _MADE_LINE.search(text)
    made = dt.datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}:00+00:00") if match else None
    digest = hashlib.sha256(json.dumps([body.get("service"), body.get("fields"), match and match.group(0)],
                                       sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]
    hand_in = _request({"id": f"berkas-{digest}", "made": made.isoformat() if made else None,
                        "service": body.get("service"), "lang": body.get("lang"), "fields": body.get("fields")})
    return hand_in


def parse(text: str) -> list[HandIn]:
    """The requests of one file (its last line of JSON that is a request list or body)."""
    candidates = [text.strip()] + [line.strip() for line in reversed(text.splitlines())]
    for candidate in candidates:
        if not candidate.startswith("{"):
            continue
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        if data.get("format") == FORMAT:
            if data.get("version") != VERSION:
                raise FileError(f"versi berkas {data.get('version')!r} belum dikenal; perbarui Pustaka "
                                f"(file version {data.get('version')!r} is not known)")
            requests = data.get("requests")
            if not isinstance(requests, list) or not requests:
                raise FileError("berkas tidak berisi permintaan (the file holds no request)")
            if len(requests) > MAX_REQUESTS:
                raise FileError(f"lebih dari {MAX_REQUESTS} permintaan dalam satu berkas (too many requests)")
            return [_request(entry) for entry in requests]
        if isinstance(data.get("service"), str) and isinstance(data.get("fields"), dict):
            return [_legacy(data, text)]
    raise FileError("bukan berkas permintaan Pustaka (not a Pustaka request file)")


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError("berkas bukan teks UTF-8 (the file is not UTF-8 text)") from exc


def import_one(ep: Any, hand_in: HandIn, *, source: str, actor: str, now: dt.datetime) -> Outcome:
    """Validate one request as if it were posted, and store it once."""
    outcome = Outcome(source=source, kind="refused", service=hand_in.service, made=hand_in.made)
    if hand_in.problem:
        outcome.reason = hand_in.problem
        return outcome
    assert hand_in.made is not None
    found = ep.store.client_request(hand_in.client_id)
    if found:
        outcome.kind, outcome.ticket = "existing", found["ticket"]
        return outcome
    if hand_in.made > now + CLOCK_SKEW:
        outcome.reason = "waktu pembuatan di masa depan; jam perangkat salah (made in the future)"
        return outcome
    definitions = ep.definitions
    values = {k: v for k, v in hand_in.fields.items() if k != F.HONEYPOT}
    clean, errors = validation.validate(definitions, hand_in.service, values, lang="id")
    if errors:
        outcome.reason, outcome.errors = "isian tidak sah (invalid fields)", errors
        return outcome
    form = definitions["forms"][hand_in.service]
    item = next((clean[f["name"]] for f in form["fields"] if f["type"] == "item" and f["name"] in clean), None)
    event = next((clean[f["name"]] for f in form["fields"] if f["type"] == "event" and f["name"] in clean), None)
    capacity = definitions["events"][event].get("capacity") if event else None
    made = min(hand_in.made, now)  # a few minutes of clock skew: never after its own import
    try:
        stored = ep.store.create_request(service=hand_in.service, data=clean,
                                         branch=validation.route(definitions, hand_in.service, clean), item=item, event=event,
                                         lang=hand_in.lang, capacity=capacity, now=made,
                                         client_id=hand_in.client_id, received_at=now, actor=actor)
    except StoreError:
        outcome.reason = "kursi kegiatan sudah penuh (no seats are left)"
        return outcome
    outcome.kind = "existing" if stored["existing"] else "created"
    outcome.ticket = stored["ticket"]
    if outcome.kind == "created":
        log.info("pustaka: imported %s as %s (made %s)", hand_in.client_id, stored["ticket"], made.isoformat())
    return outcome


def import_files(ep: Any, files: list[tuple[str, bytes]], *, actor: str, now: dt.datetime) -> list[Outcome]:
    """Every request of every file, in order; a file that cannot be read is one refused line."""
    outcomes: list[Outcome] = []
    for name, raw in files:
        try:
            if len(raw) > MAX_FILE:
                raise FileError(f"berkas lebih besar dari {MAX_FILE // 1024} KB (file too large)")
            requests = parse(decode(raw))
        except FileError as exc:
            outcomes.append(Outcome(source=name, kind="refused", reason=str(exc)))
            continue
        for n, hand_in in enumerate(requests, start=1):
            source = f"{name} #{n}" if len(requests) > 1 else name
            outcomes.append(import_one(ep, hand_in, source=source, actor=actor, now=now))
    return outcomes
