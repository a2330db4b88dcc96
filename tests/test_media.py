"""Media processing: derivatives, draft decoding, colour, cache, bad files, and the build."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from generator.media import MediaError, MediaSettings, place, process_media
from generator.media.images import ImageSettings, image_derivatives
from generator.media.pdf import PdfSettings, pdf_derivatives
from generator.media.tiles import scale_factors, tile_names

from .projects import make_project

ROOT = Path(__file__).resolve().parent.parent
NO_TILES = ImageSettings(tile_from=0)


def scan(path: Path, size: tuple[int, int], *, exif_orientation: int | None = None, icc: bytes | None = None,
         mode: str = "RGB") -> Path:
    """A synthetic scan: a gradient with a dark block in the top-left corner."""
    width, height = size
    im = Image.linear_gradient("L").resize(size).convert(mode) if mode != "RGB" else \
        Image.merge("RGB", [Image.linear_gradient("L").resize(size)] * 2 + [Image.new("L", size, 90)])
    im.paste((0,) * len(im.getbands()), (0, 0, width // 4, height // 4))
    kwargs = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[274] = exif_orientation
        kwargs["exif"] = exif.tobytes()
    if icc:
        kwargs["icc_profile"] = icc
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, quality=90, **kwargs)
    return path


def png_bomb(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A tiny PNG whose header declares a huge image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))
    return path


# -- derivatives -----------------------------------------------------------------------

def test_derivatives_are_webp_and_jpeg_at_two_sizes(tmp_path: Path) -> None:
    source = scan(tmp_path / "a.jpg", (3000, 2000))
    out = tmp_path / "out"
    out.mkdir()
    info = image_derivatives(source, out, label="collection/a.jpg", settings=NO_TILES)
    assert (info["width"], info["height"]) == (3000, 2000)
    assert info["read"] == {"width": 1600, "height": 1067}
    assert info["thumb"] == {"width": 320, "height": 213}
    for name, size in (("read", (1600, 1067)), ("thumb", (320, 213))):
        with Image.open(out / f"{name}.webp") as webp, Image.open(out / f"{name}.jpg") as jpeg:
            assert (webp.format, webp.size) == ("WEBP", size)
            assert (jpeg.format, jpeg.size, jpeg.mode) == ("JPEG", size, "RGB")
    assert "tiles" not in info


def test_small_images_are_not_enlarged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    info = image_derivatives(scan(tmp_path / "kecil.png", (300, 200)), out, label="kecil.png", settings=NO_TILES)
    assert info["read"] == {"width": 300, "height": 200} and info["thumb"] == {"width": 300, "height": 200}


def test_big_jpeg_is_decoded_at_a_reduced_scale(tmp_path: Path) -> None:
    source = scan(tmp_path / "besar.jpg", (6400, 4800))
    out = tmp_path / "out"
    out.mkdir()
    info = image_derivatives(source, out, label="besar.jpg", settings=NO_TILES)
    # JPEG draft mode: 1/4 scale (1600×1200) covers the 1600-pixel reading size; 30 MP never decoded
    assert info["decoded"] == [1600, 1200]
    assert info["read"] == {"width": 1600, "height": 1200}


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    # stored landscape, EXIF says "rotate 90° clockwise to show": the reader sees a portrait page
    source = scan(tmp_path / "miring.jpg", (2000, 1000), exif_orientation=6)
    out = tmp_path / "out"
    out.mkdir()
    info = image_derivatives(source, out, label="miring.jpg", settings=NO_TILES)
    assert (info["width"], info["height"]) == (1000, 2000)
    with Image.open(out / "read.jpg") as im:
        assert im.size == (800, 1600)
        assert not im.getexif().get(274)  # upright pixels, no orientation left for browsers to apply twice
        # the dark block of the stored top-left corner is now at the top right
        assert sum(im.getpixel((im.width - 20, 20))) < 60 and sum(im.getpixel((20, 20))) > 60


A98 = Path("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc")


@pytest.mark.skipif(not A98.exists(), reason="no Adobe RGB profile: scripts/test installs Debian's icc-profiles-free")
def test_icc_profile_is_converted_to_srgb(tmp_path: Path) -> None:
    source = tmp_path / "adobe.jpg"
    Image.new("RGB", (400, 300), (40, 160, 60)).save(source, quality=95, icc_profile=A98.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    image_derivatives(source, out, label="adobe.jpg", settings=NO_TILES)
    expected = ImageCms.profileToProfile(Image.new("RGB", (1, 1), (40, 160, 60)), str(A98),
                                         ImageCms.createProfile("sRGB")).getpixel((0, 0))
    with Image.open(out / "read.jpg") as im:
        assert "icc_profile" not in im.info
        got = im.getpixel((200, 150))
    assert all(abs(a - b) <= 4 for a, b in zip(got, expected)), (got, expected)
    assert abs(got[1] - 160) > 10 or abs(got[0] - 40) > 10  # the conversion did change the colour


def test_sixteen_bit_grey_tiff_and_transparent_png(tmp_path: Path) -> None:
    grey = tmp_path / "abu.tif"
    Image.linear_gradient("L").resize((600, 800)).convert("I;16").save(grey)
    clear = tmp_path / "bening.png"
    Image.new("RGBA", (500, 400), (255, 0, 0, 0)).save(clear)
    for source in (grey, clear):
        out = tmp_path / source.stem
        out.mkdir()
        info = image_derivatives(source, out, label=source.name, settings=NO_TILES)
        assert info["read"]["width"] in (600, 500)
    with Image.open(tmp_path / "bening/read.jpg") as im:
        assert im.getpixel((10, 10)) == (255, 255, 255)  # transparency laid over white


# -- tiles ------------------------------------------------------------------------------

def test_tiles_follow_the_iiif_level0_layout(tmp_path: Path) -> None:
    source = scan(tmp_path / "peta.jpg", (3000, 2000))
    out = tmp_path / "out"
    out.mkdir()
    info = image_derivatives(source, out, label="peta.jpg", settings=ImageSettings(tile_from=2500))
    assert info["decoded"] == [3000, 2000]  # tiles need the full image
    described = info["tiles"]["info"]
    assert described["tiles"] == [{"width": 512, "scaleFactors": [1, 2, 4, 8]}]
    assert scale_factors(3000, 2000, 512) == [1, 2, 4, 8]
    names = [name for factor in (1, 2, 4, 8) for name, _ in tile_names(3000, 2000, 512, factor)]
    assert len(names) == info["tiles"]["count"] == 6 * 4 + 3 * 2 + 2 * 1 + 1
    for name in names:
        assert (out / "tiles" / name).is_file(), name
    # the names OpenSeadragon asks for (IIIFTileSource.getTileUrl, Image API 2)
    assert "0,0,512,512/512,/0/default.jpg" in names
    assert "2560,1536,440,464/440,/0/default.jpg" in names
    assert "0,0,2048,2000/512,/0/default.jpg" in names
    assert "2048,0,952,2000/238,/0/default.jpg" in names
    assert "full/375,/0/default.jpg" in names
    with Image.open(out / "tiles/2560,1536,440,464/440,/0/default.jpg") as edge:
        assert edge.size == (440, 464)


# -- PDFs -------------------------------------------------------------------------------

def test_pdf_cover_page_count_and_page_images(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    info = pdf_derivatives(ROOT / "collection/media/skripsi-tpi-bahari-2022.pdf", out, label="skripsi.pdf",
                           images=ImageSettings(), settings=PdfSettings(page_width=600))
    assert info["pages"] == 5 and len(info["page_images"]) == 5
    assert info["thumb"]["height"] == 320 or info["thumb"]["width"] == 320
    with Image.open(out / "pages/0001.webp") as page:
        assert page.width == 600
    assert (out / "thumb.jpg").is_file() and (out / "pages/0005.jpg").is_file()


def test_damaged_pdf_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\0garbage" * 50)
    with pytest.raises(MediaError) as caught:
        pdf_derivatives(bad, tmp_path, label="collection/media/rusak.pdf", images=ImageSettings(),
                        settings=PdfSettings())
    assert str(caught.value).startswith("collection/media/rusak.pdf: ")


# -- bad files ----------------------------------------------------------------------------

def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "bom.png")
    with pytest.raises(MediaError) as caught:
        image_derivatives(bomb, tmp_path, label="collection/media/bom.png", settings=ImageSettings())
    message = str(caught.value)
    assert message.startswith("collection/media/bom.png: the image declares 100000×100000 pixels")
    assert "decompression bomb" in message and "max_image_pixels" in message


def test_pixel_limit_is_a_setting(tmp_path: Path) -> None:
    source = scan(tmp_path / "a.jpg", (1000, 1000))
    with pytest.raises(MediaError, match="1000×1000 pixels"):
        image_derivatives(source, tmp_path, label="a.jpg", settings=ImageSettings(max_pixels=500_000))


@pytest.mark.parametrize("damage, reason", [
    (lambda data: data[: len(data) // 3], "damaged image data"),
    (lambda data: b"bukan gambar" * 100, "not an image Pillow can read"),
])
def test_corrupt_image_is_reported_with_its_name(tmp_path: Path, damage, reason: str) -> None:
    source = scan(tmp_path / "rusak.jpg", (1200, 900))
    source.write_bytes(damage(source.read_bytes()))
    with pytest.raises(MediaError) as caught:
        image_derivatives(source, tmp_path, label="collection/media/rusak.jpg", settings=NO_TILES)
    assert str(caught.value).startswith(f"collection/media/rusak.jpg: {reason}")


# -- processing and the cache ---------------------------------------------------------------

def test_cache_makes_a_rebuild_process_nothing_and_redoes_a_changed_scan(tmp_path: Path) -> None:
    root = tmp_path / "collection"
    for index in range(3):
        scan(root / f"media/hlm-{index}.jpg", (1800 + index * 100, 1300))
    paths = [f"media/hlm-{index}.jpg" for index in range(3)]
    cache = tmp_path / "cache"
    first = process_media(paths, root, cache, settings=MediaSettings(images=NO_TILES), jobs=2)
    assert (first.processed, first.cached, first.errors) == (3, 0, [])
    second = process_media(paths, root, cache, settings=MediaSettings(images=NO_TILES), jobs=2)
    assert (second.processed, second.cached) == (0, 3)
    assert second.files == first.files and second.digest() == first.digest()
    scan(root / "media/hlm-1.jpg", (1000, 1500))  # the librarian replaces one scan
    third = process_media(paths, root, cache, settings=MediaSettings(images=NO_TILES), jobs=2)
    assert (third.processed, third.cached) == (1, 2)
    assert third.files["media/hlm-1.jpg"]["read"] == {"width": 1000, "height": 1500}
    # other settings are another cache entry
    fourth = process_media(paths, root, cache, settings=MediaSettings(images=ImageSettings(tile_from=0, thumb=200)))
    assert fourth.processed == 3
    site = tmp_path / "site"
    assert place(third, cache, site) == 3 * 4
    assert (site / "berkas/turunan/media/hlm-1.jpg/read.webp").is_file()


def test_bad_files_are_collected_not_raised(tmp_path: Path) -> None:
    root = tmp_path / "collection"
    scan(root / "media/baik.jpg", (800, 600))
    png_bomb(root / "media/bom.png")
    (root / "media/rusak.jpg").write_bytes(b"\xff\xd8\xff\xe0 bukan jpeg")
    manifest = process_media(["media/baik.jpg", "media/bom.png", "media/rusak.jpg"], root, tmp_path / "cache",
                             display="collection", jobs=2)
    assert [e.path for e in manifest.errors] == ["collection/media/bom.png", "collection/media/rusak.jpg"]
    assert "read" in manifest.files["media/baik.jpg"]
    assert "error" in manifest.files["media/bom.png"]
    again = process_media(["media/baik.jpg", "media/bom.png"], root, tmp_path / "cache", display="collection")
    assert again.processed == 1 and len(again.errors) == 1  # failures are not cached: they are reported every time


# -- the build ---------------------------------------------------------------------------------

ITEM_WITH_SCAN = """\
type: manuscript
title: Naskah Uji
files:
  - path: media/naskah.jpg
    label: Halaman 1
    alt: Halaman naskah beraksara Jawa
