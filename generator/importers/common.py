"""What every importer shares: the intermediate record, the report, and the cleaning of messy values.

An importer reads its format into `Draft` objects whose ``fields`` already use Pustaka's
item field names but may still hold raw values (a year written ``[1985?]``, an ISBN with
spaces, a language written ``Bahasa Indonesia``, names ``Surname, Given``). `clean` turns
them into values the item schema accepts, and records every repair and every value it
could not place, so nothing is dropped silently.

Names: Pustaka shows names in direct order ("Pramoedya Ananta Toer"), as the sample
collection and most Indonesian catalogues of personal names do; an inverted catalogue
form "Toer, Pramoedya Ananta" is turned round. Names without a comma (single names such
as "Hamka", institutions) are kept as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import ftfy

from ..records.items import COPY_STATUS, SCHEMA, TYPES, _isbn_ok


@dataclass
class Note:
    """One line of the import report: a value repaired, skipped, or kept aside."""

    where: str  # the source row: "biblio.csv:7", "records.mrc#3", "oai:repo:123"
    action: str  # repaired | skipped | noted | kept | deleted | missing
    field: str
    message: str
    id: str = ""

    def __str__(self) -> str:
        who = f" [{self.id}]" if self.id else ""
        return f"{self.where}{who}: {self.field}: {self.action}: {self.message}"


@dataclass
class Draft:
    """One work read from a source, before cleaning and writing."""

    source_id: str
    where: str
    fields: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    cover: str | None = None  # a cover file name to look for in --covers
    item_codes: list[str] = field(default_factory=list)  # SLiMS copies claimed by this record

    def note(self, action: str, field_name: str, message: str) -> None:
        self.notes.append(Note(self.where, action, field_name, message))

    def keep_aside(self, label: str, value: str, field_name: str = "notes") -> None:
        """A value with no Pustaka field: kept in the record's notes and reported."""
        self.fields.setdefault("notes", []).append(f"{label}: {value}")
        self.note("noted", field_name, f'{label} "{value}" kept in notes')


# --- text ---------------------------------------------------------------------------

def fix_text(value: str) -> str:
    """Repair mojibake (UTF-8 read as Latin-1/CP1252, HTML entities) and tidy whitespace."""
    fixed = ftfy.fix_text(value, normalization="NFC")
    return fixed.strip()


def unescape_newlines(value: str) -> str:
    r"""SLiMS and many spreadsheet exports write line breaks as a literal ``\n``."""
    return value.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "")


