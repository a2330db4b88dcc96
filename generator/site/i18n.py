"""Interface text in Bahasa Indonesia (first) and English.

Record content stays in the language it was written in; only the interface around it
is translated here. Each entry is ``key: (Indonesian, English)``.
"""

from __future__ import annotations

from typing import Any

from ..records.schema import WEEKDAYS
from .urls import LANGUAGES

DEFAULT = "id"

UI: dict[str, tuple[str, str]] = {
    # sections
    "home": ("Beranda", "Home"),
    "catalogue": ("Katalog", "Catalogue"),
    "browse": ("Jelajah", "Browse"),
    "services": ("Layanan", "Services"),
    "branches": ("Lokasi & Jam Buka", "Locations & hours"),
    "events": ("Kegiatan", "Events"),
    "language": ("Bahasa", "Language"),
    "switch_language": ("English", "Bahasa Indonesia"),
    "switch_language_label": ("Read this page in English", "Baca halaman ini dalam Bahasa Indonesia"),
    "main_navigation": ("Navigasi utama", "Main navigation"),
    "breadcrumb": ("Jejak halaman", "Breadcrumb"),
    # item page
    "type": ("Jenis", "Type"),
    "title": ("Judul", "Title"),
    "subtitle": ("Anak judul", "Subtitle"),
    "creators": ("Pengarang", "Creators"),
    "contributors": ("Kontributor", "Contributors"),
    "date": ("Tahun terbit", "Date"),
    "language_field": ("Bahasa", "Language"),
    "subjects": ("Subjek", "Subjects"),
    "description": ("Deskripsi", "Description"),
    "notes": ("Catatan", "Notes"),
    "transcript_file": ("Transkrip", "Transcript"),
    "publisher": ("Penerbit", "Publisher"),
    "place": ("Tempat terbit", "Place"),
    "edition": ("Edisi", "Edition"),
    "collation": ("Kolasi", "Extent"),
    "series": ("Seri", "Series"),
    "institution": ("Institusi", "Institution"),
    "degree": ("Jenjang", "Degree"),
    "journal": ("Terbit dalam", "Published in"),
    "volume": ("Volume", "Volume"),
    "issue": ("Nomor", "Issue"),
    "pages": ("Halaman", "Pages"),
    "identifiers": ("Nomor pengenal", "Identifiers"),
    "rights": ("Hak cipta", "Rights"),
    "access": ("Akses", "Access"),
    "files": ("Berkas digital", "Digital files"),
    "copies": ("Eksemplar", "Copies"),
    "collections": ("Koleksi khusus", "Collections"),
    "accessibility": ("Format aksesibel", "Accessible formats"),
    "related": ("Karya terkait", "Related items"),
    "added": ("Masuk katalog", "Added"),
    "details": ("Keterangan bibliografis", "Bibliographic details"),
    "branch": ("Lokasi", "Location"),
    "call_number": ("Nomor panggil", "Call number"),
    "barcode": ("Kode eksemplar", "Barcode"),
    "status": ("Status", "Status"),
    "no_copies": ("Karya ini tidak memiliki eksemplar fisik.", "This work has no physical copies."),
    "open_file": ("Buka", "Open"),
    "download": ("Unduh", "Download"),
    "status_as_of": ("Status per {date}", "Status as of {date}"),
    "cite": ("Sitasi", "Cite this item"),
    "list_download": ("Sitasi semua karya dalam daftar ini untuk pengelola referensi:",
                      "Citations of every item in this list, for reference managers:"),
    "cite_download": ("Unduh untuk pengelola referensi (Zotero, Mendeley, EndNote):",
                      "Download for reference managers (Zotero, Mendeley, EndNote):"),
    # the citation styles (generator.metadata.citations.STYLES) and what cite.js says
    "cite_apa": ("APA (edisi ke-7)", "APA (7th ed.)"),
    "cite_chicago": ("Chicago (pengarang-tahun)", "Chicago (author-date)"),
    "cite_show": ("Tampilkan sitasi APA dan Chicago", "Show the APA and Chicago citations"),
    "cite_copy": ("Salin", "Copy"),
    "cite_copy_label": ("Salin sitasi {style}", "Copy the {style} citation"),
    "cite_loading": ("Menyiapkan sitasi…", "Preparing the citations…"),
    "cite_failed": ("Sitasi tidak dapat disiapkan di peramban ini. Teks BibTeX dan RIS di bawah tetap dapat dipakai.",
                    "The citations could not be prepared in this browser. The BibTeX and RIS text below still works."),
    "cite_copied": ("Sitasi {style} sudah disalin.", "The {style} citation has been copied."),
    "cite_copy_failed": ("Sitasi {style} tidak dapat disalin otomatis. Teksnya sudah dipilih: tekan Ctrl+C.",
                         "The {style} citation could not be copied automatically. Its text is selected: press Ctrl+C."),
    # browse
    "browse_by": ("Jelajah menurut", "Browse by"),
    "by_type": ("Jenis karya", "Type"),
    "by_subject": ("Subjek", "Subject"),
    "by_creator": ("Pengarang", "Creator"),
    "by_decade": ("Dekade", "Decade"),
    "by_collection": ("Koleksi khusus", "Collection"),
    "by_language": ("Bahasa", "Language"),
    "items_count": ("{n} karya", "{n} items"),
    "page_of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "previous": ("Sebelumnya", "Previous"),
    "next": ("Berikutnya", "Next"),
    "pagination": ("Halaman", "Pages"),
    "all_items": ("Semua karya", "All items"),
    "undated": ("Tanpa tahun", "Undated"),
    # services
    "service_standard": ("Standar pelayanan", "Service standard"),
    "audience": ("Sasaran", "Audience"),
    "requirements": ("Persyaratan", "Requirements"),
    "fee": ("Biaya", "Fee"),
    "product": ("Produk layanan", "What you receive"),
    "sla": ("Jangka waktu", "Service level"),
    "response_time": ("Tanggapan pertama", "First response"),
    "completion_time": ("Penyelesaian", "Completion"),
    "steps": ("Tahapan layanan", "Steps"),
    "step_time": ("Waktu", "Time"),
    "complaints": ("Penanganan pengaduan", "Complaints"),
    "offered_at": ("Tersedia di", "Offered at"),
    "all_branches": ("Semua lokasi", "All locations"),
    "legal_basis": ("Dasar hukum", "Legal basis"),
    "request_form": ("Formulir permintaan", "Request form"),
    "form_fields_note": ("Data yang perlu disiapkan:", "What the request asks for:"),
    "required": ("wajib", "required"),
    "waiting_on_reader": ("jam layanan berhenti selama menunggu pemustaka", "the clock pauses while we wait for you"),
    # branches
    "address": ("Alamat", "Address"),
    "hours": ("Jam buka", "Opening hours"),
    "contacts": ("Kontak", "Contact"),
    "phone": ("Telepon", "Phone"),
    "email": ("Surel", "E-mail"),
    "whatsapp": ("WhatsApp", "WhatsApp"),
    "website": ("Situs web", "Website"),
    "facilities": ("Fasilitas", "Facilities"),
    "services_here": ("Layanan di lokasi ini", "Services here"),
    "stops": ("Jadwal perpustakaan keliling", "Mobile library stops"),
    "stop_place": ("Tempat", "Place"),
    "stop_days": ("Hari", "Days"),
    "stop_time": ("Jam", "Time"),
    "map_link": ("Lihat di peta (OpenStreetMap)", "View on a map (OpenStreetMap)"),
    "closed": ("Tutup", "Closed"),
    "mobile_schedule": ("Perpustakaan keliling", "Mobile library"),
    # events
    "upcoming": ("Akan datang", "Upcoming"),
    "past": ("Sudah berlangsung", "Past"),
    "when": ("Waktu", "When"),
    "where": ("Tempat", "Where"),
    "speakers": ("Narasumber", "Speakers"),
    "capacity": ("Kapasitas", "Capacity"),
    "seats": ("{n} kursi", "{n} seats"),
    "registration": ("Pendaftaran", "Registration"),
    "registration_open": ("Pendaftaran dibuka", "Registration open"),
    "registration_closed": ("Pendaftaran ditutup", "Registration closed"),
    "registration_deadline": ("Batas pendaftaran {date}", "Register by {date}"),
    "add_to_calendar": ("Tambahkan ke kalender", "Add to calendar"),
    "all_events_calendar": ("Semua kegiatan di kalender Anda", "All events in your calendar"),
    "no_upcoming": ("Belum ada kegiatan yang dijadwalkan.", "No events are scheduled yet."),
    # home
    "new_items": ("Koleksi terbaru", "New in the catalogue"),
    "featured": ("Pilihan pustakawan", "Librarians' picks"),
    "our_services": ("Layanan kami", "Our services"),
    "see_all": ("Lihat semua", "See all"),
    "collection_stats": ("{items} karya, {services} layanan, {branches} lokasi", "{items} items, {services} services, {branches} locations"),
}