"""


def pustaka(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project, capture_output=True,
                          text=True, timeout=300)


def test_build_shows_derivatives_and_a_rebuild_processes_no_image(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"collection/items/naskah.yml": ITEM_WITH_SCAN})
    scan(project / "collection/media/naskah.jpg", (2000, 2800))
    first = pustaka(project, "build", "--site-dir", "out")
    assert first.returncode == 0, first.stderr
    assert "Media: 1 processed, 0 from the cache." in first.stderr
    html = (project / "out/katalog/naskah.html").read_text()
    assert ('srcset="../berkas/turunan/media/naskah.jpg/thumb.webp 229w, '
            '../berkas/turunan/media/naskah.jpg/read.webp 1143w"') in html
    assert 'alt="Halaman naskah beraksara Jawa"' in html and 'width="1143" height="1600"' in html
    assert '<img src="../berkas/media/naskah.jpg"' not in html
    second = pustaka(project, "build", "--site-dir", "out")
    assert "Media: 0 processed, 1 from the cache." in second.stderr
    assert "(0 rendered" in second.stderr  # the unchanged-site path…
    assert (project / "out/berkas/turunan/media/naskah.jpg/read.webp").is_file()  # …still places derivatives


def test_bad_scan_stops_the_build_and_keep_going_builds_without_it(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"collection/items/naskah.yml": ITEM_WITH_SCAN})
    scan(project / "collection/media/naskah.jpg", (1200, 1600))
    assert pustaka(project, "build", "--site-dir", "out").returncode == 0
    before = sorted(p.relative_to(project / "out") for p in (project / "out").rglob("*"))
    png_bomb(project / "collection/media/naskah.jpg")  # same name, now a bomb
    failed = pustaka(project, "build", "--site-dir", "out")
    assert failed.returncode == 1
    assert "collection/media/naskah.jpg: the image declares 100000×100000 pixels" in failed.stderr
    assert "--keep-going" in failed.stderr
    assert sorted(p.relative_to(project / "out") for p in (project / "out").rglob("*")) == before
    kept = pustaka(project, "build", "--site-dir", "out", "--keep-going")
    assert kept.returncode == 0, kept.stderr
    assert "WARNING" in kept.stderr and "collection/media/naskah.jpg: the image declares" in kept.stderr
    html = (project / "out/katalog/naskah.html").read_text()
    assert "pustaka-media__image" not in html and 'href="../berkas/media/naskah.jpg"' in html
