"""What media processing is asked to do: plain settings, importable without Pillow or
pdfium (a build that finds every derivative made already never loads them)."""

from __future__ import annotations

from dataclasses import dataclass

#: The image formats made into derivatives (file extensions, lower case).
EXTENSIONS = {"jpg", "jpeg", "jpe", "png", "tif", "tiff", "webp", "gif", "bmp"}


@dataclass(frozen=True)
class ImageSettings:
    thumb: int = 320  # long edge of the thumbnail, in pixels
    reading: int = 1600  # long edge of the reading-size image
    webp_quality: int = 80
    jpeg_quality: int = 82
    max_pixels: int = 250_000_000  # larger images are refused (decompression bombs)
    tile_from: int = 2500  # images with a longer edge than this get deep-zoom tiles; 0: never
    tile_size: int = 512


@dataclass(frozen=True)
class PdfSettings:
    page_width: int = 1100  # width of a page image in the reader, in pixels
    max_pages: int = 400  # pages beyond this are left to the download
