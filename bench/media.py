"""Media benchmark: Pustaka's derivative pipeline against ImageMagick on large scans.

Generates large synthetic scans (JPEG and TIFF, 20–60 megapixels) into a work folder
(never committed), then, side by side in one run:

- Pustaka: `generator.media.process_media` makes, for every scan, a 1600-pixel reading
  image and a 320-pixel thumbnail, each in WebP and JPEG, on all cores, into a fresh cache;
- ImageMagick (Debian's `convert`): the same four files per scan with
  `convert SRC -auto-orient -thumbnail 1600x1600 -write read.jpg -write read.webp
  -thumbnail 320x320 -write thumb.jpg thumb.webp`, as many processes at once as Pustaka
  has workers;
- Pustaka again with nothing changed (the no-change rebuild: must process zero images);
- then a whole `pustaka build` of a small project (20 synthetic items plus one item per
  scan) twice: cold, and with nothing changed, whose media step must process no image.

Deep-zoom tiles are off for the comparison (ImageMagick makes none); `--tiles` times a
separate Pustaka run with them on. Prints images/s and the ratio, and with `--write`
replaces the "Media" section of bench/RESULTS.md (other sections are kept).

    .venv/bin/python bench/media.py                 # 8 scans, print only
    .venv/bin/python bench/media.py --write --tiles # and record the figures
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, features  # noqa: E402

from generator.media import MediaSettings, process_media  # noqa: E402
from generator.media.images import ImageSettings  # noqa: E402

CONVERT = "/usr/bin/convert"  # Debian's ImageMagick, never a stand-in elsewhere on PATH
# (name, width, height, format): 20–60 megapixels, as a book scanner or a map scan makes them.
SCANS = [
    ("naskah-20mp.jpg", 5472, 3648, "JPEG"),
    ("halaman-24mp.tif", 4000, 6000, "TIFF"),
    ("peta-36mp.jpg", 7360, 4912, "JPEG"),
    ("koran-40mp.tif", 5200, 7700, "TIFF-LZW"),
    ("halaman-30mp.jpg", 4500, 6700, "JPEG"),
    ("peta-48mp.tif", 8000, 6000, "TIFF"),
    ("foto-45mp.jpg", 8256, 5504, "JPEG"),
    ("peta-60mp.jpg", 9504, 6336, "JPEG"),
]


def make_scan(path: Path, width: int, height: int, kind: str, seed: int) -> None:
    """Paper texture, ink lines and a few colour patches: compresses like a real scan."""
    rng = random.Random(seed)
    small = Image.effect_noise((width // 16, height // 16), 24).convert("RGB")
    tint = Image.new("RGB", small.size, (236, 224, 196))
    paper = Image.blend(small, tint, 0.75).resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(paper)
    step = max(24, height // 180)
    for y in range(step * 4, height - step * 4, step):
        x = step * 4
        while x < width - step * 8:
            length = rng.randint(step, step * 6)
            draw.rectangle((x, y, x + length, y + step // 3), fill=(40, 32, 28))
            x += length + step // 2
    for _ in range(6):
        x, y = rng.randrange(width - 600), rng.randrange(height - 600)
        draw.ellipse((x, y, x + 500, y + 400), fill=tuple(rng.randrange(40, 220) for _ in range(3)))
    if kind == "JPEG":
        paper.save(path, "JPEG", quality=88)
    else:
        paper.save(path, "TIFF", compression="tiff_lzw" if kind == "TIFF-LZW" else None)


def ensure_scans(work: Path, count: int) -> list[Path]:
    work.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, (name, width, height, kind) in enumerate(SCANS[:count]):
        path = work / "collection" / "scans" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            print(f"  generating {name} ({width}×{height}, {width * height / 1e6:.0f} MP, {kind})", flush=True)
            make_scan(path, width, height, kind, seed=index)
        paths.append(path)
    return paths


def ensure_imagemagick() -> None:
    """Debian's imagemagick, installed for the benchmark only (the test suite never needs it)."""
    if Path(CONVERT).exists():
        return
    print("==> installing Debian's imagemagick for the benchmark", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
    subprocess.run(sudo + ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq",
                           "imagemagick"], check=True, stdout=subprocess.DEVNULL)


