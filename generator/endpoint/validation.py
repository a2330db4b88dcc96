"""Checking a submission against its form: the endpoint's half of `generator.site.forms`.

The definitions come from the built ``forms.json``; each field is checked as the page's HTML
attributes check it (`site.forms.html_attributes`), then the rules across fields (`rules`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Mapping

from ..records.copy_uses import reason_text, refusal
from ..site.forms import DEFAULT_MAX, TEXT_MAX
from ..site.item_choice import index_of, resolve
from .rules import apply

MESSAGES = {
    "required": ("wajib diisi", "is required"),
    "too_long": ("paling banyak {n} karakter", "at most {n} characters"),
    "pattern": ("formatnya tidak sesuai", "is not in the expected format"),
    "email": ("bukan alamat surel yang benar", "is not a valid e-mail address"),
    "tel": ("bukan nomor telepon yang benar", "is not a valid phone number"),
    "url": ("bukan alamat web (http:// atau https://)", "is not a web address (http:// or https://)"),
    "number": ("harus berupa angka", "must be a number"),
    "date": ("harus berupa tanggal (TTTT-BB-HH)", "must be a date (YYYY-MM-DD)"),
    "option": ("pilihan tidak dikenal", "is not one of the choices"),
    "branch": ("lokasi ini tidak melayani permintaan ini", "this location does not offer this service"),
    "event": ("kegiatan tidak dikenal atau pendaftaran ditutup", "unknown event, or registration is closed"),
    "unknown": ("kolom tidak dikenal", "unknown field"),
    "type": ("harus berupa teks", "must be text"),
}


def message(key: str, lang: str = "id", **values: Any) -> str:
    text = MESSAGES[key][0 if lang != "en" else 1]
    return text.format(**values) if values else text


def _check(field: Mapping[str, Any], raw: Any, *, definitions: Mapping[str, Any], form: Mapping[str, Any],
           lang: str) -> tuple[Any, str | None]:
    """One field: (clean value, None) or (None, message)."""
    kind = field["type"]
    if kind == "checkbox":
        if raw in (True, "on", "true", "1", "ya", 1):
            return True, None
        if raw in (None, "", False, "false", "0", 0):
            return (None, message("required", lang)) if field.get("required") else (False, None)
        return None, message("option", lang)
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return (None, message("required", lang)) if field.get("required") else (None, None)
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        return None, message("type", lang)
    value = str(raw).strip() if not isinstance(raw, str) else raw.strip()
    limit = field.get("max_length") or (DEFAULT_MAX.get(kind, TEXT_MAX) if kind not in ("number",) else 50)
    if len(value) > limit:
        return None, message("too_long", lang, n=limit)
    if "\x00" in value:
        return None, message("pattern", lang)
    pattern = field.get("pattern")
    if pattern and kind not in ("select", "branch", "checkbox") and not re.fullmatch(pattern, value):
        return None, message(kind if kind in ("email", "tel", "url") else "pattern", lang)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return None, message("number", lang)
        if number != number or number in (float("inf"), float("-inf")):
            return None, message("number", lang)
        return (int(number) if number.is_integer() else number), None
    if kind == "date":
        try:
            return dt.date.fromisoformat(value).isoformat(), None
        except ValueError:
            return None, message("date", lang)
    if kind in ("select", "branch"):
        if value not in {o["value"] for o in field.get("options", [])}:
            return None, message("branch" if kind == "branch" else "option", lang)
        return value, None
    if kind == "item":
        found = resolve(definitions["items"], value, lang=lang)
        if found.item is None:
            return None, found.problem
        # Forms written before copy_use existed: a loan form still needs a copy to lend.
        use = form.get("copy_use", "take-home" if form.get("loan") else None)
        reason = refusal(definitions["items"][found.item], use)
        if reason:
            return None, f"{definitions['items'][found.item]['title']}: {reason_text(reason, lang)}"
        return found.item, None
    if kind == "event":
        event = definitions["events"].get(value)
        if event is None or not event.get("open"):
            return None, message("event", lang)
        return value, None
    return value, None


def validate(definitions: Mapping[str, Any], service: str, values: Mapping[str, Any], *,
             lang: str = "id") -> tuple[dict[str, Any], dict[str, str]]:
    """Check a submission; returns (clean values, {field: message}). Every field is checked."""
    form = definitions["forms"].get(service)
    if form is None:
        return {}, {"service": "layanan tidak dikenal" if lang != "en" else "unknown service"}
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    known = {f["name"] for f in form["fields"]}
    for name in values:
        if name not in known:
            errors[name] = message("unknown", lang)
    for field in form["fields"]:
        value, problem = _check(field, values.get(field["name"]), definitions=definitions, form=form, lang=lang)
        if problem:
            errors[field["name"]] = problem
        elif value is not None:
            clean[field["name"]] = value
    apply(form, clean, errors, lang=lang)
    return clean, errors


def route(definitions: Mapping[str, Any], service: str, clean: Mapping[str, Any]) -> str | None:
    """The branch that should answer: the one the reader picked, else the item's or the event's."""
    form = definitions["forms"][service]
    for field in form["fields"]:
        if field["type"] == "branch" and clean.get(field["name"]):
            return clean[field["name"]]
    for field in form["fields"]:
        if field["type"] == "item" and clean.get(field["name"]):
            copies = definitions["items"][clean[field["name"]]]["copies"]
            if copies:
                return copies[0]["branch"]
        if field["type"] == "event" and clean.get(field["name"]):
            return definitions["events"][clean[field["name"]]].get("branch")
    return None


def load_forms(path: Path) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    # Index the items now (0.2 s at 10,000), so the first request after a rebuild does not wait.
    index_of(data.get("items", {}))
    return data
