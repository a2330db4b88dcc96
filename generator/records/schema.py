"""A small declarative schema: one description per field that both validates a record
(with located, readable messages) and exports a JSON Schema for editors.

Each field type knows three things: how to check and normalise a value, how to say
what it expected, and how to describe itself in JSON Schema. Record types in
``items.py``, ``services.py``… are written as a `Record` of named `Field` objects.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..exceptions import Problem
from .source import Key, Source, dotted

LANGS = ("id", "en")
#: A record's id, from its file name or its ``id:`` field: the last part of its web address,
#: and what request forms and the endpoint accept (generator/site/forms.py ID_RE).
RECORD_ID = r"[a-z0-9][a-z0-9-]*"
RECORD_ID_MAX = 120
RECORD_ID_EXPECTED = "lowercase letters (a-z), digits and hyphens, starting with a letter or digit"


def record_id_field() -> "Str":
    return Str(pattern=RECORD_ID, expected=RECORD_ID_EXPECTED, max_length=RECORD_ID_MAX)


def suggest_id(name: str) -> str:
    """``name`` made into a usable id: "Bük Baru" → "buk-baru" (empty when nothing is left)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:RECORD_ID_MAX]


class Invalid(Exception):
    """Raised by a field type; the validator adds the file position and field name."""

    def __init__(self, message: str, key: Key | None = None) -> None:
        self.message = message
        self.key = key
        super().__init__(message)


@dataclass
class Context:
    """What a field check may need: the source for positions and a sink for problems."""

    source: Source
    problems: list = field(default_factory=list)
    # Links to other records are collected here and resolved once everything is loaded.
    refs: list[tuple[str, str, Key]] = field(default_factory=list)
    media: list[tuple[str, Key]] = field(default_factory=list)

    def report(self, key: Key, message: str) -> None:
        self.problems.append(self.source.problem(key, message))


