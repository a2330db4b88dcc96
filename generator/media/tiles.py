"""Deep-zoom tiles as a static IIIF Image API level-0 service.

The files are laid out exactly as OpenSeadragon's IIIF tile source asks for them
(``{region}/{size}/0/default.jpg``, Image API 2), so any static host or a USB stick
serves them; the viewer gets the info.json as an object embedded in the page, because
browsers refuse to fetch JSON from ``file://``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from PIL import Image

CONTEXT = "http://iiif.io/api/image/2/context.json"
PROFILE = "http://iiif.io/api/image/2/level0.json"


def scale_factors(width: int, height: int, tile: int) -> list[int]:
    """1, 2, 4… up to the first reduction that fits in one tile."""
    factors = [1]
    while math.ceil(width / factors[-1]) >= tile or math.ceil(height / factors[-1]) >= tile:
        factors.append(factors[-1] * 2)
    return factors


def tile_names(width: int, height: int, tile: int, factor: int) -> list[tuple[str, tuple[int, int, int, int]]]:
    """For one reduction: (file path, crop box at that reduction) of every tile, named as
    OpenSeadragon's IIIFTileSource.getTileUrl names them for Image API 2."""
    level_w, level_h = math.ceil(width / factor), math.ceil(height / factor)
    if level_w < tile and level_h < tile:
        size = "full" if level_w == width else f"{level_w},"
        return [(f"full/{size}/0/default.jpg", (0, 0, level_w, level_h))]
    names = []
    span = tile * factor  # a tile's extent in full-size pixels
    for y in range(math.ceil(level_h / tile)):
        for x in range(math.ceil(level_w / tile)):
            rx, ry = x * span, y * span
            rw, rh = min(span, width - rx), min(span, height - ry)
            region = "full" if (x, y) == (0, 0) and (rw, rh) == (width, height) else f"{rx},{ry},{rw},{rh}"
            sw, sh = min(tile, level_w - x * tile), min(tile, level_h - y * tile)
            size = "full" if sw == width else f"{sw},"
            names.append((f"{region}/{size}/0/default.jpg", (x * tile, y * tile, x * tile + sw, y * tile + sh)))
    return names


def info(width: int, height: int, tile: int, ident: str = ".") -> dict[str, Any]:
    return {"@context": CONTEXT, "@id": ident, "protocol": "http://iiif.io/api/image", "width": width,
            "height": height, "profile": [PROFILE],
            "tiles": [{"width": tile, "scaleFactors": scale_factors(width, height, tile)}]}


def make_tiles(im: Image.Image, out_dir: Path, *, tile: int = 512, quality: int = 82) -> dict[str, Any]:
    """Write every tile of ``im`` (upright, sRGB) and info.json under ``out_dir``."""
    width, height = im.size
    level = im
    count = 0
    for factor in scale_factors(width, height, tile):
        if factor > 1:
            level = level.reduce(2)  # ceil(w/2): matches the reduction sizes the viewer computes
        for name, box in tile_names(width, height, tile, factor):
            path = out_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            level.crop(box).save(path, "JPEG", quality=quality)
            count += 1
    description = info(width, height, tile)
    (out_dir / "info.json").write_text(json.dumps(description), encoding="utf-8")
    return {"info": description, "count": count}
