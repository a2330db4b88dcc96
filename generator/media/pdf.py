"""PDFs: a cover thumbnail from the first page, the page count, and page images.

Page images make a reader that works everywhere: phones often have no built-in PDF
viewer, and a USB stick offers no PDF.js. Rendering uses PDFium (pypdfium2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import MediaError
from .images import fit, resize, save_pair
from .settings import ImageSettings, PdfSettings


def pdf_derivatives(source: Path, out_dir: Path, *, label: str, images: ImageSettings,
                    settings: PdfSettings) -> dict[str, Any]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(source))
    except pdfium.PdfiumError as exc:
        raise MediaError(label, f"not a PDF PDFium can read ({exc})") from None
    try:
        count = len(document)
        if count == 0:
            raise MediaError(label, "the PDF has no pages")
        pages = []
        (out_dir / "pages").mkdir(parents=True, exist_ok=True)
        for number in range(min(count, settings.max_pages)):
            page = document[number]
            try:
                width_pt, _ = page.get_size()
                bitmap = page.render(scale=settings.page_width / width_pt)
                im = bitmap.to_pil().convert("RGB")
            except pdfium.PdfiumError as exc:
                raise MediaError(label, f"page {number + 1} cannot be rendered ({exc})") from None
            finally:
                page.close()
            pages.append(save_pair(im, out_dir / "pages", f"{number + 1:04d}", images))
            if number == 0:
                thumb = save_pair(resize(im, fit(im.size, images.thumb)), out_dir, "thumb", images)
    finally:
        document.close()
    return {"kind": "pdf", "pages": count, "page_images": pages, "thumb": thumb}
