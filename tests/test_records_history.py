"""Datestamps that follow edits and deletions that are announced: from git, or from the ledger."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from lxml import etree

from generator.oai.app import Repository
from generator.records.history import LEDGER, record_history

from .projects import MKDOCS_YML, make_project
from .test_oai import OAI, assert_valid

TODAY = dt.date.today()


def _git(project: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Pustakawan", "GIT_AUTHOR_EMAIL": "p@uji.example",
           "GIT_COMMITTER_NAME": "Pustakawan", "GIT_COMMITTER_EMAIL": "p@uji.example"}
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T10:00:00+07:00", GIT_COMMITTER_DATE=f"{date}T10:00:00+07:00")
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=env)


def test_git_history_dates_each_record_and_each_removal(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/satu.yml": "type: book\ntitle: Satu\n",
                            "collection/items/dua.yml": "type: book\ntitle: Dua\n"})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "awal", date="2025-01-10")
    (tmp_path / "collection/items/satu.yml").write_text("type: book\ntitle: Satu (edisi revisi)\n")
    _git(tmp_path, "commit", "-qam", "judul", date="2026-03-05")
    _git(tmp_path, "rm", "-q", "collection/items/dua.yml")
    _git(tmp_path, "commit", "-qm", "hapus", date="2026-04-01")
    present = {"items/satu": "a", "items/hikayat-uji": "b", "services/peminjaman": "c", "branches/pusat": "d",
               "events/mendongeng": "e"}
    history = record_history(tmp_path / "collection", present, today=TODAY)
    assert history.source == "git"
    assert history.changed["items/satu"] == dt.date(2026, 3, 5)
    assert history.changed["items/hikayat-uji"] == dt.date(2025, 1, 10)
    assert history.deleted == {"items/dua": dt.date(2026, 4, 1)}
    # An edit not committed yet changed today; the ledger is not written in a git repository.
    (tmp_path / "collection/items/hikayat-uji.yml").write_text("type: book\ntitle: Hikayat\n")
    history = record_history(tmp_path / "collection", present, today=TODAY)
    assert history.changed["items/hikayat-uji"] == TODAY
    assert not (tmp_path / "collection" / LEDGER).exists()


def _build(project: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--site-dir", "out"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return project / "out"


def _oai(site: Path, **params: str) -> etree._Element:
    repository = Repository(site / "data/catalogue.json")
    xml = repository.respond({k: [v] for k, v in params.items()}, "https://uji.example/oai")
    return assert_valid(xml)


def test_an_edit_moves_the_datestamp_and_a_removal_is_a_deleted_record(tmp_path: Path) -> None:
    make_project(tmp_path, {"mkdocs.yml": MKDOCS_YML + "      admin_email: pustakawan@uji.example\n",
                            "collection/items/lama.yml": "type: book\ntitle: Buku Lama\nadded: 2024-05-01\n",
                            "collection/items/tetap.yml": "type: book\ntitle: Tidak Berubah\nadded: 2024-05-03\n",
                            "collection/items/hapus.yml": "type: book\ntitle: Akan Dihapus\nadded: 2024-05-02\n"})
    site = _build(tmp_path)
    ledger = (tmp_path / "collection" / LEDGER).read_text()
    assert '"items/lama"' in ledger and "2024-05-01" in ledger
    first = _oai(site, verb="GetRecord", identifier="oai:uji.example:lama", metadataPrefix="oai_dc")
    assert first.find(f".//{OAI}datestamp").text == "2024-05-01"

    (tmp_path / "collection/items/lama.yml").write_text("type: book\ntitle: Buku Lama, Edisi Baru\nadded: 2024-05-01\n")
    (tmp_path / "collection/items/hapus.yml").unlink()
    site = _build(tmp_path)
    edited = _oai(site, verb="ListRecords", metadataPrefix="oai_dc", **{"from": TODAY.isoformat()})
    headers = {h.find(f"{OAI}identifier").text: h for h in edited.iter(f"{OAI}header")}
    assert headers["oai:uji.example:lama"].find(f"{OAI}datestamp").text == TODAY.isoformat()
    assert headers["oai:uji.example:hapus"].get("status") == "deleted"
    assert "oai:uji.example:tetap" not in headers  # unchanged since it was first seen
    gone = _oai(site, verb="GetRecord", identifier="oai:uji.example:hapus", metadataPrefix="oai_dc")
    assert gone.find(f".//{OAI}header").get("status") == "deleted" and gone.find(f".//{OAI}metadata") is None
    identify = _oai(site, verb="Identify")
    assert identify.find(f".//{OAI}deletedRecord").text == "persistent"
