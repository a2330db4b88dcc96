"""Services: the service catalogue, each written as an Indonesian Standar Pelayanan."""

from __future__ import annotations

from .copy_uses import SERVICE_USES
from .schema import Bool, Choice, Context, Field, Int, ListOf, Record, Ref, Str, Text, record_id_field
from .source import Key

FOLDER = "services"

CATEGORIES = ("circulation", "reference", "research", "literacy", "membership", "other")
UNITS = ("hours", "business_hours", "days", "business_days")
FIELD_TYPES = ("text", "textarea", "email", "tel", "number", "date", "select", "checkbox", "item",
               "branch", "url")

DURATION = Record({
    "value": Field(Int(minimum=0, maximum=10000), required=True),
    "unit": Field(Choice(UNITS), default="business_days"),
}, expected="{value: 3, unit: business_days}")

SLA = Record({
    "response": Field(DURATION, doc="Time to the first answer"),
    "completion": Field(DURATION, required=True, doc="Time to the finished product"),
    "calendar": Field(Str(max_length=50), default="national", doc="Working calendar (holidays)"),
}, expected="a mapping with response and completion")

STEP = Record({
    "name": Field(Text(max_length=300), required=True),
    "time": Field(DURATION),
    "description": Field(Text()),
    "waiting_on_reader": Field(Bool(), doc="The SLA clock pauses in this step"),
}, shorthand="name", expected="a step name, or {name: …, time: …}")

OPTION = Record({
    "value": Field(Str(max_length=100), required=True),
    "label": Field(Text(max_length=300)),
}, shorthand="value", expected="an option value, or {value: …, label: …}")


def _check_form_field(field: dict, key: Key, ctx: Context) -> None:
    if field.get("type") == "select" and not field.get("options"):
        ctx.report(key + ("options",), "is required for a select field: expected a list of options")


FORM_FIELD = Record({
    "name": Field(Str(pattern=r"[a-z][a-z0-9_]*", expected="a name in lowercase letters, digits and _"),
                  required=True),
    "type": Field(Choice(FIELD_TYPES), default="text"),
    "label": Field(Text(max_length=300), required=True),
    "hint": Field(Text(max_length=1000)),
    "required": Field(Bool(), default=False),
    "options": Field(ListOf(OPTION)),
    "max_length": Field(Int(minimum=1, maximum=20000)),
    "pattern": Field(Str(max_length=300)),
    "personal": Field(Bool(), doc="Personal data: never shown on public status pages"),
    "whatsapp": Field(Bool(), doc="A phone field for WhatsApp: must be an Indonesian mobile, stored as +62…"),
}, check=_check_form_field, expected="a form field with name, type and label")


def _check_form(form: dict, key: Key, ctx: Context) -> None:
    seen: set[str] = set()
    for index, field in enumerate(form.get("fields", [])):
        name = field.get("name")
        if name in seen:
            ctx.report(key + ("fields", index, "name"), f'"{name}" is used by two fields of this form')
        seen.add(name)
    for index, group in enumerate(form.get("one_of") or []):
        for position, name in enumerate(group.get("fields") or []):
            if name not in seen:
                ctx.report(key + ("one_of", index, "fields", position),
                           f'expected the name of a field of this form, got "{name}"')


ONE_OF = Record({
    "fields": Field(ListOf(Str(max_length=100), min_items=2, unique=True), required=True),
    "message": Field(Text(max_length=300), doc="Shown beside each field of the group when all are empty"),
}, expected="{fields: [email, telepon], message: …}")


FORM = Record({
    "fields": Field(ListOf(FORM_FIELD, min_items=1), required=True),
    "intro": Field(Text()),
    "one_of": Field(ListOf(ONE_OF), doc="Groups of fields of which at least one must be filled in"),
}, check=_check_form, expected="a mapping with fields")


class Branches(Ref):
    """``all``, or a list of branch ids."""

    def __init__(self) -> None:
        super().__init__("branches")
        self.expected = '"all", or a list of branch ids'

    def check(self, value: object, key: Key, ctx: Context) -> str | list[str]:
        if value == "all":
            return "all"
        return ListOf(Ref("branches"), unique=True).check(value, key, ctx)

    def json_schema(self) -> dict:
        return {"anyOf": [{"const": "all"}, {"type": "array", "items": {"type": "string"}}]}


SCHEMA = Record({
    "id": Field(record_id_field()),
    "name": Field(Text(max_length=300), required=True, doc="Nama layanan"),
    "summary": Field(Text(max_length=1000), required=True, doc="One sentence"),
    "description": Field(Text(), doc="Markdown"),
    "category": Field(Choice(CATEGORIES), default="other"),
    "copy_use": Field(Choice(SERVICE_USES), doc="What a request does with the item's copies: take-home (loan, "
                      "reservation, renewal; the default of a circulation service with an item field), on-site "
                      "(reading in the library), reproduction (scan or copy), none (the item is only named)"),
    "audience": Field(ListOf(Text(max_length=300)), doc="Sasaran"),
    "requirements": Field(ListOf(Text(max_length=1000)), doc="Persyaratan"),
    "fee": Field(Text(max_length=500), doc="Biaya"),
    "product": Field(Text(max_length=1000), doc="Produk layanan"),
    "sla": Field(SLA, required=True, doc="Jangka waktu penyelesaian"),
    "steps": Field(ListOf(STEP, min_items=1), required=True, doc="Prosedur / tahapan"),
    "branches": Field(Branches(), default="all"),
    "form": Field(FORM, doc="Request form"),
    "complaints": Field(Text(), doc="Penanganan pengaduan (Markdown)"),
    "legal_basis": Field(ListOf(Text(max_length=500)), doc="Dasar hukum"),
    "order": Field(Int(minimum=0, maximum=10000), doc="Position in the catalogue"),
}, title="Pustaka service")