def run_pustaka(scans: list[Path], root: Path, cache: Path, jobs: int, tiles: bool) -> tuple[float, int]:
    settings = MediaSettings(images=ImageSettings(tile_from=2500 if tiles else 0))
    paths = [str(p.relative_to(root)) for p in scans]
    started = time.perf_counter()
    manifest = process_media(paths, root, cache, settings=settings, jobs=jobs)
    seconds = time.perf_counter() - started
    assert not manifest.errors, manifest.errors
    return seconds, manifest.processed


def convert_one(source: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([CONVERT, str(source), "-auto-orient", "-thumbnail", "1600x1600", "-quality", "82",
                    "-write", str(out / "read.jpg"), "-quality", "80", "-write", str(out / "read.webp"),
                    "-thumbnail", "320x320", "-quality", "82", "-write", str(out / "thumb.jpg"),
                    "-quality", "80", str(out / "thumb.webp")], check=True, capture_output=True)


def run_imagemagick(scans: list[Path], out: Path, jobs: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda source: convert_one(source, out / source.name), scans))
    return time.perf_counter() - started


def run_builds(scans: list[Path], work: Path) -> tuple[float, float, str]:
    """A cold `pustaka build` of a project holding the scans, then one with nothing changed."""
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    project = work / "project"
    synth.make_collection(project, 20)
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("      collection: collection\n",
                                           "      collection: collection\n      tile_from: 0\n"))
    (project / "collection/media").mkdir(parents=True)
    for index, scan in enumerate(scans):
        os.link(scan, project / "collection/media" / scan.name)
        (project / f"collection/items/pindaian-{index}.yml").write_text(
            f"type: manuscript\ntitle: Pindaian {index}\nfiles:\n  - path: media/{scan.name}\n"
            f"    alt: Halaman pindaian {index}\n", encoding="utf-8")
    times, last = [], ""
    for _ in range(2):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--site-dir", "out"], cwd=project,
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        times.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stderr
        last = next((line for line in result.stderr.splitlines() if line.startswith("Media:")), "")
    return times[0], times[1], last


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run([CONVERT, "-version"], capture_output=True, text=True).stdout.splitlines()[0]
    return {"cpu": cpu, "cores": str(os.cpu_count()), "python": platform.python_version(),
            "pillow": Image.__version__ if hasattr(Image, "__version__") else "?",
            "libjpeg": features.version("libjpeg_turbo") or features.version("jpg") or "?", "webp": features.version("webp") or "?",
            "imagemagick": version.replace("Version: ", "")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=8, help=f"scans to process (at most {len(SCANS)})")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="workers on both sides")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side, alternating; the fastest counts")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "pustaka-bench-media",
                        help="where scans are generated (kept for the next run) and outputs written")
    parser.add_argument("--tiles", action="store_true", help="also time Pustaka with deep-zoom tiles on")
    parser.add_argument("--write", action="store_true", help="record the figures in bench/RESULTS.md")
    args = parser.parse_args()

    ensure_imagemagick()
    scans = ensure_scans(args.work, args.count)
    root = args.work / "collection"
    megapixels = sum(w * h for _, w, h, _ in SCANS[:len(scans)]) / 1e6
    print(f"{len(scans)} scans, {megapixels:.0f} MP in all, {sum(p.stat().st_size for p in scans) / 1e6:.0f} MB; "
          f"{args.jobs} workers per side", flush=True)
    load_before = os.getloadavg()[0]
    pustaka_times, magick_times = [], []
    for run in range(args.repeat):
        order = ("pustaka", "magick") if run % 2 == 0 else ("magick", "pustaka")
        for side in order:
            if side == "pustaka":
                cache = args.work / "cache"
                shutil.rmtree(cache, ignore_errors=True)
                seconds, processed = run_pustaka(scans, root, cache, args.jobs, tiles=False)
                assert processed == len(scans)
                pustaka_times.append(seconds)
            else:
                magick_times.append(run_imagemagick(scans, args.work / "magick", args.jobs))
            print(f"  run {run + 1} {side}: {(pustaka_times if side == 'pustaka' else magick_times)[-1]:.2f} s",
                  flush=True)
    rebuild_seconds, rebuild_processed = run_pustaka(scans, root, args.work / "cache", args.jobs, tiles=False)
    cold_build, warm_build, warm_media = run_builds(scans, args.work)
    tiles_seconds = None
    if args.tiles:
        shutil.rmtree(args.work / "cache-tiles", ignore_errors=True)
        tiles_seconds, _ = run_pustaka(scans, root, args.work / "cache-tiles", args.jobs, tiles=True)

    # The same sizes on both sides (ImageMagick may round the short edge the other way).
    sample = scans[0]
    ours = process_media([str(sample.relative_to(root))], root, args.work / "cache",
                         settings=MediaSettings(images=ImageSettings(tile_from=0))).files[str(sample.relative_to(root))]
    with Image.open(args.work / "magick" / sample.name / "read.webp") as im_read, \
            Image.open(args.work / "magick" / sample.name / "thumb.jpg") as im_thumb:
        theirs = {"read": im_read.size, "thumb": im_thumb.size}

    best_p, best_m = min(pustaka_times), min(magick_times)
    rate_p, rate_m = len(scans) / best_p, len(scans) / best_m
    ratio = rate_p / rate_m
    info = machine()
    info["load"] = f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    lines = [
        f"scans: {len(scans)} ({megapixels:.0f} MP), workers: {args.jobs}, runs per side: {args.repeat}",
        f"Pustaka      {best_p:7.2f} s  {rate_p:6.2f} images/s  (median {statistics.median(pustaka_times):.2f} s)",
        f"ImageMagick  {best_m:7.2f} s  {rate_m:6.2f} images/s  (median {statistics.median(magick_times):.2f} s)",
        f"ratio        {ratio:.2f}x ImageMagick's throughput (target: at least 2x)",
        f"no-change rebuild: {rebuild_seconds:.3f} s, {rebuild_processed} images processed (target: 0)",
        f"pustaka build of {len(scans)} scans + 20 items: cold {cold_build:.1f} s; "
        f"no change {warm_build:.1f} s ({warm_media})",
        f"sizes of {sample.name}: Pustaka read {ours['read']['width']}×{ours['read']['height']}, "
        f"thumb {ours['thumb']['width']}×{ours['thumb']['height']}; ImageMagick read {theirs['read'][0]}×"
        f"{theirs['read'][1]}, thumb {theirs['thumb'][0]}×{theirs['thumb'][1]}",
    ]
    if tiles_seconds is not None:
        lines.append(f"Pustaka with deep-zoom tiles (512 px, IIIF level 0) as well: {tiles_seconds:.2f} s, "
                     f"{len(scans) / tiles_seconds:.2f} images/s")
    print("\n".join(lines))
    ok = ratio >= 2 and rebuild_processed == 0 and warm_media.startswith("Media: 0 processed")
    if args.write:
        write_results(lines, info, scans)
    return 0 if ok else 1


def write_results(lines: list[str], info: dict[str, str], scans: list[Path]) -> None:
    results = ROOT / "bench/RESULTS.md"
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    kinds = ", ".join(f"{name} ({w}×{h}, {fmt})" for name, w, h, fmt in SCANS[:len(scans)])
    section = "\n".join([
        "## Media",
        "",
        f"`bench/media.py`, {dt.date.today().isoformat()}. Machine: {info['cpu']}, {info['cores']} cores "
        f"(shared with other work during the run: 1-minute load average "
        f"{info['load']}), Python {info['python']}, Pillow {info['pillow']} "
        f"(libjpeg-turbo {info['libjpeg']}, libwebp {info['webp']}), {info['imagemagick']} "
        "with Debian's default resource policy.",
        "",
        f"Scans: {kinds}. A modest set because the machine is small and shared. Each side makes the "
        "same four files per scan (1600 px and 320 px long edge, WebP and JPEG) with as many workers "
        "as cores; Pustaka's tiles are off for the comparison.",
        "",
        "```",
        *lines,
        "```",
        "",
    ])
    start = text.find("\n## Media\n")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start + 1] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text, encoding="utf-8")
    print(f"wrote the Media section of {results}")


if __name__ == "__main__":
    sys.exit(main())
