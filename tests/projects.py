"""Small inline Pustaka projects for tests: ``{path: content}`` written into a folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MKDOCS_YML = f"""\
site_name: Perpustakaan Uji
site_url: https://uji.example/perpustakaan/
docs_dir: site_src
theme:
  name: material
  custom_dir: {ROOT / 'theme'}
  language: id
  font: false
plugins:
  - pustaka:
      collection: collection
      today: "2026-11-23"
"""

BRANCH = """\
name: Perpustakaan Pusat
kind: main
address: {street: "Jl. Merdeka 1", city: "Kota Uji"}
hours:
  - {days: mon-fri, opens: "08:00", closes: "16:00"}
"""

ITEM = """\
type: book
title: Hikayat Uji Coba
creators: [Siti Aminah]
date: 1985
subjects: [Sejarah lokal]
copies:
  - {branch: pusat, barcode: "B1", status: available}
"""

SERVICE = """\
name: {id: Peminjaman, en: Loans}
summary: Meminjam buku.
sla:
  completion: {value: 2, unit: business_days}
steps: [Permintaan diterima, Buku disiapkan]
form:
  fields:
    - {name: nama, type: text, label: Nama, required: true}
"""

EVENT = """\
title: Mendongeng Sabtu Pagi
kind: storytelling
start: "2026-12-05 09:00"
end: "2026-12-05 11:00"
branch: pusat
"""


def make_project(root: Path, files: dict[str, str] | None = None, *, base: bool = True) -> Path:
    """Write a project; ``base`` adds a minimal valid collection that ``files`` may override."""
    content: dict[str, str] = {}
    if base:
        content.update({
            "mkdocs.yml": MKDOCS_YML,
            "site_src/index.md": "# Beranda\n\nSelamat datang.\n",
            "site_src/en/index.md": "# Home\n\nWelcome.\n",
            "collection/branches/pusat.yml": BRANCH,
            "collection/items/hikayat-uji.yml": ITEM,
            "collection/services/peminjaman.yml": SERVICE,
            "collection/events/mendongeng.yml": EVENT,
        })
    content.update(files or {})
    for relative, text in content.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            continue
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root
