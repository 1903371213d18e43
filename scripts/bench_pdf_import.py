#!/usr/bin/env python3
"""Benchmark of PDF import (not a timed test): speed and memory on this machine.

    python scripts/bench_pdf_import.py [--scan-pages 50] [--scan-dpi 300]   (repo root)

1. A 20-page text PDF (the seed directive laid out on A4 and repeated, with running
   header, page numbers, tables none): read + preview (parse with the Kon Tum registry).
   Target: 3 s or less.
2. A scan of `--scan-pages` pages (default 50; A4 images at `--scan-dpi`, JPEG, kept under
   the 20 MB upload limit): read page by page by Tesseract (vie) at 300 dpi. Prints the
   seconds per page (target: 10 s or less), the peak Python allocations (tracemalloc),
   the process's peak RSS and its RSS after each page (bounded: one page at a time), and
   Tesseract's peak RSS (children).

Needs the dev requirements (fpdf2, pillow) and tesseract-ocr + tesseract-ocr-vie.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from directives.importer import parse_directive, read_upload  # noqa: E402
from directives.importer.model import registry_from_dict  # noqa: E402
from directives.importer.pdf import OcrConfig, open_pdf  # noqa: E402
from tests.directives.importer.pdf_samples import scanned_pdf, text_pdf  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "directives" / "importer" / "data"
SEED = (DATA / "chi-thi-06-CT-TU-kon-tum.txt").read_text(encoding="utf-8")


def _registry():
    import json

    return registry_from_dict(json.loads(
        (DATA / "kontum-2021-registry.json").read_text(encoding="utf-8")))


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def bench_text(registry) -> None:
    data = text_pdf(SEED, min_pages=20)
    with open_pdf(data) as pdf:
        pages = pdf.page_count
    started = time.perf_counter()
    text = read_upload(data, "chi-thi.pdf")
    read = time.perf_counter() - started
    preview = parse_directive(text, registry).as_dict()
    total = time.perf_counter() - started
    items = sum(len(s["items"]) for s in preview["sections"])
    print(f"text PDF: {pages} pages, {len(data) / 1024:.0f} KB -> {len(text)} chars, "
          f"{len(preview['sections'])} sections, {items} items")
    print(f"  read {read:.2f} s, read + preview {total:.2f} s "
          f"({'OK' if total <= 3 else 'OVER'} target 3 s)")


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def make_scan(path: str, pages: int, dpi: int) -> None:
    """Write the scan (run in a child process: drawing pages must not count as reading)."""
    quality = 70
    while True:  # the heaviest scan the 20 MB limit lets through
        data = scanned_pdf(SEED, dpi=dpi, pages=pages, jpeg_quality=quality, grain=8)
        if len(data) <= 20 * 1024 * 1024 or quality <= 20:
            break
        quality -= 10
    Path(path).write_bytes(data)
    print(f"scan: {pages} pages at {dpi} dpi with grain, JPEG q{quality}, "
          f"{len(data) / 2**20:.1f} MB ({len(data) / pages / 1024:.0f} KB a page)")


def bench_scan(pages: int, dpi: int) -> None:
    """Draw the scan in one child process, read it in another: each measures only its own
    work (the reader's children are the tesseract runs)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "scan.pdf")
        for mode in ("--make-scan", "--read-scan"):
            subprocess.run([sys.executable, __file__, mode, path,  # noqa: S603
                            "--scan-pages", str(pages), "--scan-dpi", str(dpi)], check=True)


def _tesseract_peak_mb(data: bytes) -> float:
    """Tesseract's own peak RSS (VmHWM) on the scan's first page, sampled from /proc."""
    import subprocess

    from directives.importer.pdf import _page_pgm

    with open_pdf(data) as pdf:
        page = pdf.document[0]
        image = _page_pgm(page, 300)
        page.close()
    child = subprocess.Popen(["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "4"],  # noqa: S607
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    child.stdin.write(image)
    child.stdin.close()
    peak = 0.0
    while child.poll() is None:
        try:
            with open(f"/proc/{child.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.05)
    return peak


def read_scan(path: str) -> None:
    data = Path(path).read_bytes()
    pages = open_pdf(data).page_count
    walls: list[float] = []
    cpus: list[float] = []
    rss: list[float] = []
    mark = [time.perf_counter(), 0.0]

    def on_page(done: int, total: int, ocr: bool) -> None:
        now = time.perf_counter()
        cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
        walls.append(now - mark[0])
        cpus.append(cpu - mark[1])
        mark[0], mark[1] = now, cpu
        rss.append(_rss_mb())
        print(f"  page {done}/{total}{' OCR' if ocr else ''}: {walls[-1]:.1f} s wall, "
              f"{cpus[-1]:.1f} s CPU, RSS {rss[-1]:.0f} MB, "
              f"load {os.getloadavg()[0]:.1f}", flush=True)

    rss_start = _rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    mark[0], mark[1] = started, _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
    text = read_upload(data, "scan.pdf", ocr=OcrConfig(), on_page=on_page)
    elapsed = time.perf_counter() - started
    py_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = _tesseract_peak_mb(data)
    print(f"  {pages} pages, {len(text)} chars read in {elapsed:.0f} s")
    print(f"  seconds per page, wall: median {statistics.median(walls):.1f}, "
          f"max {max(walls):.1f}, mean {statistics.mean(walls):.1f} "
          f"({'OK' if statistics.median(walls) <= 10 else 'OVER'} target 10 s)")
    print(f"  seconds per page, CPU (this process + tesseract): median "
          f"{statistics.median(cpus):.1f}, max {max(cpus):.1f}")
    print(f"  memory: Python allocations peak {py_peak / 2**20:.0f} MB (tracemalloc); "
          f"process RSS {rss_start:.0f} MB before, {min(rss):.0f}-{max(rss):.0f} MB "
          f"after each page, peak {self_peak:.0f} MB (whole reading process); tesseract peak RSS "
          f"{child_peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scan-pages", type=int, default=50)
    parser.add_argument("--scan-dpi", type=int, default=300)
    parser.add_argument("--skip-scan", action="store_true")
    parser.add_argument("--make-scan", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--read-scan", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_scan:
        make_scan(args.make_scan, args.scan_pages, args.scan_dpi)
        return
    if args.read_scan:
        read_scan(args.read_scan)
        return
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    bench_text(_registry())
    if not args.skip_scan:
        bench_scan(args.scan_pages, args.scan_dpi)


if __name__ == "__main__":
    main()
