"""Full text of digitized items: the extractors, OCR, the cache and the sharded index."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.fulltext import extract_fulltext, ocr as ocr_module, write_fulltext
from generator.fulltext.extract import pdf_segments, transcript_segments, vtt_segments
from generator.fulltext.index import BLOCK, FOLDER, split_by_range, terms_of
from generator.fulltext.ocr import Ocr, confident_text, find_ocr
from generator.media.errors import MediaError
from generator.search.stemmer import stem_id

from .conftest import ROOT

MEDIA = ROOT / "collection" / "media"
SCAN = "lembaran-daerah-1977-hlm-017.jpg"
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is not installed (scripts/test installs it)")


def test_pdf_text_layer_is_read_page_by_page() -> None:
    pages = pdf_segments(MEDIA / "laporan-tahunan-2025.pdf", label="x.pdf", ocr=None)
    assert [where for where, _ in pages] == [1, 2, 3, 4, 5]
    assert "sistem pemesanan jam pemakaian" in pages[3][1]
    assert "pemesanan" not in pages[1][1]
    assert "61.480 kunjungan" in pages[1][1]


def test_a_pdf_of_page_images_has_no_text_without_ocr() -> None:
    assert pdf_segments(MEDIA / "warta-kota-2026-06.pdf", label="x.pdf", ocr=None) == []


def test_a_broken_pdf_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(MediaError, match="rusak.pdf: not a PDF"):
        pdf_segments(bad, label="collection/media/rusak.pdf", ocr=None)


def test_vtt_cues_keep_their_start_times_and_speakers() -> None:
    cues = vtt_segments(MEDIA / "wawancara-nelayan-2019.vtt", label="x.vtt")
    assert [start for start, _ in cues] == [0, 2, 3.2, 5]
    assert cues[2][1] == "Narasumber: Umur dua belas, ikut papa pakai perahu londe."
    assert not any("<" in text for _, text in cues)


def test_a_file_that_is_not_webvtt_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "teks.vtt"
    bad.write_text("1\n00:00:01,000 --> 00:00:02,000\nSRT, not WebVTT\n", encoding="utf-8")
    with pytest.raises(MediaError, match="teks.vtt: not a WebVTT file"):
        vtt_segments(bad, label="collection/media/teks.vtt")


def test_transcript_paragraphs_lose_their_markdown() -> None:
    paragraphs = transcript_segments(MEDIA / "rekaman-masamper-1984-transkrip.md", label="x.md")
    assert paragraphs[0] == [1, "Transkrip: Masamper, lomba paduan suara antarjemaat 1984"]
    speaker = next(text for _, text in paragraphs if "Selamat malam" in text)
    assert speaker.startswith("Penyiar: Selamat malam") and "*" not in speaker


def test_confident_text_drops_unsure_words_and_noise_pages() -> None:
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    row = "5\t1\t1\t1\t{line}\t{n}\t0\t0\t1\t1\t{conf}\t{word}\n"
    good = "".join(row.format(line=1 + n // 3, n=n, conf=95, word=w)
                   for n, w in enumerate("Pasal satu peraturan daerah kotamadya ini".split()))
    assert confident_text(head + good + row.format(line=9, n=0, conf=12, word="xq~")) == \
        "Pasal satu peraturan daerah kotamadya ini"
    noise = "".join(row.format(line=1, n=n, conf=40, word="ii") for n in range(20))
    assert confident_text(head + noise + good[:200]) == ""  # a photo: most words unsure


@needs_tesseract
def test_ocr_reads_the_typed_gazette_scan() -> None:
    from generator.fulltext.extract import image_segments

    engine = find_ocr()
    assert engine is not None and "ind" in engine.installed
    [[page, text]] = image_segments(MEDIA / SCAN, label=SCAN, ocr=engine, languages="ind")
    assert page == 1
    assert "Walikotamadya" in text and "PERPUSTAKAAN UMUM" in text


def test_without_tesseract_the_build_warns_once_and_skips_ocr(monkeypatch, caplog, tmp_path: Path) -> None:
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(ocr_module, "_warned", False)
    collection = _collection({"lembaran": [SCAN], "laporan": ["laporan-tahunan-2025.pdf"]})
    with caplog.at_level(logging.WARNING):
        first = extract_fulltext(collection, MEDIA.parent, tmp_path)
        second = extract_fulltext(collection, MEDIA.parent, tmp_path)
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
    assert "Tesseract is not installed" in caplog.records[0].message
    assert list(first.items) == list(second.items) == ["laporan"]  # the text layer needs no OCR


@needs_tesseract
def test_ocr_runs_once_per_file_content(monkeypatch, tmp_path: Path) -> None:
    calls = []
    read = Ocr.read
    monkeypatch.setattr(Ocr, "read", lambda self, image, languages=None: calls.append(1) or read(self, image, languages))
    media = tmp_path / "collection" / "media"
    media.mkdir(parents=True)
    shutil.copy(MEDIA / SCAN, media / SCAN)
    collection = _collection({"lembaran": [SCAN]})
    cache = tmp_path / "cache"
    # A build without OCR leaves nothing in the cache that would stop a later one from reading the scan.
    assert extract_fulltext(collection, media.parent, cache, ocr=False).items == {}
    first = extract_fulltext(collection, media.parent, cache)
    assert len(calls) == 1 and first.ocr_pages == 1 and first.read == 1
    second = extract_fulltext(collection, media.parent, cache)
    assert len(calls) == 1 and second.cached == 1 and second.read == 0  # no OCR the second time
    assert second.items == first.items
    # A changed scan is read again.
    from PIL import Image
    with Image.open(media / SCAN) as im:
        im.rotate(180).save(media / SCAN, quality=60)
    third = extract_fulltext(collection, media.parent, cache)
    assert len(calls) == 2 and third.read == 1


def test_terms_are_stemmed_as_the_catalogue_stems_them() -> None:
    assert terms_of("Perpustakaan-perpustakaan yang MEMBACA, (dibaca)") == \
        [stem_id("perpustakaan"), stem_id("perpustakaan"), stem_id("membaca"), stem_id("dibaca")]


def test_shards_stay_small_and_each_term_is_found_by_its_first_terms() -> None:
    sizes = {f"ka{chr(97 + i)}{j}": 900 for i in range(26) for j in range(20)}
    sizes.update({"kota": 50_000, "k": 10, "ba": 10, "baca": 30})
    shards = split_by_range(sizes, limit=20_000)
    firsts = [first for first, _ in shards]
    assert firsts == sorted(firsts)
    for first, terms in shards:
        assert sum(sizes[t] for t in terms) <= 20_000 or len(terms) == 1
        for term in terms:  # the browser's rule finds each term where it was put
            assert max(f for f in firsts if f <= term) == first
    assert sorted(t for _, terms in shards for t in terms) == sorted(sizes)
    assert len(shards) <= 2 + sum(sizes.values()) // 20_000 * 2  # runs are filled, not scattered


def test_index_postings_point_to_record_and_page(tmp_path: Path) -> None:
    pages = [[n, f"halaman {n} tentang nelayan"] for n in range(1, 8)] + [[8, "pelelangan ikan dan nelayan"]]
    written = write_fulltext(tmp_path, {"laporan": [[2, "pdf", pages]], "foto": [[1, "image", [[1, "nelayan"]]]]},
                             {"foto": 3, "laporan": 7})
    folder = tmp_path / FOLDER
    data = {}
    for path in folder.glob("*.js"):
        match = re.fullmatch(r'PustakaFulltext\.register\("([^"]+)",(.*)\);\n', path.read_text(encoding="utf-8"), re.S)
        data[match.group(1)] = json.loads(match.group(2))
    shards = [data[f"s-{n}"] for n in range(written.shards)]
    postings = {term: rows for shard in shards for term, rows in shard.items()}
    assert postings[stem_id("pelelangan")] == [[7, 1, 7]]  # record 7, once, segment 7 (page 8)
    assert [row[:2] for row in postings["nelayan"]] == [[3, 1], [7, 8]]
    assert len(postings["nelayan"][1]) == 2 + 3  # at most three segments per record
    assert data["t-7-0"]["segs"][0] == [2, "pdf", 1, "halaman 1 tentang nelayan"]
    assert data["t-7-0"]["id"] == "laporan" and data["t-7-0"]["first"] == 0
    last = data[f"t-7-{(len(pages) - 1) // BLOCK}"]  # the block of segment 7 (page 8), where the posting points
    assert last["segs"][7 - last["first"]] == [2, "pdf", 8, "pelelangan ikan dan nelayan"]
    assert data["meta"]["records"] == 2


def _collection(files: dict[str, list[str]]) -> SimpleNamespace:
    return SimpleNamespace(items={item: {"language": ["id"], "files": [{"path": f"media/{f}"} for f in names]}
                                  for item, names in files.items()})


def test_an_unchanged_index_is_copied_from_the_cache(tmp_path: Path) -> None:
    from generator.fulltext import FullText, write_fulltext_cached

    text = FullText(items={"laporan": [[1, "pdf", [[1, "nelayan"]]]]}, keys=["laporan|1|abc"])
    assert write_fulltext_cached(tmp_path / "a", text, {"laporan": 0}, tmp_path / "cache") is not None
    assert write_fulltext_cached(tmp_path / "b", text, {"laporan": 0}, tmp_path / "cache") is None  # copied
    assert sorted(p.name for p in (tmp_path / "b" / FOLDER).iterdir()) == \
        sorted(p.name for p in (tmp_path / "a" / FOLDER).iterdir())
    text.keys = ["laporan|1|def"]  # a changed file
    assert write_fulltext_cached(tmp_path / "c", text, {"laporan": 0}, tmp_path / "cache") is not None


def test_captions_and_transcripts_of_the_wrong_kind_are_located(tmp_path: Path) -> None:
    from generator.exceptions import ValidationFailed
    from generator.records import load_collection

    from .projects import make_project

    make_project(tmp_path, {"collection/items/r.yml": (
        "type: audio\ntitle: Rekaman\nfiles:\n"
        "  - path: media/r.wav\n    captions: media/r.srt\n    transcript: media/r.docx\n")})
    for name in ("r.wav", "r.srt", "r.docx"):
        (tmp_path / "collection/media" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "collection/media" / name).write_bytes(b"x")
    with pytest.raises(ValidationFailed) as info:
        load_collection(tmp_path / "collection", project_dir=tmp_path)
    found = [str(p) for p in info.value.problems]
    assert found == [
        'collection/items/r.yml:5:15: files[0].captions: expected a path relative to the collection folder to a '
        'WebVTT file of captions (.vtt), such as media/captions.vtt, got "media/r.srt"',
        'collection/items/r.yml:6:17: files[0].transcript: expected a path relative to the collection folder to a '
        'text, Markdown or PDF transcript (.txt, .md, .markdown, .pdf), such as media/transcript.txt, '
        'got "media/r.docx"',
    ]
