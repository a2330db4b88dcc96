"""Branches: the library's sites and service points, including the mobile library."""

from __future__ import annotations

from .schema import Choice, Int, Clock, Context, Days, Field, Float, ListOf, Record, Ref, Str, Text, record_id_field
from .source import Key

FOLDER = "branches"

KINDS = ("main", "branch", "reading-corner", "mobile")
FACILITIES = ("ramp", "braille", "quiet-room", "children-corner", "wifi", "computers", "accessible-toilet",
              "parking", "prayer-room", "lift", "audio-books", "reading-room", "cafe", "meeting-room",
              "lockers", "photocopy")


def _check_span(span: dict, key: Key, ctx: Context) -> None:
    if span.get("opens") and span.get("closes") and span["opens"] >= span["closes"]:
        ctx.report(key + ("closes",), f'expected a closing time after the opening time {span["opens"]}, got "{span["closes"]}"')


COORDINATES = Record({
    "lat": Field(Float(minimum=-90, maximum=90, expected="a latitude between -90 and 90"), required=True),
    "lon": Field(Float(minimum=-180, maximum=180, expected="a longitude between -180 and 180"), required=True),
}, expected="{lat: …, lon: …}")

HOURS = Record({
    "days": Field(Days(), required=True),
    "opens": Field(Clock(), required=True),
    "closes": Field(Clock(), required=True),
    "note": Field(Text(max_length=300)),
}, check=_check_span, expected='{days: mon-fri, opens: "08:00", closes: "16:00"}')

STOP = Record({
    "place": Field(Str(max_length=300), required=True),
    "days": Field(Days(), required=True),
    "opens": Field(Clock(), required=True),
    "closes": Field(Clock(), required=True),
    "address": Field(Str(max_length=500)),
    "coordinates": Field(COORDINATES),
    "note": Field(Text(max_length=300)),
}, check=_check_span, expected="a stop with place, days, opens and closes")

SCHEMA = Record({
    "id": Field(record_id_field()),
    "name": Field(Text(max_length=300), required=True),
    "kind": Field(Choice(KINDS), default="branch"),
    "description": Field(Text(), doc="Markdown"),
    "address": Field(Record({
        "street": Field(Str(max_length=300)),
        "village": Field(Str(max_length=200)),
        "district": Field(Str(max_length=200)),
        "city": Field(Str(max_length=200)),
        "province": Field(Str(max_length=200)),
        "postal_code": Field(Str(pattern=r"\d{5}", expected="a five-digit postal code")),
    })),
    "coordinates": Field(COORDINATES),
    "timezone": Field(Choice(("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")),
                      doc="WIB, WITA or WIT; default: the zone at the coordinates, else the province's"),
    "hours": Field(ListOf(HOURS)),
    "closed_note": Field(Text(max_length=500), doc="E.g. closed on national holidays"),
    "contacts": Field(Record({
        "phone": Field(Str(max_length=50)),
        "email": Field(Str(pattern=r"[^@\s]+@[^@\s]+\.[^@\s]+", expected="an e-mail address")),
        "whatsapp": Field(Str(max_length=50)),
        "website": Field(Str(max_length=300)),
    })),
    "services": Field(ListOf(Ref("services"), unique=True)),
    "facilities": Field(ListOf(Choice(FACILITIES), unique=True)),
    "stops": Field(ListOf(STOP), doc="Mobile-library stops"),
    "order": Field(Int(minimum=0, maximum=10000), doc="Position in lists"),
}, title="Pustaka branch")
