"""Image derivatives: a thumbnail and a reading-size image, in WebP with a JPEG fallback.

Fast paths first: a JPEG is decoded at the smallest power-of-two reduction that still
covers the reading size (`Image.draft`), so a 40-megapixel scan is never fully decoded
for a 1600-pixel derivative; colour conversion (ICC → sRGB) runs on the small image.
Only images that get deep-zoom tiles are decoded at full size.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .errors import MediaError
from .settings import ImageSettings

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# EXIF orientations that swap width and height.
_TURNED = {5, 6, 7, 8}


def open_checked(source: Path, label: str, max_pixels: int) -> Image.Image:
    """Open an image lazily (header only), refusing bombs and unreadable files."""
    previous = Image.MAX_IMAGE_PIXELS
    # Pillow's own guard would refuse the file without saying its size; ours below does.
    Image.MAX_IMAGE_PIXELS = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(source)
    except UnidentifiedImageError:
        raise MediaError(label, "not an image Pillow can read (unknown format or a damaged header)") from None
    except OSError as exc:
        raise MediaError(label, f"cannot open the image: {exc}") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous
    width, height = im.size
    if width * height > max_pixels:
        im.close()
        raise MediaError(label, _bomb_reason((width, height), max_pixels))
    return im


def _bomb_reason(size: tuple[int, int], max_pixels: int) -> str:
    limit = f"the limit of {max_pixels / 1e6:.0f} megapixels"
    told = f"{size[0]}×{size[1]} pixels ({size[0] * size[1] / 1e6:,.0f} megapixels)"
    return (f"the image declares {told}, more than {limit}: a decompression bomb or a damaged header? "
            f"If the scan is real, raise max_image_pixels in the pustaka plugin's settings")


def fit(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    """``size`` scaled so that its long edge is at most ``long_edge`` (never enlarged)."""
    width, height = size
    scale = min(1.0, long_edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def load_oriented(source: Path, label: str, settings: ImageSettings, *, full: bool
                  ) -> tuple[Image.Image, bytes | None, tuple[int, int], tuple[int, int]]:
    """The image upright in RGB, L or CMYK; its ICC profile (not yet applied: colour
    conversion is cheaper once the image is small); its upright size and decoded size.

    Unless ``full``, a JPEG is decoded at a reduced scale just above the reading size.
    """
    im = open_checked(source, label, settings.max_pixels)
    try:
        orientation = im.getexif().get(274, 1)
    except Exception:  # a broken EXIF block must not cost the scan its derivatives
        orientation = 1
    width, height = im.size
    upright = (height, width) if orientation in _TURNED else (width, height)
    icc = im.info.get("icc_profile")
    try:
        if not full and im.format == "JPEG":
            target = fit(im.size, settings.reading)
            im.draft(im.mode if im.mode in ("RGB", "L", "CMYK") else "RGB", target)
        im.load()
        decoded = im.size
        im = ImageOps.exif_transpose(im)
    except (OSError, SyntaxError, ValueError) as exc:
        raise MediaError(label, f"damaged image data: {exc}") from None
    except Image.DecompressionBombError:
        raise MediaError(label, _bomb_reason(upright, settings.max_pixels)) from None
    return _plain_mode(im), icc, upright, decoded


def _plain_mode(im: Image.Image) -> Image.Image:
    """RGB, L or CMYK: transparency laid over white, 16-bit and palettes reduced."""
    if im.mode in ("RGB", "L", "CMYK"):
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if im.mode in ("1", "F"):
        return im.convert("L")
    if im.mode == "P" and "transparency" not in im.info:
        return im.convert("RGB")
    rgba = im.convert("RGBA")
    page = Image.new("RGB", rgba.size, "white")
    page.paste(rgba, mask=rgba.getchannel("A"))
    return page


def to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "L" if im.mode == "L" and profile.profile.xcolor_space.strip() == "GRAY" else "RGB"
            return ImageCms.profileToProfile(im, profile, SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unusable profile: the pixels are shown as they are, as browsers would
    return im.convert("RGB") if im.mode == "CMYK" else im


def resize(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    if im.size == size:
        return im
    return im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def save_pair(im: Image.Image, out_dir: Path, name: str, settings: ImageSettings) -> dict[str, Any]:
    """Write ``name.webp`` and ``name.jpg``; return their size."""
    im.save(out_dir / f"{name}.webp", "WEBP", quality=settings.webp_quality, method=4)
    im.save(out_dir / f"{name}.jpg", "JPEG", quality=settings.jpeg_quality, progressive=True)
    return {"width": im.width, "height": im.height}


def image_derivatives(source: Path, out_dir: Path, *, label: str, settings: ImageSettings) -> dict[str, Any]:
    """Make ``thumb`` and ``read`` (WebP + JPEG), and tiles for a large image, in ``out_dir``."""
    from .tiles import make_tiles

    probe = open_checked(source, label, settings.max_pixels)
    long_edge = max(probe.size)
    probe.close()
    tiled = bool(settings.tile_from) and long_edge > settings.tile_from
    im, icc, upright, decoded = load_oriented(source, label, settings, full=tiled)
    info: dict[str, Any] = {"kind": "image", "width": upright[0], "height": upright[1],
                            "decoded": list(decoded)}
    if tiled:
        full = to_srgb(im, icc)
        info["tiles"] = make_tiles(full, out_dir / "tiles", tile=settings.tile_size,
                                   quality=settings.jpeg_quality)
        reading = resize(full, fit(full.size, settings.reading))
    else:
        reading = to_srgb(resize(im, fit(im.size, settings.reading)), icc)
    info["read"] = save_pair(reading, out_dir, "read", settings)
    info["thumb"] = save_pair(resize(reading, fit(reading.size, settings.thumb)), out_dir, "thumb", settings)
    return info