TYPES: dict[str, tuple[str, str]] = {
    "book": ("Buku", "Book"), "thesis": ("Skripsi / tesis", "Thesis"), "article": ("Artikel", "Article"),
    "periodical": ("Terbitan berkala", "Periodical"), "manuscript": ("Naskah kuno", "Manuscript"),
    "map": ("Peta", "Map"), "photo": ("Foto", "Photograph"), "audio": ("Rekaman suara", "Audio"),
    "video": ("Video", "Video"), "dataset": ("Data", "Dataset"), "other": ("Lainnya", "Other"),
}
ROLES: dict[str, tuple[str, str]] = {
    "author": ("pengarang", "author"), "editor": ("penyunting", "editor"),
    "translator": ("penerjemah", "translator"), "illustrator": ("ilustrator", "illustrator"),
    "photographer": ("fotografer", "photographer"), "compiler": ("penghimpun", "compiler"),
    "supervisor": ("pembimbing", "supervisor"), "creator": ("pencipta", "creator"),
    "narrator": ("narator", "narrator"), "cartographer": ("kartografer", "cartographer"),
    "interviewer": ("pewawancara", "interviewer"), "interviewee": ("narasumber", "interviewee"),
    "publisher": ("penerbit", "publisher"), "other": ("kontributor", "contributor"),
}
ACCESS: dict[str, tuple[str, str]] = {
    "public": ("Terbuka", "Open"), "on-site": ("Baca di tempat", "On site only"),
    "restricted": ("Terbatas", "Restricted"),
}
COPY_STATUS: dict[str, tuple[str, str]] = {
    "available": ("Tersedia", "Available"), "on-loan": ("Dipinjam", "On loan"),
    "reserved": ("Dipesan", "Reserved"), "in-repair": ("Dalam perbaikan", "In repair"),
    "lost": ("Hilang", "Lost"), "reference-only": ("Referensi (tidak dipinjamkan)", "Reference only"),
}
ACCESSIBILITY: dict[str, tuple[str, str]] = {
    "braille": ("Braille", "Braille"), "large-print": ("Cetak besar", "Large print"),
    "audio": ("Buku audio", "Audio book"), "easy-read": ("Mudah dibaca", "Easy read"),
    "captions": ("Teks film", "Captions"), "sign-language": ("Bahasa isyarat", "Sign language"),
}
FACILITIES: dict[str, tuple[str, str]] = {
    "ramp": ("Jalur landai kursi roda", "Wheelchair ramp"), "braille": ("Koleksi braille", "Braille collection"),
    "quiet-room": ("Ruang tenang", "Quiet room"), "children-corner": ("Pojok anak", "Children's corner"),
    "wifi": ("Wi-Fi gratis", "Free Wi-Fi"), "computers": ("Komputer umum", "Public computers"),
    "accessible-toilet": ("Toilet ramah disabilitas", "Accessible toilet"), "parking": ("Parkir", "Parking"),
    "prayer-room": ("Musala", "Prayer room"), "lift": ("Lift", "Lift"),
    "audio-books": ("Buku audio", "Audio books"), "reading-room": ("Ruang baca", "Reading room"),
    "cafe": ("Kantin", "Café"), "meeting-room": ("Ruang pertemuan", "Meeting room"),
    "lockers": ("Loker", "Lockers"), "photocopy": ("Fotokopi", "Photocopying"),
}
BRANCH_KINDS: dict[str, tuple[str, str]] = {
    "main": ("Perpustakaan pusat", "Central library"), "branch": ("Perpustakaan cabang", "Branch library"),
    "reading-corner": ("Pojok baca", "Reading corner"), "mobile": ("Perpustakaan keliling", "Mobile library"),
}
EVENT_KINDS: dict[str, tuple[str, str]] = {
    "workshop": ("Lokakarya", "Workshop"), "seminar": ("Seminar", "Seminar"),
    "storytelling": ("Mendongeng", "Storytelling"), "book-discussion": ("Bedah buku", "Book discussion"),
    "school-visit": ("Kunjungan sekolah", "School visit"), "exhibition": ("Pameran", "Exhibition"),
    "training": ("Pelatihan", "Training"), "competition": ("Lomba", "Competition"), "other": ("Kegiatan", "Event"),
}
SERVICE_CATEGORIES: dict[str, tuple[str, str]] = {
    "circulation": ("Sirkulasi", "Circulation"), "reference": ("Referensi", "Reference"),
    "research": ("Layanan riset", "Research services"), "literacy": ("Literasi informasi", "Information literacy"),
    "membership": ("Keanggotaan", "Membership"), "other": ("Layanan lain", "Other services"),
}
UNITS: dict[str, tuple[str, str]] = {
    "hours": ("{n} jam", "{n} hours"), "business_hours": ("{n} jam kerja", "{n} working hours"),
    "days": ("{n} hari", "{n} days"), "business_days": ("{n} hari kerja", "{n} working days"),
}
DAYS: dict[str, tuple[str, str]] = {
    "mon": ("Senin", "Monday"), "tue": ("Selasa", "Tuesday"), "wed": ("Rabu", "Wednesday"),
    "thu": ("Kamis", "Thursday"), "fri": ("Jumat", "Friday"), "sat": ("Sabtu", "Saturday"),
    "sun": ("Minggu", "Sunday"),
}
MONTHS = (("Januari", "January"), ("Februari", "February"), ("Maret", "March"), ("April", "April"),
          ("Mei", "May"), ("Juni", "June"), ("Juli", "July"), ("Agustus", "August"),
          ("September", "September"), ("Oktober", "October"), ("November", "November"),
          ("Desember", "December"))
