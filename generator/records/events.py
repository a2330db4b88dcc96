"""Events: workshops, seminars, storytelling, book discussions, school visits."""

from __future__ import annotations

from .schema import Bool, Choice, Context, DateTime, Day, Field, Int, ListOf, Record, Ref, Str, Text, record_id_field
from .source import Key

FOLDER = "events"

KINDS = ("workshop", "seminar", "storytelling", "book-discussion", "school-visit", "exhibition",
         "training", "competition", "other")

SPEAKER = Record({
    "name": Field(Str(max_length=300), required=True),
    "affiliation": Field(Str(max_length=300)),
}, shorthand="name", expected="a name, or {name: …, affiliation: …}")

REGISTRATION = Record({
    "open": Field(Bool(), default=True),
    "deadline": Field(Day()),
}, expected="{open: true, deadline: YYYY-MM-DD}")


def _check_event(event: dict, key: Key, ctx: Context) -> None:
    if "start" in event and "end" in event and event["end"] < event["start"]:
        ctx.report(key + ("end",), f'expected an end after the start ({event["start"]:%Y-%m-%d %H:%M})')


SCHEMA = Record({
    "id": Field(record_id_field()),
    "title": Field(Text(max_length=500), required=True),
    "kind": Field(Choice(KINDS), default="other"),
    "summary": Field(Text(max_length=1000)),
    "description": Field(Text(), doc="Markdown"),
    "start": Field(DateTime(), required=True),
    "end": Field(DateTime()),
    "branch": Field(Ref("branches"), doc="Where it happens"),
    "location": Field(Text(max_length=500), doc="Room, or an address outside the library"),
    "audience": Field(ListOf(Text(max_length=300))),
    "speakers": Field(ListOf(SPEAKER)),
    "capacity": Field(Int(minimum=1, maximum=100000)),
    "registration": Field(REGISTRATION),
    "fee": Field(Text(max_length=300)),
    "related": Field(ListOf(Ref("items"), unique=True)),
}, title="Pustaka event", check=_check_event)
