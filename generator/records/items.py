"""Items: digitized and catalogued works, with fields grounded in Dublin Core and SLiMS."""

from __future__ import annotations

from .schema import Bool, Choice, Context, DateLike, Day, Field, ListOf, MediaPath, Record, Ref, Str, Text, record_id_field
from .source import Key

FOLDER = "items"

TYPES = ("book", "thesis", "article", "periodical", "manuscript", "map", "photo", "audio", "video",
         "dataset", "other")
ROLES = ("author", "editor", "translator", "illustrator", "photographer", "compiler", "supervisor",
         "creator", "narrator", "cartographer", "interviewer", "interviewee", "publisher", "other")
ACCESS = ("public", "on-site", "restricted")
COPY_STATUS = ("available", "on-loan", "reserved", "in-repair", "lost", "reference-only")
ACCESSIBILITY = ("braille", "large-print", "audio", "easy-read", "captions", "sign-language")

# ISO 639-1 codes plus the 639-2/3 codes of Indonesia's regional languages.
LANGUAGE = Str(pattern=r"[a-z]{2,3}", expected="an ISO 639 language code such as id, en, jv",
               max_length=3, examples=("id", "en", "jv", "su", "ban", "min"))

PERSON = Record({
    "name": Field(Str(max_length=300), required=True, doc="Name as it should be shown"),
    "role": Field(Choice(ROLES), default="author"),
    "affiliation": Field(Str(max_length=300)),
}, shorthand="name", expected="a name, or {name: …, role: …}")

FILE = Record({
    "path": Field(MediaPath(), required=True, doc="Path relative to the collection folder"),
    "label": Field(Text(max_length=300), doc="What the file is: Sampul, Halaman 1, Rekaman…"),
    "alt": Field(Text(max_length=1000), doc="Alternative text describing an image for blind readers"),
    "mime": Field(Str(pattern=r"[a-z]+/[a-z0-9.+-]+", expected="a MIME type such as image/jpeg")),
    "captions": Field(MediaPath(("vtt",), "a WebVTT file of captions"),
                      doc="WebVTT captions for audio/video (shown as a transcript and searched, cue by cue)"),
    "transcript": Field(MediaPath(("txt", "md", "markdown", "pdf"), "a text, Markdown or PDF transcript"),
                        doc="A transcript (searched in the full text, paragraph by paragraph)"),
}, shorthand="path", expected="a path, or {path: …, label: …, alt: …}")

COPY = Record({
    "branch": Field(Ref("branches"), required=True, doc="The branch that holds this copy"),
    "call_number": Field(Str(max_length=100)),
    "barcode": Field(Str(max_length=100)),
    "status": Field(Choice(COPY_STATUS), default="available"),
    "note": Field(Text(max_length=500)),
}, expected="a mapping with branch, barcode, status")

IDENTIFIERS = Record({
    "isbn": Field(Str(pattern=r"[0-9Xx -]{10,17}", expected="an ISBN (10 or 13 digits)")),
    "issn": Field(Str(pattern=r"\d{4}-?\d{3}[\dXx]", expected="an ISSN such as 1234-5678")),
    "call_number": Field(Str(max_length=100)),
    "doi": Field(Str(pattern=r"10\.\d{4,9}/\S+", expected="a DOI such as 10.1234/abcd")),
    "handle": Field(Str(max_length=200)),
    "slims_id": Field(Str(max_length=50)),
    "oclc": Field(Str(max_length=50)),
    "local": Field(Str(max_length=100)),
}, expected="a mapping of identifiers (isbn, issn, call_number, doi, handle, slims_id)")

JOURNAL = Record({
    "title": Field(Str(max_length=500), required=True),
    "volume": Field(Str(max_length=20)),
    "issue": Field(Str(max_length=20)),
    "pages": Field(Str(max_length=30)),
}, expected="a mapping with title, volume, issue, pages")


def _isbn_ok(isbn: str) -> bool:
    digits = isbn.replace("-", "").replace(" ", "").upper()
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def _check_item(item: dict, key: Key, ctx: Context) -> None:
    isbn = item.get("identifiers", {}).get("isbn")
    if isbn and not _isbn_ok(isbn):
        ctx.report(key + ("identifiers", "isbn"), f'expected a valid ISBN (the check digit does not match), got "{isbn}"')


SCHEMA = Record({
    "id": Field(record_id_field()),
    "type": Field(Choice(TYPES), required=True, doc="Kind of work"),
    "title": Field(Str(max_length=1000), required=True, doc="Judul"),
    "subtitle": Field(Str(max_length=1000), doc="Anak judul"),
    "creators": Field(ListOf(PERSON), doc="Pengarang and other creators"),
    "contributors": Field(ListOf(PERSON), doc="Editors, translators, illustrators…"),
    "date": Field(DateLike(), doc="Tanggal terbit"),
    "language": Field(ListOf(LANGUAGE, unique=True), default=["id"], doc="Bahasa"),
    "subjects": Field(ListOf(Str(max_length=200), unique=True), doc="Subjek"),
    "description": Field(Str(max_length=50000), doc="Deskripsi (Markdown)"),
    "notes": Field(ListOf(Str(max_length=5000)), doc="Catatan: cataloguing notes, and values an import could not place"),
    "publisher": Field(Str(max_length=500)),
    "place": Field(Str(max_length=200)),
    "edition": Field(Str(max_length=200)),
    "collation": Field(Str(max_length=300)),
    "series": Field(Str(max_length=500)),
    "institution": Field(Str(max_length=500), doc="For theses: the degree-granting institution"),
    "degree": Field(Str(max_length=200), doc="For theses: Skripsi (S1), Tesis (S2), Disertasi (S3)"),
    "journal": Field(JOURNAL, doc="For articles: the journal that published it"),
    "identifiers": Field(IDENTIFIERS),
    "rights": Field(Str(max_length=1000)),
    "access": Field(Choice(ACCESS), default="public"),
    "files": Field(ListOf(FILE)),
    "copies": Field(ListOf(COPY)),
    "collections": Field(ListOf(Str(max_length=200), unique=True)),
    "accessibility": Field(ListOf(Choice(ACCESSIBILITY), unique=True)),
    "related": Field(ListOf(Ref("items"), unique=True)),
    "added": Field(Day(), doc="Date added to the catalogue"),
    "featured": Field(Bool(), doc="Show on the home page"),
}, title="Pustaka item", check=_check_item)