# Names of the languages a catalogue is likely to hold, in both interface languages.
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "id": ("Indonesia", "Indonesian"), "en": ("Inggris", "English"), "jv": ("Jawa", "Javanese"),
    "su": ("Sunda", "Sundanese"), "ban": ("Bali", "Balinese"), "mad": ("Madura", "Madurese"),
    "bug": ("Bugis", "Buginese"), "min": ("Minangkabau", "Minangkabau"), "ms": ("Melayu", "Malay"),
    "nl": ("Belanda", "Dutch"), "ar": ("Arab", "Arabic"), "zh": ("Tionghoa", "Chinese"),
    "mak": ("Makassar", "Makasar"), "ace": ("Aceh", "Acehnese"), "bjn": ("Banjar", "Banjarese"),
    "tsg": ("Tausug", "Tausug"), "mfa": ("Melayu Manado", "Manado Malay"), "tby": ("Tabaru", "Tabaru"),
    "sxn": ("Sangir", "Sangir"), "txs": ("Tonsea", "Tonsea"), "tdn": ("Tondano", "Tondano"), "tom": ("Tombulu", "Tombulu"),
    "xmm": ("Melayu Manado", "Manado Malay"), "kaw": ("Jawa Kuno", "Old Javanese"), "pt": ("Portugis", "Portuguese"),
    "ja": ("Jepang", "Japanese"), "de": ("Jerman", "German"), "fr": ("Prancis", "French"),
}

