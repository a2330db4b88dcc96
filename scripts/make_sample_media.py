"""Make the small media files of the sample library (collection/media/).

Everything is drawn with Pillow (plus the standard ``wave`` and ``csv`` modules), so
the sample library needs no downloads and no copyrighted scans. The output is
deterministic: the same Pillow version writes the same bytes on every run, and the
script may be re-run at any time (it overwrites its own files and nothing else).

    python scripts/make_sample_media.py            # writes into collection/media/
    python scripts/make_sample_media.py --out DIR  # somewhere else (tests)

Files made (paths relative to collection/):

    media/siti-nurbaya-1922-hlm-judul.jpg    scan: title page of a Balai Pustaka novel
    media/siti-nurbaya-1922-hlm-009.jpg      scan: a text page of the same book
    media/babad-tanah-jawi-hlm-001.jpg       scan: manuscript page, ornament border
    media/sureq-galigo-hlm-014.jpg           scan: lontaraq palm-leaf-style page
    media/syair-perahu-hlm-003.jpg           scan: Jawi-style manuscript page
    media/gedung-syahbandar-1930.jpg         scan of a photo print, EXIF orientation 6
    media/mededeelingen-1885-sampul.jpg      scan: cover of a mission periodical
    media/poster-gemar-membaca-1985.jpg      scan: a reading-campaign poster
    media/pelabuhan-1950an.png               drawn photo: harbour
    media/pasar-bahari-1978.png              drawn photo: market
    media/peta-tanjung-lestari-1920.jpg      large map (4000 x 3000)
    media/mededeelingen-1885-hlm-012.tif     TIFF page scan (LZW)
    media/skripsi-tpi-bahari-2022.pdf        multi-page PDF: a thesis
    media/warta-kota-2026-06.pdf             multi-page PDF: a periodical issue
    media/laporan-tahunan-2025.pdf           multi-page PDF with a text layer: an annual report
    media/lembaran-daerah-1977-hlm-017.jpg   scan: a typed gazette page (searchable through OCR)
    media/rekaman-masamper-1984-transkrip.md a transcript of a cassette recording
    media/wawancara-nelayan-2019.wav         a few seconds of generated tones
    media/wawancara-nelayan-2019.vtt         WebVTT captions for the recording
    media/produksi-perikanan-2015-2024.csv   small dataset
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import struct
import time
import wave
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "collection" / "media"

PAPER = (233, 221, 192)  # aged paper
INK = (52, 40, 28)
FIXED_DATE = time.gmtime(1768467600)  # 2026-01-15 09:00 UTC; PDF dates fixed so output is stable


# --------------------------------------------------------------------------- helpers


def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled font: the same on every machine (no system fonts)."""
    return ImageFont.load_default(size=size)


class Lcg:
    """A tiny deterministic pseudo-random generator (independent of Python's `random`)."""

    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFF

    def next(self) -> float:
        self.state = (1664525 * self.state + 1013904223) & 0xFFFFFFFF
        return self.state / 0x100000000

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.next()

    def int(self, a: int, b: int) -> int:
        return a + int(self.next() * (b - a + 1)) if b > a else a


def aged_paper(size: tuple[int, int], seed: int, base=PAPER, stains: int = 6) -> Image.Image:
    """Paper with a darker rim and a few soft foxing stains (low-frequency, compresses well)."""
    w, h = size
    rng = Lcg(seed)
    img = Image.new("RGB", size, base)
    # vignette: darker towards the edges
    small = Image.new("L", (64, 88), 0)
    px = small.load()
    for y in range(88):
        for x in range(64):
            dx = abs(x - 31.5) / 31.5
            dy = abs(y - 43.5) / 43.5
            px[x, y] = int(70 * max(dx, dy) ** 3)
    shade = small.resize(size, Image.BILINEAR)
    img.paste((150, 120, 80), (0, 0), shade)
    d = ImageDraw.Draw(img, "RGBA")
    for _ in range(stains):
        r = rng.uniform(0.03, 0.09) * w
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(160, 120, 70, rng.int(14, 30)))
    return img.filter(ImageFilter.GaussianBlur(2))


#: While a page of a searchable PDF is drawn: the lines drawn on it, as (x, y, size, text) in
#: pixels, for its text layer (see `save_searchable_pdf`). None otherwise.
TEXT_LAYER: list[tuple[float, float, int, str]] | None = None


def draw_text(d: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill=INK) -> None:
    d.text(xy, text, font=font(size), fill=fill)
    if TEXT_LAYER is not None:
        TEXT_LAYER.append((xy[0], xy[1], size, text))


def text_center(d: ImageDraw.ImageDraw, y: int, text: str, size: int, width: int, fill=INK) -> int:
    f = font(size)
    box = d.textbbox((0, 0), text, font=f)
    draw_text(d, ((width - (box[2] - box[0])) / 2, y), text, size, fill=fill)
    return y + int(size * 1.35)


def wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = (line + " " + word).strip()
        if f.getlength(trial) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def paragraph(d: ImageDraw.ImageDraw, x: int, y: int, text: str, size: int, width: int,
              fill=INK, leading: float = 1.45) -> int:
    f = font(size)
    for line in wrap(text, f, width):
        draw_text(d, (x, y), line, size, fill=fill)
        y += int(size * leading)
    return y


def save_jpeg(img: Image.Image, path: Path, **extra) -> None:
    img.save(path, "JPEG", quality=80, optimize=True, progressive=False, **extra)


# ------------------------------------------------------------------- the page scans

NOVEL_TEXT = (
    "Pada suatu petang yang teduh, dua orang anak muda duduk di bawah pohon ketapang "
    "di tepi jalan besar. Angin dari arah gunung membawa bau tanah basah, dan dari "
    "kejauhan terdengar bunyi bendi yang pulang dari pasar. Yang seorang memegang "
    "sebuah buku pelajaran, tetapi matanya tidak pernah sampai ke halaman itu; ia lebih "
    "suka memandang jalan yang berliku menuju kota. Yang lain tertawa kecil dan bertanya "
    "mengapa sahabatnya termenung saja sejak pagi. Maka bercakaplah mereka tentang "
    "sekolah di negeri orang, tentang kapal yang akan berangkat, dan tentang janji yang "
    "belum tentu dapat ditepati. Matahari makin condong, dan bayang-bayang pohon itu "
    "memanjang sampai ke pagar rumah di seberang jalan."
)