def shown(value: Any) -> str:
    """A value as a librarian would recognise it in a message."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f'"{text}"'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return str(value)


class Type:
    """Base of every field type."""

    expected = "a value"

    def check(self, value: Any, key: Key, ctx: Context) -> Any:  # pragma: no cover
        raise NotImplementedError

    def json_schema(self) -> dict:  # pragma: no cover
        raise NotImplementedError


class Str(Type):
    def __init__(self, *, pattern: str | None = None, expected: str = "text", max_length: int = 2000,
                 examples: tuple[str, ...] = ()) -> None:
        self.pattern = re.compile(pattern) if pattern else None
        self.expected = expected
        self.max_length = max_length
        self.examples = examples

    def check(self, value: Any, key: Key, ctx: Context) -> str:
        # Numbers are accepted as text: a barcode or call number typed without quotes.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        value = value.strip()
        if not value:
            raise Invalid(f"expected {self.expected}, got an empty value")
        if len(value) > self.max_length:
            raise Invalid(f"expected at most {self.max_length} characters, got {len(value)}")
        if self.pattern and not self.pattern.fullmatch(value):
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        return value

    def json_schema(self) -> dict:
        out: dict[str, Any] = {"type": ["string", "number"] if not self.pattern else "string",
                               "description": f"Expected: {self.expected}"}
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern.pattern})$"
        if self.examples:
            out["examples"] = list(self.examples)
        return out


class Text(Type):
    """Reader-facing text: a plain string (Indonesian) or ``{id: ..., en: ...}``."""

    expected = 'text, or {id: "…", en: "…"}'

    def __init__(self, *, max_length: int = 20000) -> None:
        self.inner = Str(max_length=max_length)

    def check(self, value: Any, key: Key, ctx: Context) -> dict[str, str]:
        if isinstance(value, dict):
            out: dict[str, str] = {}
            for lang, text in value.items():
                if lang not in LANGS:
                    raise Invalid(f"expected a language code ({', '.join(LANGS)}), got {shown(lang)}", key + (lang,))
                try:
                    out[lang] = self.inner.check(text, key + (lang,), ctx)
                except Invalid as exc:
                    raise Invalid(exc.message, key + (lang,)) from None
            if "id" not in out and "en" not in out:
                raise Invalid(f"expected {self.expected}, got an empty mapping")
            return out
        return {"id": self.inner.check(value, key, ctx)}

    def json_schema(self) -> dict:
        text = {"type": ["string", "number"]}
        return {"description": f"Expected: {self.expected}",
                "anyOf": [text, {"type": "object", "properties": {lang: text for lang in LANGS},
                                 "additionalProperties": False}]}


class Int(Type):
    def __init__(self, *, minimum: int | None = 0, maximum: int | None = None, expected: str = "a whole number") -> None:
        self.minimum, self.maximum, self.expected = minimum, maximum, expected

    def check(self, value: Any, key: Key, ctx: Context) -> int:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"expected a number of at least {self.minimum}, got {value}")
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"expected a number of at most {self.maximum}, got {value}")
        return value

    def json_schema(self) -> dict:
        out: dict[str, Any] = {"type": "integer", "description": f"Expected: {self.expected}"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


class Float(Type):
    def __init__(self, *, minimum: float, maximum: float, expected: str) -> None:
        self.minimum, self.maximum, self.expected = minimum, maximum, expected

    def check(self, value: Any, key: Key, ctx: Context) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        if not self.minimum <= value <= self.maximum:
            raise Invalid(f"expected {self.expected}, got {value}")
        return float(value)

    def json_schema(self) -> dict:
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum,
                "description": f"Expected: {self.expected}"}


class Bool(Type):
    expected = "true or false"

    def check(self, value: Any, key: Key, ctx: Context) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        return value

    def json_schema(self) -> dict:
        return {"type": "boolean"}


class Choice(Type):
    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices
        self.expected = "one of: " + ", ".join(choices)

    def check(self, value: Any, key: Key, ctx: Context) -> str:
        if isinstance(value, str) and value.strip().lower() in self.choices:
            return value.strip().lower()
        hint = ""
        if isinstance(value, str):
            close = difflib.get_close_matches(value.strip().lower(), self.choices, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise Invalid(f"expected {self.expected}; got {shown(value)}{hint}")

    def json_schema(self) -> dict:
        return {"enum": list(self.choices)}


_YEAR = r"-?\d{1,4}"
_DATE_RE = re.compile(rf"(?P<y>{_YEAR})(?:-(?P<m>\d{{2}})(?:-(?P<d>\d{{2}}))?)?")
_RANGE_RE = re.compile(rf"(?P<a>{_YEAR})\s*/\s*(?P<b>{_YEAR})")


@dataclass(frozen=True)
class Date:
    """A publication date as librarians write it: a year, a month, a day, or a span of years."""

    text: str  # normalised: "1985", "1985-03", "1985-03-12", "1980/1989"
    year: int  # the first year, for sorting and browsing
    end_year: int

    @property
    def decade(self) -> int:
        return self.year - self.year % 10

    def __str__(self) -> str:
        return self.text.replace("/", "–")


class DateLike(Type):
    expected = "a year, a date (YYYY-MM-DD) or a range"

    def check(self, value: Any, key: Key, ctx: Context) -> Date:
        if isinstance(value, bool):
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return Date(value.isoformat(), value.year, value.year)
        if isinstance(value, int):
            return Date(str(value), value, value)
        if isinstance(value, str):
            text = value.strip()
            match = _RANGE_RE.fullmatch(text)
            if match:
                a, b = int(match["a"]), int(match["b"])
                if a > b:
                    raise Invalid(f"expected a range from the earlier to the later year, got {shown(value)}")
                return Date(f"{a}/{b}", a, b)
            match = _DATE_RE.fullmatch(text)
            if match:
                year = int(match["y"])
                try:
                    if match["d"]:
                        dt.date(year, int(match["m"]), int(match["d"]))
                    elif match["m"] and not 1 <= int(match["m"]) <= 12:
                        raise ValueError
                except ValueError:
                    raise Invalid(f"expected a real calendar date, got {shown(value)}") from None
                return Date(text, year, year)
        raise Invalid(f"expected {self.expected}, got {shown(value)}")

    def json_schema(self) -> dict:
        return {"description": "A year (1985), a month (1985-03), a date (1985-03-12) or a range (1980/1989)",
                "anyOf": [{"type": "integer"},
                          {"type": "string", "pattern": r"^-?\d{1,4}(-\d{2}(-\d{2})?)?$|^-?\d{1,4}\s*/\s*-?\d{1,4}$"}]}


class Day(Type):
    """A calendar day (YYYY-MM-DD)."""

    expected = "a date (YYYY-MM-DD)"

    def check(self, value: Any, key: Key, ctx: Context) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise Invalid(f"expected {self.expected}, got {shown(value)}")

    def json_schema(self) -> dict:
        return {"type": "string", "format": "date", "description": f"Expected: {self.expected}"}


class DateTime(Type):
    expected = "a date and time (YYYY-MM-DD HH:MM)"

    def check(self, value: Any, key: Key, ctx: Context) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, str):
            try:
                return dt.datetime.fromisoformat(value.strip().replace("T", " "))
            except ValueError:
                pass
        raise Invalid(f"expected {self.expected}, got {shown(value)}")

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$",
                "description": f"Expected: {self.expected}"}


class Clock(Type):
    expected = 'a time of day ("HH:MM")'

    def check(self, value: Any, key: Key, ctx: Context) -> str:
        # YAML 1.1 reads an unquoted 08:00 as the sexagesimal number 480.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            value = f"{value // 60:02d}:{value % 60:02d}"
        if isinstance(value, str):
            match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value.strip())
            if match and int(match[1]) <= 24 and int(match[2]) < 60:
                return f"{int(match[1]):02d}:{match[2]}"
        raise Invalid(f"expected {self.expected}, got {shown(value)}")

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^\d{1,2}[:.]\d{2}$", "description": f"Expected: {self.expected}"}


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Days(Type):
    """Days of the week: ``mon-fri``, ``sat``, ``[mon, wed]`` or ``mon, thu``."""

    expected = "days of the week (mon tue wed thu fri sat sun, or a range such as mon-fri)"

    def check(self, value: Any, key: Key, ctx: Context) -> tuple[str, ...]:
        parts: list[str] = []
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            parts = [p.strip() for p in value]
        days: list[str] = []
        for part in parts:
            low = part.lower()
            if "-" in low:
                first, _, last = (x.strip() for x in low.partition("-"))
                if first in WEEKDAYS and last in WEEKDAYS and WEEKDAYS.index(first) <= WEEKDAYS.index(last):
                    days.extend(WEEKDAYS[WEEKDAYS.index(first): WEEKDAYS.index(last) + 1])
                    continue
            elif low in WEEKDAYS:
                days.append(low)
                continue
            raise Invalid(f"expected {self.expected}, got {shown(part)}")
        if not days:
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        return tuple(sorted(set(days), key=WEEKDAYS.index))

    def json_schema(self) -> dict:
        return {"description": self.expected,
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"enum": list(WEEKDAYS)}}]}


class Ref(Type):
    """The id of another record; resolved after every record is loaded."""

    def __init__(self, kind: str, *, allow_all: bool = False) -> None:
        self.kind = kind
        self.allow_all = allow_all
        self.expected = f"the id of a record in {kind}/"

    def check(self, value: Any, key: Key, ctx: Context) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        ctx.refs.append((self.kind, value.strip(), key))
        return value.strip()

    def json_schema(self) -> dict:
        return {"type": "string", "description": f"Expected: {self.expected}"}


class MediaPath(Type):
    expected = "a path relative to the collection folder, such as media/scan.jpg"

    def __init__(self, extensions: tuple[str, ...] = (), what: str = "") -> None:
        # extensions (lower case, no dot): the kinds of file the field takes, e.g. ("vtt",) for captions
        self.extensions = extensions
        if extensions:
            names = ", ".join(f".{e}" for e in extensions)
            self.expected = f"a path relative to the collection folder to {what} ({names}), such as media/{what.split()[-1]}.{extensions[0]}"

    def check(self, value: Any, key: Key, ctx: Context) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        if self.extensions and value.strip().rsplit(".", 1)[-1].lower() not in self.extensions:
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        ctx.media.append((value.strip(), key))
        return value.strip()

    def json_schema(self) -> dict:
        schema = {"type": "string", "description": f"Expected: {self.expected}"}
        if self.extensions:  # JSON Schema patterns have no flags: each letter in both cases
            either = "|".join("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in e)
                              for e in self.extensions)
            schema["pattern"] = rf"\.(?:{either})$"
        return schema


class ListOf(Type):
    """A list; a single value is accepted as a list of one, as librarians often write."""

    def __init__(self, item: Type, *, min_items: int = 0, unique: bool = False) -> None:
        self.item = item
        self.min_items = min_items
        self.unique = unique
        self.expected = f"a list of {item.expected}"

    def check(self, value: Any, key: Key, ctx: Context) -> list:
        values = value if isinstance(value, list) else [value]
        out = []
        for index, item in enumerate(values):
            item_key = key + (index,) if isinstance(value, list) else key
            try:
                out.append(self.item.check(item, item_key, ctx))
            except Invalid as exc:
                ctx.report(exc.key or item_key, exc.message)
        if len(values) < self.min_items:
            raise Invalid(f"expected at least {self.min_items} entries, got {len(values)}")
        if self.unique:
            seen: set = set()
            for index, item in enumerate(out):
                marker = repr(item)
                if marker in seen:
                    ctx.report(key + (index,), f"{shown(item)} is listed twice")
                seen.add(marker)
        return out

    def json_schema(self) -> dict:
        inner = self.item.json_schema()
        return {"anyOf": [{"type": "array", "items": inner, "minItems": self.min_items}, inner]}


@dataclass
class Field:
    type: Type
    required: bool = False
    doc: str = ""
    default: Any = None


class Record(Type):
    """A mapping with named fields; unknown names are reported with a suggestion."""

    def __init__(self, fields: dict[str, Field], *, title: str = "", expected: str = "a mapping of fields",
                 shorthand: str | None = None, check: Callable[[dict, Key, Context], None] | None = None) -> None:
        self.fields = fields
        self.title = title
        self.expected = expected
        # A bare string may stand for the whole mapping, e.g. a creator written as just a name.
        self.shorthand = shorthand
        self.extra_check = check

    def check(self, value: Any, key: Key, ctx: Context) -> dict:
        if self.shorthand and isinstance(value, (str, int)) and not isinstance(value, bool):
            value = {self.shorthand: value}
        if not isinstance(value, dict):
            raise Invalid(f"expected {self.expected}, got {shown(value)}")
        out: dict[str, Any] = {}
        for name, raw in value.items():
            spec = self.fields.get(name)
            child = key + (name,)
            if ("#dup",) + child in ctx.source.positions:
                line, column = ctx.source.positions[("#dup",) + child]
                ctx.problems.append(Problem(ctx.source.display, line, column, dotted(child),
                                            "is written twice in this mapping; the last one would win"))
            if spec is None:
                close = difflib.get_close_matches(str(name), list(self.fields), n=1, cutoff=0.6)
                hint = f'; did you mean "{close[0]}"?' if close else f"; known fields: {', '.join(self.fields)}"
                line, column = ctx.source.key_position(child)
                ctx.problems.append(Problem(ctx.source.display, line, column, dotted(child), f"unknown field{hint}"))
                continue
            if raw is None:
                if spec.required:
                    ctx.report(child, f"is required: expected {spec.type.expected}")
                continue
            try:
                out[name] = spec.type.check(raw, child, ctx)
            except Invalid as exc:
                ctx.report(exc.key or child, exc.message)
        for name, spec in self.fields.items():
            if name in out:
                continue
            if spec.required and name not in value:
                line, column = ctx.source.where(key)
                ctx.problems.append(Problem(ctx.source.display, line, column, dotted(key + (name,)),
                                            f"is required: expected {spec.type.expected}"))
            elif spec.default is not None:
                out[name] = spec.default
        if self.extra_check:
            self.extra_check(out, key, ctx)
        return out

    def json_schema(self) -> dict:
        props = {}
        for name, spec in self.fields.items():
            schema = dict(spec.type.json_schema())
            if spec.doc:
                schema["description"] = spec.doc + (f" — {schema['description']}" if "description" in schema else "")
            props[name] = schema
        out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            out["required"] = required
        if self.shorthand:
            return {"anyOf": [{"type": "string"}, out]}
        return out