def slugify(text: str, *, max_length: int = 60) -> str:
    """Readable ASCII id from a title: ``Sejarah Kebudayaan Minahasa`` → ``sejarah-kebudayaan-minahasa``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "karya"


# --- identifiers ----------------------------------------------------------------------

def isbn_candidates(raw: str) -> list[str]:
    """Strings that may be ISBNs in a field such as ``ISBN 979-407-170-7 (pbk.) ; 978 602 ...``."""
    text = re.sub(r"(?i)\bisbn(-1[03])?\s*:?", " ", raw)
    text = re.sub(r"\([^)]*\)", " ", text)  # qualifiers: (pbk.), (jil. 1)
    out = []
    for part in re.split(r"[;,/|]", text):
        compact = re.sub(r"[\s\-.]", "", part).upper()
        if compact:
            out.append(compact)
    return out


def isbn_valid(compact: str) -> bool:
    return _isbn_ok(compact)


def clean_identifier_field(draft: Draft, raw: str, field_name: str = "isbn") -> None:
    """Place a SLiMS ``isbn_issn`` / MARC 020 value: a valid ISBN, an ISSN, or a note."""
    raw = raw.strip()
    if not raw:
        return
    ids = draft.fields.setdefault("identifiers", {})
    issn = re.fullmatch(r"(?i)(?:issn:?\s*)?(\d{4})[\s-]?(\d{3}[\dX])", raw)
    if issn:
        value = f"{issn[1]}-{issn[2].upper()}"
        digits = value.replace("-", "")
        check = (11 - sum((8 - i) * int(c) for i, c in enumerate(digits[:7])) % 11) % 11
        if digits[7] != ("X" if check == 10 else str(check)):
            draft.fields.setdefault("notes", []).append(f"ISSN tidak valid: {raw}")
            draft.note("skipped", f"identifiers.{field_name}", f'"{raw}" is not a valid ISSN (check digit); kept in notes')
        elif ids.setdefault("issn", value) != value:
            draft.keep_aside("ISSN lain", value, f"identifiers.{field_name}")
        return
    for candidate in isbn_candidates(raw):
        if len(candidate) in (10, 13) and isbn_valid(candidate):
            if "isbn" not in ids:
                ids["isbn"] = candidate
                if candidate != raw:
                    draft.note("repaired", f"identifiers.{field_name}", f'"{raw}" written as {candidate}')
            elif ids["isbn"] != candidate:
                draft.keep_aside("ISBN lain", candidate, f"identifiers.{field_name}")
        else:
            draft.fields.setdefault("notes", []).append(f"ISBN tidak valid: {raw}")
            draft.note("skipped", f"identifiers.{field_name}",
                       f'"{raw}" is not a valid ISBN (length or check digit); kept in notes')


# --- dates ---------------------------------------------------------------------------

_YEAR_RE = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")


def parse_year(raw: str) -> tuple[int | str | None, bool]:
    """A publication year from what catalogues write: ``1985``, ``[1985?]``, ``c1985``,
    ``cet. 2, 1990``, ``1985-1990`` (a range). Returns (value, was it reinterpreted)."""
    text = raw.strip().rstrip(".").strip()  # ISBD ends the publication area with a full stop
    if re.fullmatch(r"\d{4}", text):
        return int(text), False
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text):
        return text, False
    years = [int(y) for y in _YEAR_RE.findall(text)]
    if not years:
        return None, True
    span = re.search(r"(?<!\d)(\d{4})\s*[-–/]\s*(\d{4})(?!\d)", text)
    if span and int(span[1]) < int(span[2]):
        return f"{int(span[1])}/{int(span[2])}", True
    return years[0], True


# --- names ---------------------------------------------------------------------------

def direct_name(name: str) -> str:
    """``Toer, Pramoedya Ananta`` → ``Pramoedya Ananta Toer``; dates and trailing dots removed."""
    name = re.sub(r",?\s*\(?\d{4}-(\d{4})?\)?\.?$", "", name.strip()).strip().rstrip(",").strip()
    if name.endswith(".") and not re.search(r"\b\w\.$", name):
        name = name[:-1]
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and parts[0] and parts[1] and not re.fullmatch(r"(?i)(jr|sr|ii|iii|dr|prof)\.?", parts[1]):
        return f"{parts[1]} {parts[0]}"
    return name


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower())


def dedupe_people(draft: Draft, people: list[dict], field_name: str) -> list[dict]:
    out: list[dict] = []
    seen: dict[str, dict] = {}
    for person in people:
        key = _name_key(person["name"])
        if not key:
            continue
        if key in seen:
            draft.note("repaired", field_name, f'"{person["name"]}" was listed twice; kept once')
            continue
        seen[key] = person
        out.append(person)
    return out


# --- controlled values ----------------------------------------------------------------

#: SLiMS GMD (general material designation) names and codes → Pustaka item types.
GMD_TYPES = {
    "text": "book", "teks": "book", "book": "book", "buku": "book", "txt": "book", "monograph": "book",
    "thesis": "thesis", "skripsi": "thesis", "tesis": "thesis", "disertasi": "thesis", "dissertation": "thesis",
    "tugas akhir": "thesis", "karya ilmiah": "thesis",
    "article": "article", "artikel": "article",
    "serial": "periodical", "majalah": "periodical", "jurnal": "periodical", "journal": "periodical",
    "surat kabar": "periodical", "newspaper": "periodical", "periodical": "periodical", "terbitan berkala": "periodical",
    "manuscript": "manuscript", "naskah": "manuscript", "naskah kuno": "manuscript", "manuskrip": "manuscript",
    "cartographic material": "map", "map": "map", "peta": "map", "globe": "map", "atlas": "map",
    "picture": "photo", "photograph": "photo", "foto": "photo", "gambar": "photo", "graphic": "photo",
    "still image": "photo", "slide": "photo",
    "sound recording": "audio", "audio": "audio", "rekaman suara": "audio", "kaset": "audio", "cd audio": "audio",
    "music": "audio", "audiobook": "audio",
    "video recording": "video", "video": "video", "film": "video", "motion picture": "video", "dvd": "video",
    "vcd": "video", "rekaman video": "video", "moving image": "video",
    "computer file": "dataset", "electronic resource": "dataset", "data": "dataset", "dataset": "dataset",
    "computer software": "dataset", "cd-rom": "dataset",
    "multimedia": "other", "kit": "other", "realia": "other", "mixed material": "other", "other": "other",
}


def gmd_type(draft: Draft, gmd: str, *, default: str = "book") -> str:
    key = re.sub(r"\s+", " ", gmd.strip().lower())
    if not key:
        return default
    if key in TYPES:
        return key
    if key in GMD_TYPES:
        return GMD_TYPES[key]
    draft.note("noted", "type", f'material "{gmd}" has no Pustaka type; the item is typed "other"')
    draft.fields.setdefault("notes", []).append(f"Jenis bahan (GMD): {gmd}")
    return "other"


#: Language names (Indonesian and English) and MARC/ISO 639-2 codes → ISO 639 codes Pustaka uses.
LANGUAGES = {
    "indonesia": "id", "bahasa indonesia": "id", "indonesian": "id", "ind": "id", "in": "id", "id": "id",
    "inggris": "en", "bahasa inggris": "en", "english": "en", "eng": "en", "en": "en",
    "jawa": "jv", "bahasa jawa": "jv", "javanese": "jv", "jav": "jv", "jv": "jv",
    "sunda": "su", "bahasa sunda": "su", "sundanese": "su", "sun": "su", "su": "su",
    "bali": "ban", "bahasa bali": "ban", "balinese": "ban", "ban": "ban",
    "madura": "mad", "bahasa madura": "mad", "madurese": "mad", "mad": "mad",
    "bugis": "bug", "bahasa bugis": "bug", "buginese": "bug", "bug": "bug",
    "minangkabau": "min", "bahasa minangkabau": "min", "minang": "min", "min": "min",
    "aceh": "ace", "bahasa aceh": "ace", "acehnese": "ace", "ace": "ace",
    "batak": "btk", "batak toba": "bbc", "makassar": "mak", "makasar": "mak", "mak": "mak",
    "banjar": "bjn", "bjn": "bjn", "sasak": "sas", "sas": "sas", "minahasa": "tdn", "tondano": "tdn",
    "melayu": "ms", "bahasa melayu": "ms", "malay": "ms", "may": "ms", "msa": "ms", "ms": "ms",
    "belanda": "nl", "dutch": "nl", "dut": "nl", "nld": "nl", "nl": "nl",
    "arab": "ar", "arabic": "ar", "bahasa arab": "ar", "ara": "ar", "ar": "ar",
    "jepang": "ja", "japanese": "ja", "jpn": "ja", "ja": "ja",
    "mandarin": "zh", "cina": "zh", "tionghoa": "zh", "chinese": "zh", "chi": "zh", "zho": "zh", "zh": "zh",
    "jerman": "de", "german": "de", "ger": "de", "deu": "de", "de": "de",
    "prancis": "fr", "perancis": "fr", "french": "fr", "fre": "fr", "fra": "fr", "fr": "fr",
    "portugis": "pt", "portuguese": "pt", "por": "pt", "pt": "pt",
    "sanskerta": "sa", "sanskrit": "sa", "san": "sa", "kawi": "kaw", "jawa kuno": "kaw", "kaw": "kaw",
    "latin": "la", "lat": "la", "korea": "ko", "korean": "ko", "kor": "ko", "spanyol": "es", "spanish": "es",
    "spa": "es", "rusia": "ru", "russian": "ru", "rus": "ru", "tagalog": "tl", "tgl": "tl",
}


def language_codes(draft: Draft, raw: str | list[str]) -> list[str]:
    values = raw if isinstance(raw, list) else re.split(r"[;,/]|\bdan\b|\band\b|&", raw)
    out: list[str] = []
    for value in values:
        key = re.sub(r"\s+", " ", value.strip().lower())
        if not key or key in ("und", "zxx", "mul"):
            continue
        code = LANGUAGES.get(key)
        if code is None:
            draft.keep_aside("Bahasa", value.strip(), "language")
            continue
        if code not in out:
            out.append(code)
    return out


#: Item (copy) statuses in SLiMS (codes and names, Indonesian and English) → Pustaka copy status.
COPY_STATUSES = {
    "": "available", "0": "available", "available": "available", "tersedia": "available", "ada": "available",
    "on loan": "on-loan", "loan": "on-loan", "dipinjam": "on-loan", "sedang dipinjam": "on-loan",
    "r": "in-repair", "repair": "in-repair", "perbaikan": "in-repair", "dalam perbaikan": "in-repair",
    "rusak": "in-repair",
    "mis": "lost", "missing": "lost", "hilang": "lost", "lost": "lost",
    "nl": "reference-only", "no loan": "reference-only", "tidak dipinjamkan": "reference-only",
    "reference": "reference-only", "referensi": "reference-only", "baca di tempat": "reference-only",
    "reserved": "reserved", "dipesan": "reserved",
}


def copy_status(raw: str) -> str | None:
    key = re.sub(r"\s+", " ", raw.strip().lower())
    if key in COPY_STATUS:
        return key
    return COPY_STATUSES.get(key)


# --- the whole record ------------------------------------------------------------------

_PEOPLE = ("creators", "contributors")


def _fix_strings(draft: Draft, value: Any, path: str) -> Any:
    if isinstance(value, str):
        fixed = fix_text(value)
        if fixed != value.strip():
            draft.note("repaired", path, f'"{value.strip()}" → "{fixed}"')
        return fixed
    if isinstance(value, list):
        return [_fix_strings(draft, v, path) for v in value]
    if isinstance(value, dict):
        return {k: _fix_strings(draft, v, f"{path}.{k}") for k, v in value.items()}
    return value


def clean(draft: Draft) -> dict[str, Any]:
    """The draft's fields as an item record the schema accepts (without ``id``)."""
    fields = {k: v for k, v in draft.fields.items() if v not in (None, "", [], {})}
    fields = {k: _fix_strings(draft, v, k) for k, v in fields.items()}
    draft.fields = fields
    if "date" in fields:
        raw = str(fields.pop("date"))
        value, reinterpreted = parse_year(raw)
        if value is None:
            draft.keep_aside("Tahun terbit", raw, "date")
        else:
            fields["date"] = value
            if reinterpreted:
                draft.note("repaired", "date", f'"{raw}" read as {value}')
    if "language" in fields:
        codes = language_codes(draft, fields.pop("language"))
        if codes:
            fields["language"] = codes if len(codes) > 1 else codes[0]
    for key in _PEOPLE:
        if key in fields:
            people = []
            for person in fields[key]:
                person = {"name": person} if isinstance(person, str) else dict(person)
                person["name"] = direct_name(person["name"])
                if person.get("role") in (None, "", "author"):
                    person.pop("role", None)
                if person["name"]:
                    people.append(person)
            fields[key] = dedupe_people(draft, people, key)
            if not fields[key]:
                del fields[key]
    for key in ("subjects", "collections"):
        if key in fields:
            seen: list[str] = []
            for subject in fields[key]:
                subject = re.sub(r"\s+", " ", subject).strip().rstrip(".")
                if subject and subject.lower() not in (s.lower() for s in seen):
                    seen.append(subject)
                elif subject:
                    draft.note("repaired", key, f'"{subject}" was listed twice; kept once')
            fields[key] = seen
    if "notes" in fields:
        unique: list[str] = []
        for note in fields["notes"]:
            if note and note not in unique:
                unique.append(note)
        fields["notes"] = unique
    for name, spec in SCHEMA.fields.items():
        value = fields.get(name)
        limit = getattr(spec.type, "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            # Too long for the field: shorten it there, and keep the whole text in the notes.
            fields[name] = value[:limit - 1].rstrip() + "…"
            fields.setdefault("notes", []).append(f"{name} (lengkap): {value[:4900]}")
            draft.note("repaired", name, f"{len(value)} characters, more than the {limit} the field holds; "
                       "shortened, the whole text kept in notes")
    if not fields.get("title"):
        fields["title"] = "(Tanpa judul)"
        draft.note("repaired", "title", "the source has no title; written as (Tanpa judul)")
    fields.setdefault("type", "book")
    return {k: v for k, v in fields.items() if v not in (None, "", [], {})}


def split_title(title: str) -> tuple[str, str | None]:
    """``Judul : anak judul`` (ISBD punctuation, as SLiMS and MARC 245 keep it) → (title, subtitle)."""
    title = title.strip().rstrip("/").strip()
    if " : " in title:
        main, sub = title.split(" : ", 1)
        return main.strip(), sub.strip().rstrip("/").strip() or None
    return title, None