def scan_title_page(out: Path) -> None:
    w, h = 1600, 2200
    img = aged_paper((w, h), seed=11)
    d = ImageDraw.Draw(img)
    d.rectangle((120, 120, w - 120, h - 120), outline=INK, width=4)
    d.rectangle((140, 140, w - 140, h - 140), outline=INK, width=1)
    y = 420
    y = text_center(d, y, "SITI NURBAYA", 110, w)
    y = text_center(d, y + 10, "(KASIH TAK SAMPAI)", 54, w)
    y = text_center(d, y + 140, "ROMAN", 44, w)
    y = text_center(d, y + 30, "oleh", 36, w)
    y = text_center(d, y + 10, "MARAH ROESLI", 64, w)
    # a small printer's ornament
    cx, cy = w // 2, y + 180
    for r in (60, 40, 20):
        d.ellipse((cx - r, cy - r // 2, cx + r, cy + r // 2), outline=INK, width=3)
    y = text_center(d, 1700, "Diterbitkan oleh", 34, w)
    y = text_center(d, y, "BALAI POESTAKA", 54, w)
    y = text_center(d, y + 10, "WELTEVREDEN - 1922", 40, w)
    save_jpeg(img, out / "siti-nurbaya-1922-hlm-judul.jpg")


def scan_text_page(out: Path) -> None:
    w, h = 1600, 2200
    img = aged_paper((w, h), seed=12)
    d = ImageDraw.Draw(img)
    text_center(d, 150, "- 9 -", 34, w)
    y = 260
    text_center(d, y, "I. PULANG DARI SEKOLAH", 50, w)
    y += 130
    for _ in range(3):
        y = paragraph(d, 180, y, NOVEL_TEXT, 38, w - 360) + 34
    save_jpeg(img, out / "siti-nurbaya-1922-hlm-009.jpg")


def pseudo_script_line(d: ImageDraw.ImageDraw, x0: int, x1: int, y: int, rng: Lcg,
                       style: str, size: int, fill=INK) -> None:
    """Draw a line of script-like marks (not a real script, only its texture)."""
    x = x0
    while x < x1 - size:
        if style == "jawa":  # rounded hooks hanging from an imagined top line
            d.arc((x, y, x + size, y + size), 180, 360, fill=fill, width=4)
            d.line((x + size, y + size // 2, x + size, y + size), fill=fill, width=4)
            if rng.next() < 0.35:
                d.arc((x + size // 4, y - size // 2, x + size, y), 0, 180, fill=fill, width=3)
            x += int(size * rng.uniform(1.1, 1.5))
            if rng.next() < 0.08:  # pada lingsa-like mark
                d.line((x, y, x + 6, y + size), fill=fill, width=4)
                x += size
        elif style == "lontara":  # angular strokes
            a = size
            kind = rng.int(0, 3)
            if kind == 0:
                d.line((x, y + a, x + a // 2, y, x + a, y + a), fill=fill, width=4)
            elif kind == 1:
                d.line((x, y, x + a // 2, y + a, x + a, y), fill=fill, width=4)
            elif kind == 2:
                d.line((x, y + a // 2, x + a // 2, y, x + a, y + a // 2, x + a // 2, y + a), fill=fill, width=4)
            else:
                d.line((x, y + a, x + a, y + a // 3), fill=fill, width=4)
                d.ellipse((x + a // 2 - 4, y - 10, x + a // 2 + 4, y - 2), fill=fill)
            x += int(a * rng.uniform(1.2, 1.6))
        else:  # "jawi": right-to-left flowing strokes with dots
            seg = int(size * rng.uniform(1.5, 3.2))
            d.arc((x, y, x + seg, y + size), 0, 180, fill=fill, width=4)
            if rng.next() < 0.6:
                dx = x + rng.int(4, seg - 4)
                d.ellipse((dx - 5, y - 16, dx + 5, y - 6), fill=fill)
            if rng.next() < 0.3:
                d.line((x + seg, y - size // 2, x + seg, y + size // 2), fill=fill, width=4)
            x += seg + int(size * rng.uniform(0.4, 1.0))


def ornament_border(d: ImageDraw.ImageDraw, w: int, h: int, margin: int, colour) -> None:
    """A Javanese-looking border: double frame, tumpal triangles and floral corners."""
    m = margin
    d.rectangle((m, m, w - m, h - m), outline=colour, width=6)
    d.rectangle((m + 70, m + 70, w - m - 70, h - m - 70), outline=colour, width=3)
    step = 60
    for x in range(m + 70, w - m - 70, step):  # tumpal (triangles) along top and bottom
        d.polygon([(x, m + 70), (x + step // 2, m + 12), (x + step, m + 70)], outline=colour, width=3)
        d.polygon([(x, h - m - 70), (x + step // 2, h - m - 12), (x + step, h - m - 70)], outline=colour, width=3)
    for y in range(m + 70, h - m - 70, step):  # and along the sides
        d.polygon([(m + 70, y), (m + 12, y + step // 2), (m + 70, y + step)], outline=colour, width=3)
        d.polygon([(w - m - 70, y), (w - m - 12, y + step // 2), (w - m - 70, y + step)], outline=colour, width=3)
    for cx, cy in ((m + 35, m + 35), (w - m - 35, m + 35), (m + 35, h - m - 35), (w - m - 35, h - m - 35)):
        for k in range(8):  # eight-petal flower
            ang = k * math.pi / 4
            px, py = cx + 22 * math.cos(ang), cy + 22 * math.sin(ang)
            d.ellipse((px - 11, py - 11, px + 11, py + 11), outline=colour, width=2)
        d.ellipse((cx - 8, cy - 8, cx + 8, cy + 8), fill=colour)


#: A typewriter face from Debian's fonts-dejavu-core (installed with Chromium by scripts/_env.sh).
TYPEWRITER = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")

GAZETTE_TEXT = [
    ("PERATURAN DAERAH KOTAMADYA TANJUNG LESTARI", True),
    ("NOMOR 4 TAHUN 1977", True),
    ("TENTANG", True),
    ("PENDIRIAN PERPUSTAKAAN UMUM KOTAMADYA", True),
    ("", False),
    ("Pasal 1", True),
    ("Dengan Peraturan Daerah ini didirikan Perpustakaan Umum Kotamadya Tanjung Lestari, "
     "selanjutnya disebut Perpustakaan, yang berkedudukan di bawah Walikotamadya Kepala "
     "Daerah dan bertempat di gedung bekas kantor syahbandar.", False),
    ("Pasal 2", True),
    ("Perpustakaan bertugas menghimpun, mengolah dan meminjamkan bahan bacaan kepada "
     "penduduk kotamadya dengan tidak memungut bayaran, serta menyelenggarakan ruang baca "
     "untuk pelajar, nelayan dan pegawai.", False),
    ("Pasal 3", True),
    ("Setiap penduduk yang telah berumur dua belas tahun dapat menjadi anggota dengan "
     "menunjukkan surat keterangan dari lurah setempat.", False),
]


def scan_typed_gazette(out: Path) -> None:
    """A typed page of a regional gazette, scanned: printed text with no text layer, which
    only OCR makes searchable."""
    w, h = 1240, 1754  # A4 at 150 dpi
    img = aged_paper((w, h), seed=31, base=(238, 232, 214), stains=3)
    d = ImageDraw.Draw(img)
    face = ImageFont.truetype(str(TYPEWRITER), 25)
    width = (w - 260) // int(face.getlength("m"))
    y = 150
    d.text((w - 330, 90), "- 17 -", font=face, fill=INK)
    for text, centred in GAZETTE_TEXT:
        lines = [text] if centred else __import__("textwrap").wrap(text, width)
        for line in lines:
            x = (w - face.getlength(line)) / 2 if centred else 130
            d.text((x, y), line, font=face, fill=INK)
            y += 40
        y += 22
    img = img.rotate(0.4, resample=Image.BICUBIC, fillcolor=(238, 232, 214))  # a page laid not quite straight
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    img.convert("L").save(out / "lembaran-daerah-1977-hlm-017.jpg", "JPEG", quality=60, optimize=True)


def transcripts(out: Path) -> None:
    """A transcript of a recording not yet digitized, typed from the cassette by a librarian."""
    text = """# Transkrip: Masamper, lomba paduan suara antarjemaat 1984

Disalin dari kaset siaran Radio Suara Teluk Lestari oleh Seksi Pelestarian, 2026.
Lirik dalam bahasa Sangir tidak disalin; bagiannya ditandai dalam kurung siku.

**Penyiar:** Selamat malam para pendengar. Dari balai pertemuan jemaat di Kelurahan Bahari
kami menyiarkan langsung lomba masamper antarjemaat. Dua belas kelompok sudah mendaftar,
dan dewan juri terdiri atas tiga orang guru musik gereja.

**Penyiar:** Kelompok pertama dari Jemaat Pniel Pesisir Timur sudah naik ke panggung.
Pemimpin lagu memberi aba-aba dengan sapu tangan putih.

[Lagu pertama dalam bahasa Sangir, dinyanyikan bersahut-sahutan.]

**Penyiar:** Tepuk tangan yang meriah. Menurut dewan juri, penilaian meliputi kekompakan
suara, gerak pemimpin lagu, dan ketepatan syair.

[Pita berdesis; sekitar satu menit tidak terdengar jelas.]

**Penyiar:** Hasil lomba diumumkan pukul sepuluh malam. Juara pertama diraih kelompok
Jemaat Imanuel Bahari, disusul Jemaat Pniel Pesisir Timur. Piala bergilir diserahkan
oleh Walikotamadya.
"""
    (out / "rekaman-masamper-1984-transkrip.md").write_text(text, encoding="utf-8", newline="\n")


def scan_babad(out: Path) -> None:
    w, h = 1600, 2200
    img = aged_paper((w, h), seed=21, base=(226, 208, 168), stains=9)
    d = ImageDraw.Draw(img)
    red = (128, 36, 24)
    ornament_border(d, w, h, 90, red)
    # a wedana (gate-shaped) heading panel
    d.polygon([(500, 300), (800, 220), (1100, 300), (1100, 420), (500, 420)], outline=red, width=4)
    rng = Lcg(2101)
    pseudo_script_line(d, 560, 1040, 330, rng, "jawa", 34, fill=red)
    y = 500
    while y < h - 320:
        pseudo_script_line(d, 260, w - 260, y, rng, "jawa", 34)
        y += 78
    save_jpeg(img, out / "babad-tanah-jawi-hlm-001.jpg")


def scan_lontara(out: Path) -> None:
    # a wide page, as lontaraq books copied on European paper often are
    w, h = 2200, 1600
    img = aged_paper((w, h), seed=31, base=(222, 206, 170), stains=10)
    d = ImageDraw.Draw(img)
    d.rectangle((120, 120, w - 120, h - 120), outline=(90, 70, 50), width=2)
    rng = Lcg(3101)
    y = 200
    while y < h - 200:
        pseudo_script_line(d, 180, w - 180, y, rng, "lontara", 30)
        y += 72
    d.text((w - 230, h - 110), "14", font=font(30), fill=INK)
    save_jpeg(img, out / "sureq-galigo-hlm-014.jpg")


def scan_jawi(out: Path) -> None:
    w, h = 1600, 2200
    img = aged_paper((w, h), seed=41, base=(230, 216, 182), stains=7)
    d = ImageDraw.Draw(img)
    d.rectangle((200, 220, w - 200, h - 220), outline=(40, 40, 90), width=3)
    rng = Lcg(4101)
    y = 300
    line = 0
    while y < h - 320:
        if line % 2 == 0:  # a syair is laid out in two half-lines per row
            pseudo_script_line(d, 860, w - 260, y, rng, "jawi", 30)
            pseudo_script_line(d, 260, 740, y, rng, "jawi", 30)
        else:
            pseudo_script_line(d, 260, w - 260, y, rng, "jawi", 30)
        y += 92
        line += 1
    save_jpeg(img, out / "syair-perahu-hlm-003.jpg")


def scan_photo_print_rotated(out: Path) -> None:
    """A landscape photo print scanned sideways; EXIF orientation 6 says 'rotate 90° clockwise'."""
    w, h = 2200, 1600
    img = Image.new("RGB", (w, h), (240, 236, 226))  # white border of the print
    photo = Image.new("RGB", (w - 200, h - 300), (0, 0, 0))
    pw, ph = photo.size
    sky = Image.linear_gradient("L").resize((pw, ph))
    photo = Image.merge("RGB", [sky.point(lambda v: 150 + v // 4)] * 2 + [sky.point(lambda v: 140 + v // 5)])
    d = ImageDraw.Draw(photo)
    ground = int(ph * 0.72)
    d.rectangle((0, ground, pw, ph), fill=(120, 112, 98))
    # the harbour-master's office: a two-storey colonial building with a gallery
    bx0, bx1 = 420, pw - 420
    d.rectangle((bx0, 420, bx1, ground), fill=(214, 208, 194), outline=(60, 56, 50), width=4)
    d.polygon([(bx0 - 60, 420), ((bx0 + bx1) // 2, 230), (bx1 + 60, 420)], fill=(96, 84, 74))
    d.line((bx0, 700, bx1, 700), fill=(60, 56, 50), width=6)
    for x in range(bx0 + 60, bx1 - 40, 140):  # columns and windows
        d.rectangle((x, 470, x + 26, ground), fill=(180, 174, 160))
        d.rectangle((x + 50, 480, x + 100, 640), fill=(70, 64, 58))
        d.rectangle((x + 50, 760, x + 100, ground - 40), fill=(70, 64, 58))
    d.rectangle(((bx0 + bx1) // 2 - 70, ground - 260, (bx0 + bx1) // 2 + 70, ground), fill=(50, 46, 40))
    d.line((bx1 - 120, 230, bx1 - 120, 40), fill=(40, 40, 40), width=5)  # flagpole
    photo = photo.convert("L").convert("RGB")
    photo = Image.merge("RGB", [c.point(lambda v, k=k: min(255, int(v * k))) for c, k in
                                zip(photo.split(), (1.05, 0.97, 0.85))])  # sepia-ish
    img.paste(photo, (100, 100))
    d = ImageDraw.Draw(img)
    d.text((110, h - 170), "Kantoor van den Havenmeester, Tandjong Lestari, ca. 1930", font=font(40), fill=(70, 60, 50))
    stored = img.transpose(Image.Transpose.ROTATE_90)  # rotated 90° counter-clockwise on disk
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: display needs a 90° clockwise turn
    exif[0x010E] = "Gedung Syahbandar Tanjung Lestari, sekitar 1930"  # ImageDescription
    save_jpeg(stored, out / "gedung-syahbandar-1930.jpg", exif=exif.tobytes())


def scan_periodical_cover(out: Path) -> None:
    w, h = 1600, 2200
    img = aged_paper((w, h), seed=51, base=(228, 218, 196))
    d = ImageDraw.Draw(img)
    d.rectangle((150, 150, w - 150, h - 150), outline=INK, width=3)
    y = 300
    y = text_center(d, y, "MEDEDEELINGEN", 96, w)
    y = text_center(d, y + 20, "VAN WEGE HET", 44, w)
    y = text_center(d, y + 10, "NEDERLANDSCHE ZENDELINGGENOOTSCHAP.", 50, w)
    d.line((300, y + 40, w - 300, y + 40), fill=INK, width=3)
    y = text_center(d, y + 90, "BIJDRAGEN TOT DE KENNIS DER ZENDING", 36, w)
    y = text_center(d, y, "EN DER TAAL-, LAND- EN VOLKENKUNDE", 36, w)
    y = text_center(d, y, "VAN NEDERLANDSCH-INDIE.", 36, w)
    y = text_center(d, y + 140, "NEGEN-EN-TWINTIGSTE JAARGANG.", 44, w)
    text_center(d, h - 400, "ROTTERDAM,", 44, w)
    text_center(d, h - 330, "M. WYT & ZONEN.", 44, w)
    text_center(d, h - 260, "1885.", 44, w)
    save_jpeg(img, out / "mededeelingen-1885-sampul.jpg")


def scan_poster(out: Path) -> None:
    w, h = 1600, 2200
    img = aged_paper((w, h), seed=61, base=(238, 226, 200), stains=4)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 520), fill=(176, 48, 40))
    text_center(d, 120, "AYO GEMAR", 150, w, fill=(250, 240, 220))
    text_center(d, 310, "MEMBACA!", 150, w, fill=(250, 240, 220))
    # a child reading under a coconut tree, in flat poster colours
    d.rectangle((0, 1500, w, 1760), fill=(220, 196, 140))
    d.line((1150, 1520, 1120, 900), fill=(110, 80, 50), width=40)
    for k in range(7):
        ang = math.pi * (1.05 + k * 0.15)
        d.line((1120, 900, 1120 + 330 * math.cos(ang) * (1 if k % 2 else -1), 900 + 160 * math.sin(ang) + 120),
               fill=(40, 120, 60), width=26)
    d.ellipse((560, 1040, 720, 1200), fill=(150, 100, 70))  # head
    d.polygon([(520, 1200), (760, 1200), (800, 1500), (480, 1500)], fill=(30, 90, 150))  # body
    d.polygon([(540, 1290), (740, 1290), (700, 1400), (580, 1400)], fill=(250, 250, 240), outline=INK)  # book
    d.line((640, 1290, 640, 1400), fill=INK, width=3)
    text_center(d, 1800, "Perpustakaan Umum Kotamadya Tanjung Lestari", 48, w)
    text_center(d, 1880, "Bulan Gemar Membaca - September 1985", 40, w)
    text_center(d, 1960, "Buka setiap hari kerja, pukul 08.00-14.00", 36, w)
    save_jpeg(img, out / "poster-gemar-membaca-1985.jpg")


# ------------------------------------------------------------------- drawn "photos"


def sky_and_sea(w: int, h: int, horizon: int, top=(170, 200, 226), low=(232, 240, 244),
                sea=(120, 170, 200)) -> Image.Image:
    img = Image.new("RGB", (w, h), top)
    d = ImageDraw.Draw(img)
    for y in range(horizon):
        t = y / max(1, horizon - 1)
        d.line((0, y, w, y), fill=tuple(int(a + (b - a) * t) for a, b in zip(top, low)))
    for y in range(horizon, h):
        t = (y - horizon) / max(1, h - horizon)
        d.line((0, y, w, y), fill=tuple(int(c * (1 - 0.2 * t)) for c in sea))
    return img


def photo_harbour(out: Path) -> None:
    w, h = 1600, 1000
    img = sky_and_sea(w, h, 430)
    d = ImageDraw.Draw(img)
    d.polygon([(0, 430), (220, 330), (420, 380), (640, 300), (900, 410), (900, 430)], fill=(70, 100, 80))  # hills
    d.polygon([(1000, 430), (1250, 360), (1600, 400), (1600, 430)], fill=(86, 112, 92))  # Lembeh-like island
    rng = Lcg(8101)
    for _ in range(260):  # ripples
        x, y = rng.uniform(0, w), rng.uniform(450, h)
        d.line((x, y, x + rng.uniform(12, 48), y), fill=(200, 222, 236), width=2)
    d.rectangle((0, 640, 760, 700), fill=(150, 118, 84))  # wooden jetty
    for x in range(20, 760, 70):
        d.rectangle((x, 700, x + 12, 800), fill=(90, 70, 50))
    # boats: pajeko (purse seiners) with outriggers
    for i, (bx, by, s) in enumerate(((900, 600, 1.0), (1180, 520, 0.7), (420, 560, 0.55), (1320, 700, 1.2))):
        colour = ((200, 60, 50), (240, 240, 230), (60, 120, 190), (230, 190, 60))[i]
        d.polygon([(bx - 160 * s, by), (bx + 160 * s, by), (bx + 120 * s, by + 50 * s), (bx - 120 * s, by + 50 * s)], fill=colour, outline=(30, 30, 30))
        d.rectangle((bx - 50 * s, by - 70 * s, bx + 40 * s, by), fill=(230, 226, 214), outline=(30, 30, 30))
        d.line((bx - 200 * s, by + 30 * s, bx + 200 * s, by + 30 * s), fill=(40, 40, 40), width=max(2, int(4 * s)))
        d.line((bx + 60 * s, by, bx + 60 * s, by - 160 * s), fill=(40, 40, 40), width=max(2, int(5 * s)))
    # warehouses on the shore
    for x0 in (40, 300):
        d.rectangle((x0, 470, x0 + 220, 640), fill=(200, 190, 170), outline=(60, 50, 40))
        d.polygon([(x0 - 10, 470), (x0 + 110, 420), (x0 + 230, 470)], fill=(140, 60, 40))
    img = img.convert("L").convert("RGB")  # an old black-and-white print
    img = Image.merge("RGB", [c.point(lambda v, k=k: min(255, int(v * k))) for c, k in zip(img.split(), (1.06, 0.98, 0.86))])
    img.save(out / "pelabuhan-1950an.png", optimize=True)


def photo_market(out: Path) -> None:
    w, h = 1600, 1000
    img = Image.new("RGB", (w, h), (200, 220, 235))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 620, w, h), fill=(150, 140, 126))  # street
    # the market hall roof
    d.polygon([(60, 260), (800, 120), (1540, 260), (1540, 330), (60, 330)], fill=(150, 70, 50))
    d.rectangle((60, 330, 1540, 620), fill=(230, 222, 200))
    for x in range(110, 1540, 180):
        d.rectangle((x, 330, x + 18, 620), fill=(120, 100, 80))
    # stalls with awnings and produce
    colours = [(220, 60, 60), (60, 140, 70), (240, 200, 60), (70, 110, 190), (230, 130, 50)]
    for i, x in enumerate(range(140, 1480, 260)):
        c = colours[i % len(colours)]
        d.polygon([(x, 420), (x + 220, 420), (x + 240, 470), (x - 20, 470)], fill=c)
        d.rectangle((x, 470, x + 220, 600), fill=(170, 130, 90))
        for k in range(6):  # heaps of fish, chillies, bananas
            cx = x + 25 + k * 34
            d.ellipse((cx - 16, 540 - 14, cx + 16, 540 + 14), fill=colours[(i + k) % len(colours)])
    # people
    for i, x in enumerate(range(100, 1560, 150)):
        y = 640 + (i % 3) * 60
        shirt = colours[(i * 2) % len(colours)]
        d.ellipse((x - 18, y - 40, x + 18, y - 4), fill=(140, 96, 66))
        d.rectangle((x - 26, y, x + 26, y + 90), fill=shirt)
        d.rectangle((x - 22, y + 90, x - 4, y + 150), fill=(50, 50, 60))
        d.rectangle((x + 4, y + 90, x + 22, y + 150), fill=(50, 50, 60))
    f = font(56)
    d.rectangle((560, 190, 1040, 260), fill=(250, 246, 230), outline=(60, 50, 40), width=3)
    d.text((590, 196), "PASAR BAHARI", font=f, fill=(60, 50, 40))
    img = Image.merge("RGB", [c.point(lambda v, k=k: min(255, int(v * k))) for c, k in zip(img.split(), (1.04, 0.98, 0.84))])
    img.save(out / "pasar-bahari-1978.png", optimize=True)


# ------------------------------------------------------------------------------ map


def coast_points(w: int, h: int) -> list[tuple[float, float]]:
    """A wiggly coastline running across the sheet (land to the north-west)."""
    pts = []
    for i in range(0, 161):
        t = i / 160
        x = t * w
        y = h * (0.62 - 0.30 * t) + 120 * math.sin(t * 9.0) + 50 * math.sin(t * 23.0 + 1.3) + 25 * math.sin(t * 61.0)
        pts.append((x, y))
    return pts


def map_sheet(out: Path) -> None:
    w, h = 4000, 3000
    img = aged_paper((w, h), seed=71, base=(236, 226, 200), stains=12)
    d = ImageDraw.Draw(img)
    frame = (160, 160, w - 160, h - 160)
    coast = coast_points(w - 320, h - 320)
    coast = [(x + 160, y + 160) for x, y in coast]
    sea = coast + [(w - 160, h - 160), (160, h - 160)]
    d.polygon(sea, fill=(206, 222, 224))  # sea tint
    for off, col in ((18, (150, 180, 190)), (40, (176, 200, 206)), (70, (194, 212, 216))):  # water lines
        d.line([(x, y + off) for x, y in coast], fill=col, width=3)
    d.line(coast, fill=(40, 60, 70), width=6)
    # an island offshore
    cx, cy = 3000, 2300
    island = [(cx + 300 * math.cos(a / 20 * math.pi) * (1 + 0.15 * math.sin(a)), cy + 140 * math.sin(a / 20 * math.pi))
              for a in range(40)]
    d.polygon(island, fill=(228, 216, 186), outline=(40, 60, 70), width=5)
    # hills (hachures) on the land
    for hx, hy, r in ((900, 700, 220), (1700, 520, 260), (2700, 420, 180), (600, 1300, 160)):
        for k in range(36):
            a = k * math.pi / 18
            d.line((hx + r * 0.5 * math.cos(a), hy + r * 0.5 * math.sin(a), hx + r * math.cos(a), hy + r * math.sin(a)),
                   fill=(120, 96, 70), width=3)
    # roads, river, town blocks
    d.line([(300, 900), (900, 1200), (1500, 1350), (2100, 1260), (2800, 1000), (3700, 700)], fill=(150, 60, 40), width=8)
    d.line([(1700, 300), (1650, 700), (1780, 1000), (1720, 1300), (1800, 1500)], fill=(60, 110, 150), width=7)
    for bx in range(1900, 2300, 90):
        for by in range(1080, 1300, 80):
            d.rectangle((bx, by, bx + 60, by + 50), fill=(110, 80, 60))
    d.rectangle((2060, 1440, 2480, 1470), fill=(90, 70, 50))  # pier
    # soundings in the bay
    rng = Lcg(7101)
    for _ in range(90):
        x, y = rng.uniform(400, 3700), rng.uniform(1500, 2750)
        if any(abs(x - px) < 30 and y < py + 60 for px, py in coast[::4]):
            continue
        d.text((x, y), str(rng.int(3, 48)), font=font(26), fill=(60, 90, 110))
    # graticule
    for k in range(9):
        x = 160 + k * (w - 320) / 8
        d.line((x, 160, x, h - 160), fill=(120, 100, 80), width=2)
        d.text((x + 8, 120), f"125°{k * 4:02d}'", font=font(30), fill=INK)
    for k in range(7):
        y = 160 + k * (h - 320) / 6
        d.line((160, y, w - 160, y), fill=(120, 100, 80), width=2)
        d.text((60, y + 8), f"1°{34 - k * 4:02d}'", font=font(30), fill=INK)
    d.rectangle(frame, outline=INK, width=8)
    d.rectangle((140, 140, w - 140, h - 140), outline=INK, width=2)
    # labels
    d.text((1950, 960), "TANDJONG LESTARI", font=font(64), fill=INK)
    d.text((1830, 330), "Kali Lestari", font=font(40), fill=(60, 110, 150))
    d.text((2800, 2260), "P. Nona", font=font(46), fill=INK)
    d.text((2500, 1750), "Baai van Tandjong Lestari", font=font(60), fill=(40, 70, 90))
    d.text((700, 430), "G. Batu Angus", font=font(40), fill=INK)
    d.text((3000, 880), "naar Menado", font=font(36), fill=(150, 60, 40))
    # title cartouche and scale bar
    d.rectangle((260, 2300, 1500, 2760), fill=(240, 232, 210), outline=INK, width=5)
    d.text((320, 2340), "RESIDENTIE MENADO", font=font(64), fill=INK)
    d.text((320, 2440), "Blad Tandjong Lestari", font=font(56), fill=INK)
    d.text((320, 2530), "Schaal 1 : 50.000", font=font(40), fill=INK)
    d.text((320, 2600), "Topographische Dienst, Batavia 1920", font=font(36), fill=INK)
    for k in range(5):
        d.rectangle((320 + k * 200, 2680, 520 + k * 200, 2710), fill=INK if k % 2 == 0 else (240, 232, 210), outline=INK)
    # compass rose
    cx, cy = 3600, 420
    d.polygon([(cx, cy - 170), (cx + 30, cy), (cx, cy + 170), (cx - 30, cy)], fill=INK)
    d.polygon([(cx - 170, cy), (cx, cy - 30), (cx + 170, cy), (cx, cy + 30)], outline=INK, width=3)
    d.text((cx - 14, cy - 230), "N", font=font(48), fill=INK)
    save_jpeg(img, out / "peta-tanjung-lestari-1920.jpg")


# ---------------------------------------------------------------------------- TIFF


def tiff_page(out: Path) -> None:
    w, h = 1200, 1700
    img = Image.new("L", (w, h), 228)
    d = ImageDraw.Draw(img)
    text_center(d, 110, "- 12 -", 26, w, fill=40)
    text_center(d, 170, "UIT DE MINAHASSA.", 44, w, fill=30)
    body = (
        "Van Tondano vertrokken wij den volgenden morgen vroeg naar de kust. De weg voerde "
        "langs koffietuinen en door dichte bosschen, waar de vogels reeds bij het eerste licht "
        "hun geluid lieten hooren. Te Tandjong Lestari vonden wij de kleine gemeente in goeden "
        "staat; de school werd door ruim zestig kinderen bezocht, en de onderwijzer, een "
        "inlander uit Sonder, verdient allen lof. Op het strand lagen de prauwen der visschers "
        "naast elkander, en des avonds kwam de geheele negorij bijeen om het nieuws uit Menado "
        "te vernemen. "
    )
    y = 270
    for _ in range(4):
        y = paragraph(d, 120, y, body, 30, w - 240, fill=35) + 24
    img.save(out / "mededeelingen-1885-hlm-012.tif", compression="tiff_lzw", dpi=(200, 200))


# ----------------------------------------------------------------------------- PDFs

A4 = (1240, 1754)  # 150 dpi


def pdf_page(title: str | None, paragraphs: list[str], footer: str, header: str = "",
             size: int = 30) -> Image.Image:
    w, h = A4
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    if header:
        draw_text(d, (110, 70), header, 22, fill=90)
        d.line((110, 104, w - 110, 104), fill=150, width=2)
    y = 150
    if title:
        for line in wrap(title, font(44), w - 220):
            y = text_center(d, y, line, 44, w, fill=0)
        y += 40
    for p in paragraphs:
        if p.startswith("## "):
            draw_text(d, (110, y + 10), p[3:], 34, fill=0)
            y += 74
            continue
        y = paragraph(d, 110, y, p, size, w - 220, fill=20) + 22
    text_center(d, h - 90, footer, 22, w, fill=90)
    return img


def bar_chart(d: ImageDraw.ImageDraw, box: tuple[int, int, int, int], labels: list[str], values: list[float],
              title: str) -> None:
    x0, y0, x1, y1 = box
    draw_text(d, (x0, y0 - 50), title, 28, fill=0)
    d.line((x0, y1, x1, y1), fill=0, width=3)
    d.line((x0, y0, x0, y1), fill=0, width=3)
    top = max(values) * 1.1
    bw = (x1 - x0) / len(values)
    for i, (lab, v) in enumerate(zip(labels, values)):
        bx = x0 + i * bw + bw * 0.18
        by = y1 - (y1 - y0) * v / top
        d.rectangle((bx, by, bx + bw * 0.64, y1), fill=90)
        draw_text(d, (bx, y1 + 10), lab, 22, fill=0)
        draw_text(d, (bx, by - 30), f"{v:,.0f}".replace(",", "."), 22, fill=0)


def save_pdf(pages: list[Image.Image], path: Path, title: str, author: str, subject: str) -> None:
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=150.0,
                  title=title, author=author, subject=subject, creator="Pustaka sample media",
                  producer="Pillow", creationDate=FIXED_DATE, modDate=FIXED_DATE, quality=70)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")  # WinAnsiEncoding, Helvetica's
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def save_searchable_pdf(pages: list[Image.Image], layers: list[list[tuple[float, float, int, str]]], path: Path,
                        title: str, author: str, subject: str) -> None:
    """A PDF whose pages are images with an invisible text layer (text render mode 3) where
    the lines were drawn: what PDF exports and OCR tools write, so its text can be searched
    and selected. Pillow writes no text; this writes the few objects such a PDF needs."""
    scale = 72 / 150  # pixels at 150 dpi → points
    objects: list[bytes] = []  # object n + 1

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(head: bytes, data: bytes) -> bytes:
        return head[:-2] + b" /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream"

    catalog, tree = add(b""), add(b"")
    font_ref = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page, lines in zip(pages, layers):
        w, h = page.size
        pw, ph = w * scale, h * scale
        jpeg = io.BytesIO()
        page.convert("L").save(jpeg, "JPEG", quality=70)
        image = add(stream(f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                           f"/BitsPerComponent 8 /Filter /DCTDecode >>".encode(), jpeg.getvalue()))
        ops = [f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode(), b"BT 3 Tr"]
        for x, y, size, text in lines:
            ops.append(f"/F1 {size * scale:.2f} Tf 1 0 0 1 {x * scale:.2f} {ph - (y + size * 0.8) * scale:.2f} Tm "
                       .encode() + _pdf_string(text) + b" Tj")
        ops.append(b"ET")
        content = add(stream(b"<< >>", b"\n".join(ops)))
        kids.append(add(f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] /Contents {content} 0 R "
                        f"/Resources << /Font << /F1 {font_ref} 0 R >> /XObject << /Im0 {image} 0 R >> >> >>"
                        .encode()))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objects[tree - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    date = time.strftime("D:%Y%m%d%H%M%SZ", FIXED_DATE)
    info = add(b"<< /Title " + _pdf_string(title) + b" /Author " + _pdf_string(author) + b" /Subject " +
               _pdf_string(subject) + b" /Creator (Pustaka sample media) /CreationDate (" + date.encode() + b") >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    path.write_bytes(out.getvalue())


def pdf_thesis(out: Path) -> None:
    foot = "Universitas Nusa Lestari - Skripsi 2022"
    cover = Image.new("L", A4, 255)
    d = ImageDraw.Draw(cover)
    w = A4[0]
    y = 200
    for line in ("PERAN TEMPAT PELELANGAN IKAN", "DALAM PEREKONOMIAN RUMAH TANGGA", "NELAYAN KELURAHAN BAHARI,",
                 "KOTA TANJUNG LESTARI"):
        y = text_center(d, y, line, 46, w, fill=0)
    y = text_center(d, y + 80, "SKRIPSI", 40, w, fill=0)
    y = text_center(d, y + 10, "Diajukan untuk memenuhi sebagian persyaratan", 28, w, fill=40)
    y = text_center(d, y, "memperoleh gelar Sarjana Ekonomi", 28, w, fill=40)
    cx, cy = w // 2, y + 260  # a simple university emblem
    d.ellipse((cx - 150, cy - 150, cx + 150, cy + 150), outline=0, width=6)
    d.polygon([(cx - 90, cy + 60), (cx, cy - 100), (cx + 90, cy + 60)], outline=0, width=6)
    d.arc((cx - 100, cy + 20, cx + 100, cy + 120), 0, 180, fill=0, width=6)
    y = text_center(d, cy + 260, "Oleh:", 30, w, fill=0)
    y = text_center(d, y, "GRACE V. MAMAHIT", 36, w, fill=0)
    y = text_center(d, y, "NIM 18.301.0457", 30, w, fill=0)
    y = text_center(d, y + 120, "PROGRAM STUDI EKONOMI PEMBANGUNAN", 32, w, fill=0)
    y = text_center(d, y, "FAKULTAS EKONOMI DAN BISNIS", 32, w, fill=0)
    y = text_center(d, y, "UNIVERSITAS NUSA LESTARI", 32, w, fill=0)
    text_center(d, y, "TANJUNG LESTARI, 2022", 32, w, fill=0)
    pages = [cover]
    pages.append(pdf_page("ABSTRAK", [
        "Penelitian ini menelaah bagaimana Tempat Pelelangan Ikan (TPI) Bahari memengaruhi "
        "pendapatan dan pola pengeluaran rumah tangga nelayan kecil. Data dikumpulkan melalui "
        "wawancara terstruktur dengan 86 kepala rumah tangga nelayan, pengamatan di TPI selama "
        "tiga musim tangkap, serta catatan lelang tahun 2019 sampai 2021.",
        "Hasil analisis menunjukkan bahwa nelayan yang menjual hasil tangkapan melalui lelang "
        "resmi menerima harga rata-rata 14 persen lebih tinggi dibanding yang menjual kepada "
        "pengumpul di luar TPI, tetapi biaya retribusi dan waktu tunggu membuat sebagian nelayan "
        "tetap memilih jalur lama. Penelitian merekomendasikan jam lelang yang lebih pendek, "
        "pencatatan digital, dan koperasi simpan pinjam yang terhubung dengan TPI.",
        "Kata kunci: tempat pelelangan ikan, nelayan kecil, pendapatan rumah tangga, pesisir.",
    ], foot + " - iv"))
    pages.append(pdf_page("DAFTAR ISI", [
        "HALAMAN JUDUL .......................................... i",
        "ABSTRAK ................................................ iv",
        "BAB I  PENDAHULUAN ..................................... 1",
        "BAB II  TINJAUAN PUSTAKA ............................... 9",
        "BAB III  METODE PENELITIAN ............................. 21",
        "BAB IV  HASIL DAN PEMBAHASAN ........................... 33",
        "BAB V  KESIMPULAN DAN SARAN ............................ 58",
        "DAFTAR PUSTAKA ......................................... 62",
        "LAMPIRAN ............................................... 67",
    ], foot + " - vi"))
    pages.append(pdf_page("BAB I  PENDAHULUAN", [
        "## 1.1 Latar Belakang",
        "Kota Tanjung Lestari tumbuh dari sebuah bandar kecil di tepi teluk. Sampai hari ini "
        "sebagian besar warga kelurahan pesisir menggantungkan hidup pada laut, baik sebagai "
        "nelayan pancing ulur, awak kapal pajeko, maupun pedagang ikan di pasar. TPI Bahari "
        "dibangun pada tahun 1994 untuk memberi tempat lelang yang tertib dan harga yang adil.",
        "Walaupun demikian, belum banyak kajian yang melihat pengaruh TPI terhadap kesejahteraan "
        "rumah tangga nelayan secara langsung. Sebagian besar laporan resmi hanya mencatat "
        "volume dan nilai produksi, bukan siapa yang menikmati nilai tersebut.",
        "## 1.2 Rumusan Masalah",
        "1. Bagaimana perbedaan harga yang diterima nelayan di dalam dan di luar TPI?  "
        "2. Faktor apa yang membuat nelayan memilih atau menghindari lelang resmi?  "
        "3. Bagaimana hasil penjualan dibelanjakan oleh rumah tangga nelayan?",
    ], foot + " - 1"))
    pages.append(pdf_page("BAB V  KESIMPULAN DAN SARAN", [
        "## 5.1 Kesimpulan",
        "Lelang resmi memberi harga yang lebih baik dan catatan transaksi yang dapat dipakai "
        "sebagai dasar pinjaman. Hambatan utamanya adalah waktu tunggu pada musim ikan melimpah "
        "dan kurangnya informasi harga harian bagi nelayan yang berangkat sebelum subuh.",
        "## 5.2 Saran",
        "Pengelola TPI disarankan mengumumkan harga acuan melalui papan dan pesan singkat, "
        "membagi sesi lelang menurut jenis ikan, serta bekerja sama dengan perpustakaan kota "
        "untuk menyediakan pojok informasi nelayan di kawasan pelabuhan.",
    ], foot + " - 58"))
    save_pdf(pages, out / "skripsi-tpi-bahari-2022.pdf",
             "Peran Tempat Pelelangan Ikan dalam Perekonomian Rumah Tangga Nelayan Kelurahan Bahari",
             "Grace V. Mamahit", "Skripsi S1, Universitas Nusa Lestari, 2022")


def pdf_periodical(out: Path) -> None:
    header = "WARTA KOTA TANJUNG LESTARI · Edisi 6 · Juni 2026 · ISSN 2987-1239"
    cover = Image.new("L", A4, 255)
    d = ImageDraw.Draw(cover)
    w = A4[0]
    d.rectangle((0, 0, w, 300), fill=40)
    text_center(d, 70, "WARTA KOTA", 96, w, fill=255)
    text_center(d, 190, "Tanjung Lestari - Edisi 6, Juni 2026", 34, w, fill=230)
    d.rectangle((110, 380, w - 110, 1000), fill=200)  # photo placeholder: festival boats
    for k in range(5):
        bx = 220 + k * 180
        d.polygon([(bx, 820), (bx + 140, 820), (bx + 110, 870), (bx + 30, 870)], fill=60)
        d.line((bx + 70, 820, bx + 70, 650), fill=60, width=6)
    d.text((130, 1020), "Foto: perahu hias meramaikan Festival Teluk Lestari.", font=font(24), fill=60)
    y = 1090
    for line in ("Festival Teluk Lestari menarik 12.000 pengunjung", "Mobil Pustaka kini singgah di TPI Bahari",
                 "Jadwal pelayanan KTP-el keliling bulan Juli"):
        d.text((130, y), "- " + line, font=font(34), fill=0)
        y += 70
    text_center(d, A4[1] - 90, "Diterbitkan oleh Bagian Komunikasi Pimpinan, Sekretariat Daerah Kota Tanjung Lestari", 22, w, fill=90)
    pages = [cover]
    pages.append(pdf_page("Festival Teluk Lestari Ramai Pengunjung", [
        "Selama tiga hari pada pertengahan Juni, kawasan pantai kota dipenuhi warga dan tamu "
        "dari kabupaten tetangga. Lomba perahu hias diikuti 34 kelompok nelayan, dan malam "
        "penutupan diisi pertunjukan kolintang serta paduan suara masamper dari enam jemaat.",
        "Panitia mencatat sekitar dua belas ribu pengunjung. Dinas Pariwisata berencana "
        "menjadikan festival ini agenda tahunan dengan melibatkan lebih banyak pelaku usaha "
        "kuliner dan kerajinan dari kelurahan pesisir.",
    ], "Warta Kota - hlm. 2", header))
    pages.append(pdf_page("Mobil Pustaka Singgah di Pelabuhan Perikanan", [
        "Mulai Juni, Mobil Pustaka Perpustakaan Umum Kota berhenti setiap Rabu pagi di "
        "dermaga TPI Bahari. Nelayan dan keluarganya dapat meminjam buku, membaca majalah, "
        "dan bertanya kepada pustakawan tentang perizinan kapal, cuaca, serta peluang usaha.",
        "Menurut pengelola, koleksi yang paling banyak diminta adalah buku perawatan mesin "
        "tempel, resep olahan ikan, dan buku cerita bergambar untuk anak-anak.",
    ], "Warta Kota - hlm. 3", header))
    pages.append(pdf_page("Agenda Juli 2026", [
        "1 Juli - Upacara Hari Bhayangkara di lapangan kantor wali kota.",
        "5 Juli - Kerja bakti bersih pantai, Kelurahan Bahari dan Pesisir Timur.",
        "12 Juli - Pelayanan KTP-el keliling di Kantor Kecamatan Bukit Kelapa.",
        "20 Juli - Lokakarya menulis kisah kampung di Perpustakaan Umum Kota.",
        "27 Juli - Posyandu serentak di seluruh kelurahan.",
    ], "Warta Kota - hlm. 4", header))
    save_pdf(pages, out / "warta-kota-2026-06.pdf", "Warta Kota Tanjung Lestari, Edisi 6, Juni 2026",
             "Sekretariat Daerah Kota Tanjung Lestari", "Majalah pemerintah kota")


def pdf_report(out: Path) -> None:
    """Born digital: each page has a text layer (what a word processor's PDF export has)."""
    global TEXT_LAYER
    layers: list[list[tuple[float, float, int, str]]] = []

    def layer(page: Image.Image) -> Image.Image:
        global TEXT_LAYER
        layers.append(TEXT_LAYER or [])
        TEXT_LAYER = []
        return page

    TEXT_LAYER = []
    header = "Laporan Tahunan 2025 · Perpustakaan Umum Kota Tanjung Lestari"
    foot = "Laporan Tahunan 2025"
    pages = [layer(pdf_page("Laporan Tahunan 2025", [
        "Perpustakaan Umum Kota Tanjung Lestari",
        "Dinas Perpustakaan dan Kearsipan Kota Tanjung Lestari",
        "Disusun oleh Seksi Layanan dan Pelestarian, Februari 2026",
    ], foot + " - i"))]
    pages.append(layer(pdf_page("Ringkasan", [
        "Sepanjang tahun 2025 perpustakaan melayani 61.480 kunjungan di gedung pusat, dua "
        "cabang, dan Mobil Pustaka. Peminjaman naik 9 persen dibanding tahun sebelumnya, "
        "terutama karena permintaan melalui formulir daring dan singgahan baru di pelabuhan.",
        "Tim digitalisasi menyelesaikan 2.140 halaman naskah dan arsip foto kota, termasuk "
        "lembaran majalah misi abad ke-19 yang memuat catatan tentang kampung-kampung pesisir.",
        "Layanan riset (penelusuran informasi, kajian literatur, dan bibliometrik) menerima "
        "312 permintaan; 94 persen selesai dalam batas waktu standar pelayanan.",
    ], foot + " - 1", header)))
    chart = pdf_page("Kunjungan per Triwulan", [], foot + " - 2", header)
    d = ImageDraw.Draw(chart)
    bar_chart(d, (160, 420, 1080, 1000), ["TW I", "TW II", "TW III", "TW IV"], [13210, 14980, 16820, 16470],
              "Jumlah kunjungan (semua tempat layanan)")
    y = 1100
    rows = [("Tempat layanan", "Kunjungan", "Peminjaman"), ("Gedung pusat", "38.904", "21.377"),
            ("Cabang Pesisir Timur", "9.812", "6.140"), ("Cabang Bukit Kelapa", "7.455", "4.902"),
            ("Mobil Pustaka", "5.309", "3.688")]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            draw_text(d, (160 + c * 340, y), cell, 28, fill=0)
        d.line((150, y + 44, 1090, y + 44), fill=160 if r else 0, width=2)
        y += 60
    pages.append(layer(chart))
    pages.append(layer(pdf_page("Standar Pelayanan dan Pengaduan", [
        "Seluruh layanan dikelola dengan standar pelayanan yang memuat persyaratan, tahapan, "
        "jangka waktu, dan biaya. Pada 2025 masuk 41 pengaduan; yang terbanyak menyangkut "
        "antrean komputer di ruang referensi dan jam buka cabang pada hari Sabtu.",
        "Tindak lanjut yang telah dilakukan: penambahan enam komputer, sistem pemesanan jam "
        "pemakaian, dan uji coba jam buka Sabtu sampai pukul 14.00 di Cabang Pesisir Timur.",
    ], foot + " - 3", header)))
    pages.append(layer(pdf_page("Rencana 2026", [
        "1. Menyelesaikan digitalisasi Arsip Foto Kota (sekitar 3.000 lembar).  "
        "2. Menambah koleksi braille dan buku audio bersama komunitas tunanetra.  "
        "3. Membuka pojok baca di terminal penumpang pelabuhan.  "
        "4. Menerbitkan katalog dan layanan daring yang juga dapat dibuka tanpa internet.",
    ], foot + " - 4", header)))
    TEXT_LAYER = None
    save_searchable_pdf(pages, layers, out / "laporan-tahunan-2025.pdf", "Laporan Tahunan 2025",
                        "Perpustakaan Umum Kota Tanjung Lestari", "Laporan tahunan perpustakaan")


# ----------------------------------------------------------------------- audio + VTT

RATE = 16000


def tone(freq: float, seconds: float, volume: float = 0.35) -> list[int]:
    n = int(RATE * seconds)
    fade = int(RATE * 0.02)
    out = []
    for i in range(n):
        env = min(1.0, i / fade, (n - i) / fade)
        out.append(int(32767 * volume * env * math.sin(2 * math.pi * freq * i / RATE)))
    return out


def silence(seconds: float) -> list[int]:
    return [0] * int(RATE * seconds)


def audio(out: Path) -> None:
    samples: list[int] = []
    samples += tone(523.25, 0.4) + tone(659.25, 0.4) + tone(783.99, 0.6)  # opening chime (0.0-1.4 s)
    samples += silence(0.6)
    for k in range(5):  # "speech-like" modulated hum (2.0-4.5 s)
        n = int(RATE * 0.5)
        base = 180 + 30 * (k % 3)
        samples += [int(32767 * 0.25 * (0.6 + 0.4 * math.sin(2 * math.pi * 4 * i / RATE)) *
                        math.sin(2 * math.pi * base * i / RATE)) for i in range(n)]
    samples += silence(0.5)
    samples += tone(392.0, 0.5, 0.25)  # closing note (5.0-5.5 s)
    samples += silence(0.5)
    with wave.open(str(out / "wawancara-nelayan-2019.wav"), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    vtt = """WEBVTT
Kind: captions
Language: id

NOTE
Cuplikan wawancara sejarah lisan, Kelurahan Bahari, 14 September 2019.
Suara dalam berkas contoh ini hanya nada buatan; teks di bawah adalah transkripnya.

1
00:00:00.000 --> 00:00:01.400
[bunyi penanda rekaman]

2
00:00:02.000 --> 00:00:03.200
<v Pewawancara>Opa, kapan pertama kali ikut melaut?

3
00:00:03.200 --> 00:00:04.500
<v Narasumber>Umur dua belas, ikut papa pakai perahu londe.

4
00:00:05.000 --> 00:00:05.500
[bunyi penutup]
"""
    (out / "wawancara-nelayan-2019.vtt").write_text(vtt, encoding="utf-8", newline="\n")


# ------------------------------------------------------------------------------ CSV


def dataset(out: Path) -> None:
    species = [  # (kode, nama lokal, nama ilmiah, base tonnes, price Rp/kg in 2015)
        ("CKL", "Cakalang", "Katsuwonus pelamis", 4200, 14000),
        ("TDK", "Tongkol", "Euthynnus affinis", 2600, 11000),
        ("MDD", "Madidihang", "Thunnus albacares", 1300, 32000),
        ("LYG", "Layang", "Decapterus russelli", 3100, 9000),
        ("KRP", "Kerapu", "Epinephelus spp.", 140, 85000),
    ]
    path = out / "produksi-perikanan-2015-2024.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["tahun", "kode_jenis", "nama_lokal", "nama_ilmiah", "volume_ton", "nilai_juta_rp",
                         "trip_penangkapan", "catatan"])
        for year in range(2015, 2025):
            t = year - 2015
            for i, (code, local, sci, base, price) in enumerate(species):
                dip = 0.78 if year == 2020 else 1.0  # fewer trips in the pandemic year
                volume = base * (1 + 0.025 * t + 0.06 * math.sin(t * 1.7 + i)) * dip
                value = volume * 1000 * price * (1.04 ** t) / 1_000_000
                trips = int(volume * (3.1 + 0.4 * i) * (1.0 if year != 2020 else 0.85))
                note = "pembatasan kegiatan masyarakat" if year == 2020 else ""
                if year == 2023 and code == "MDD":
                    note = "data triwulan IV sementara"
                writer.writerow([year, code, local, sci, f"{volume:.1f}", f"{value:.1f}", trips, note])


# ----------------------------------------------------------------------------- main

MAKERS = [scan_title_page, scan_text_page, scan_babad, scan_lontara, scan_jawi, scan_photo_print_rotated,
          scan_periodical_cover, scan_poster, photo_harbour, photo_market, map_sheet, tiff_page,
          pdf_thesis, pdf_periodical, pdf_report, audio, dataset, scan_typed_gazette, transcripts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: collection/media)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for make in MAKERS:
        make(args.out)
    total = 0
    for path in sorted(args.out.iterdir()):
        if path.is_file():
            total += path.stat().st_size
            print(f"{path.stat().st_size:>10,}  {path.name}")
    print(f"{total:>10,}  total")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