# What a search result is when it is not a catalogue record (search/__init__.py).
PAGE_KINDS: dict[str, tuple[str, str]] = {
    "service": ("Layanan", "Service"), "branch": ("Lokasi", "Location"), "event": ("Kegiatan", "Event"),
    "page": ("Halaman", "Page"),
}

TABLES = {"type": TYPES, "role": ROLES, "access": ACCESS, "copy_status": COPY_STATUS,
          "accessibility": ACCESSIBILITY, "facility": FACILITIES, "branch_kind": BRANCH_KINDS,
          "event_kind": EVENT_KINDS, "service_category": SERVICE_CATEGORIES, "day": DAYS,
          "language": LANGUAGE_NAMES, "page_kind": PAGE_KINDS}


class Translator:
    """Interface strings and value labels in one language."""

    def __init__(self, lang: str) -> None:
        assert lang in LANGUAGES, f"unknown interface language {lang!r}"
        self.lang = lang
        self.index = LANGUAGES.index(lang)

    def __call__(self, key: str, **values: Any) -> str:
        text = UI[key][self.index]
        return text.format(**values) if values else text

    def label(self, table: str, value: str) -> str:
        """The reader-facing label of a coded value, e.g. ``label("type", "thesis")``."""
        entry = TABLES[table].get(value)
        return entry[self.index] if entry else value

    def text(self, value: dict[str, str] | str | None) -> str:
        """Localised record text: this language's version, else the other one."""
        if not value:  # None, or Jinja's Undefined for a field the record leaves out
            return ""
        if isinstance(value, str):
            return value
        return value.get(self.lang) or value.get(DEFAULT) or next(iter(value.values()), "")

    def duration(self, duration: dict | None) -> str:
        if not duration:
            return ""
        return UNITS[duration["unit"]][self.index].format(n=duration["value"])

    def days(self, days: tuple[str, ...] | list[str]) -> str:
        """``("mon", …, "fri")`` → ``Senin–Jumat``; scattered days are listed."""
        positions = [WEEKDAYS.index(d) for d in days]
        if len(days) > 2 and positions == list(range(positions[0], positions[0] + len(days))):
            return f"{self.label('day', days[0])}–{self.label('day', days[-1])}"
        return ", ".join(self.label("day", d) for d in days)

    def date(self, value: Any) -> str:
        """A calendar date or datetime, written the way readers of this language write it."""
        import datetime as dt

        if isinstance(value, dt.datetime):
            return f"{self.date(value.date())}, {value:%H.%M}" if self.lang == "id" else f"{self.date(value.date())}, {value:%H:%M}"
        if isinstance(value, dt.date):
            month = MONTHS[value.month - 1][self.index]
            return f"{value.day} {month} {value.year}"
        return str(value)
