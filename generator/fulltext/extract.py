"""Extracting the text inside digitized files, one segment per place a reader can open.

A segment is ``[where, text]``: ``where`` is a page number (PDF pages, scanned images,
1-based) or a start time in seconds (caption cues), or a paragraph number (transcripts).
Each extractor reads one file and knows nothing of records, caches or the index.

- PDF pages: the text layer, through PDFium (pypdfium2); a page without one (a scan saved
  as PDF) is rendered and read by OCR, when OCR is available.
- WebVTT captions: one segment per cue, through webvtt-py.
- Transcripts (``.txt``, ``.md``): one segment per paragraph, Markdown markup removed.
- Images: OCR with Tesseract; words it is unsure of are dropped (see `ocr.py`).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Callable

from ..media.errors import MediaError
from ..media.process import caption_cues
from .ocr import Ocr

Segment = list  # [where: int | float, text: str]

#: A PDF page with fewer letters than this in its text layer is taken for a scan.
MIN_LAYER_LETTERS = 20
#: PDF pages read at most (the reader shows as many; media/settings.PdfSettings.max_pages).
MAX_PAGES = 400
#: Scale at which a PDF page without text is rendered for OCR (300 dpi; 72 pt per inch).
OCR_SCALE = 300 / 72

#: Longest edge of a scanned image given to OCR (about 300 dpi for an A4 page).
OCR_MAX_EDGE = 3000
#: Held while PDFium is used: its library is not thread-safe, and extraction runs in threads.
PDFIUM = threading.Lock()

_SPACE = re.compile(r"\s+")
_MARKDOWN = re.compile(r"<[^>]+>|!?\[([^\]]*)\]\([^)]*\)|^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+|[*_`]+", re.M)


def clean(text: str) -> str:
    # PDF text layers end lines with \r\n and hyphenate at line ends: "pelabu-\r\nhan".
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text.replace("\r", ""))
    return _SPACE.sub(" ", text.replace("\x00", "")).strip()


def pdf_segments(source: Path, *, label: str, ocr: Ocr | None, languages: str | None = None) -> list[Segment]:
    """One segment per page of a PDF that has text: its text layer, else OCR of its image."""
    import pypdfium2 as pdfium

    with PDFIUM:
        try:
            document = pdfium.PdfDocument(str(source))
        except pdfium.PdfiumError as exc:
            raise MediaError(label, f"not a PDF PDFium can read ({exc})") from None
    segments = []
    try:
        for number in range(min(len(document), MAX_PAGES)):
            image = None
            with PDFIUM:  # PDFium is not thread-safe; OCR (the slow part) runs outside the lock
                page = document[number]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = clean(textpage.get_text_range())
                    finally:
                        textpage.close()
                    if sum(c.isalpha() for c in text) < MIN_LAYER_LETTERS and ocr is not None:
                        image = page.render(scale=OCR_SCALE, grayscale=True).to_pil()
                except pdfium.PdfiumError as exc:
                    raise MediaError(label, f"page {number + 1} cannot be read ({exc})") from None
                finally:
                    page.close()
            if image is not None:
                text = ocr.read(image, languages)
            if text:
                segments.append([number + 1, text])
    finally:
        with PDFIUM:
            document.close()
    return segments


def vtt_segments(source: Path, *, label: str, **_) -> list[Segment]:
    """One segment per caption cue, at its start time in seconds (to the millisecond)."""
    return [[int(cue["begin"]) if cue["begin"] == int(cue["begin"]) else cue["begin"], clean(cue["text"])]
            for cue in caption_cues(source, label=label) if clean(cue["text"])]


def transcript_segments(source: Path, *, label: str, **_) -> list[Segment]:
    """One segment per paragraph (blank-line separated) of a text or Markdown transcript."""
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MediaError(label, "a transcript must be UTF-8 text") from None
    except OSError as exc:
        raise MediaError(label, f"cannot read the file: {exc.strerror or exc}") from None
    paragraphs = [clean(_MARKDOWN.sub(lambda m: m.group(1) or " ", block))
                  for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return [[number, paragraph] for number, paragraph in enumerate(filter(None, paragraphs), 1)]


def image_segments(source: Path, *, label: str, ocr: Ocr | None, languages: str | None = None) -> list[Segment]:
    """The words OCR reads with confidence on a scanned image, as page 1 of that file."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(source) as im:
            im.seek(0)  # the first page of a multi-page TIFF
            image = ImageOps.exif_transpose(im).convert("L")
    except (UnidentifiedImageError, OSError) as exc:
        raise MediaError(label, f"not an image Pillow can read ({exc})") from None
    if max(image.size) > OCR_MAX_EDGE:  # a 4000-pixel map reads no better, only slower
        image.thumbnail((OCR_MAX_EDGE, OCR_MAX_EDGE))
    text = ocr.read(image, languages)
    return [[1, text]] if text else []


#: How each kind of file is read: the extension decides (case-insensitive).
TEXT_KINDS = {"pdf": "pdf", "vtt": "vtt", "txt": "transcript", "md": "transcript", "markdown": "transcript"}


def text_kind(path: str, media_kind: str) -> str | None:
    """``pdf``, ``vtt``, ``transcript`` or ``image`` (for OCR); None: a file with no text to read."""
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if ext in TEXT_KINDS:
        return TEXT_KINDS[ext]
    return "image" if media_kind == "image" else None


def extractor(kind: str) -> Callable[..., list[Segment]]:
    return {"pdf": pdf_segments, "vtt": vtt_segments, "transcript": transcript_segments,
            "image": image_segments}[kind]
