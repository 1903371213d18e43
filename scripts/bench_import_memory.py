#!/usr/bin/env python3
"""Benchmark of the importer's memory (not a timed test): a 2 MB upload, each kind.

    python scripts/bench_import_memory.py [--kinds txt docx pdf scan] [--limit-mb 200]

Each upload (the seed directive repeated: as plain text of 2 MB; as a DOCX of up to 2 MB
holding as much text as the zip check lets through, 32 MB inflated; as a text PDF of 50
pages, the page limit, which stays far under 2 MB; and as a scanned PDF of about 2 MB
read by Tesseract) is imported
in a fresh Python process through the real preview path: the import page's form
(`directives.web.ImportForm`: type sniffing, size checks, text extraction and preview)
and, for a PDF, what the background job then does (`text_from_upload` page by page,
then `import_preview`). The process reports its peak RSS (ru_maxrss: the interpreter,
Django and the libraries included), its RSS before the upload, and the peak of Python's
own allocations during the import (tracemalloc, in a second fresh process: it costs
memory of its own). Tesseract runs as a child process and
is not counted in the peak RSS (RUSAGE_CHILDREN is printed beside it).

The database is a SQLite file migrated once (in a temporary folder) with the demo's
units, so that the preview matches units as it does in use. Target: the peak RSS of
every kind at most `--limit-mb` (200 MB); the exit status is 1 when one is over.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_BYTES = 2 * 1024 * 1024 - 4096  # just under the 2 MB upload limit
KINDS = ("txt", "docx", "pdf", "scan")


def _seed() -> str:
    return (ROOT / "devtools" / "demo" / "chi-thi-06-CT-TU-kon-tum.txt").read_text("utf-8")


def _repeat_to(text: str, size: int) -> bytes:
    block = (text.rstrip("\n") + "\n\n").encode("utf-8")
    data = block * (size // len(block))
    rest = size - len(data)
    return data + block[:rest].decode("utf-8", "ignore").encode("utf-8")


def make_txt() -> bytes:
    return _repeat_to(_seed(), TARGET_BYTES)


def make_docx() -> bytes:
    """A real python-docx document whose paragraphs are the seed's lines, repeated as
    often as the upload limit (2 MB, deflated), the zip check (32 MB inflated) and the
    text limit (2 MB of text) allow: the most a DOCX upload makes the importer read."""
    from xml.sax.saxutils import escape

    from directives.importer.upload import DOCX_MAX_TEXT_BYTES, DOCX_ZIP_LIMITS
    from tests.directives.importer.bombs import docx_with_body

    lines = [line for line in _seed().splitlines() if line.strip()]
    paragraph = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r>"
                        f"</w:p>" for line in lines).encode("utf-8")
    text = sum(len(line.encode()) + 1 for line in lines)  # the bytes one copy reads as
    low, high = 1, min((DOCX_ZIP_LIMITS.max_total_bytes - 1024 * 1024) // len(paragraph),
                       int(0.97 * DOCX_MAX_TEXT_BYTES) // text)
    if len(docx_with_body(paragraph, high)) <= TARGET_BYTES:
        return docx_with_body(paragraph, high)
    while high - low > 1:  # the most copies that stay under the upload limit
        middle = (low + high) // 2
        fits = len(docx_with_body(paragraph, middle)) <= TARGET_BYTES
        low, high = (middle, high) if fits else (low, middle)
    return docx_with_body(paragraph, low)


def make_pdf() -> bytes:
    from directives.importer.pdf import open_pdf
    from tests.directives.importer.pdf_samples import text_pdf

    for pages in range(50, 0, -1):  # the most pages the 50-page limit lets through
        data = text_pdf(_seed(), min_pages=pages)
        with open_pdf(data, max_pages=1000) as pdf:
            if pdf.page_count <= 50:
                return data
    raise AssertionError("no text PDF of 50 pages or fewer")


def make_scan() -> bytes:
    """A scan of about 2 MB: a few A4 pages at 300 dpi with scanner grain."""
    from tests.directives.importer.pdf_samples import scanned_pdf

    pages, data = 1, b""
    while True:
        candidate = scanned_pdf(_seed(), dpi=300, pages=pages, jpeg_quality=60, grain=8)
        if len(candidate) > TARGET_BYTES:
            return data or candidate
        pages, data = pages + 1, candidate


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(kind: str, path: str, trace: bool) -> None:
    """Import one upload in this fresh process; print one JSON line of figures. The peak
    RSS is measured without tracemalloc (which costs memory of its own), the Python
    allocations' peak in a second process with it."""
    import tracemalloc

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directives.importing import import_preview, text_from_upload
    from directives.web import ImportForm

    data = Path(path).read_bytes()
    name = {"txt": "chi-thi.txt", "docx": "chi-thi.docx"}.get(kind, "chi-thi.pdf")
    before = _rss_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    form = ImportForm({}, {"file": SimpleUploadedFile(name, data)})
    valid = form.is_valid()
    outcome = "preview" if valid else f"refused: {dict(form.errors)}"
    items = 0
    if valid and form.cleaned_data.get("pdf") is not None:  # the background job's part
        preview = import_preview(text=text_from_upload(data=form.cleaned_data["pdf"],
                                                       filename=name))
    else:
        preview = form.cleaned_data.get("preview") if valid else None
    if preview:
        items = sum(len(section["items"]) for section in preview["sections"])
    seconds = time.perf_counter() - started
    py_peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    tracemalloc.stop()
    print(json.dumps({
        "kind": kind, "bytes": len(data), "outcome": outcome[:200], "items": items,
        "seconds": round(seconds, 1), "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "tracemalloc_peak_mb": py_peak and round(py_peak, 1),
        "children_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }))


def _database(folder: str) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test",
               DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3", CELERY_TASK_ALWAYS_EAGER="1")
    env.pop("TEST_DATABASE_NAME", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"],  # noqa: S603
                   cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-c", (  # noqa: S603
        "import django; django.setup(); "
        "from devtools.demo.loader import load_demo_units; load_demo_units()")],
        cwd=ROOT, env=env, check=True)
    return env


def _measure(kind: str, path: str, env: dict, trace: bool) -> dict:
    command = [sys.executable, __file__, "--child", kind, path] + (["--trace"] * trace)
    run = subprocess.run(command, cwd=ROOT, env=env, check=True,  # noqa: S603
                         capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="*", default=list(KINDS), choices=KINDS)
    parser.add_argument("--limit-mb", type=float, default=200)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, trace=args.trace)
        return 0
    makers = {"txt": make_txt, "docx": make_docx, "pdf": make_pdf, "scan": make_scan}
    over = 0
    with tempfile.TemporaryDirectory() as folder:
        env = _database(folder)
        for kind in args.kinds:
            path = os.path.join(folder, f"upload.{kind}")
            Path(path).write_bytes(makers[kind]())
            found, traced = (_measure(kind, path, env, trace) for trace in (False, True))
            found["tracemalloc_peak_mb"] = traced["tracemalloc_peak_mb"]
            verdict = "OK" if found["peak_rss_mb"] <= args.limit_mb else "OVER"
            over += verdict == "OVER"
            print(f"{kind:5} {found['bytes'] / 2**20:.2f} MB -> {found['outcome']}, "
                  f"{found['items']} items, {found['seconds']} s; peak RSS "
                  f"{found['peak_rss_mb']:.0f} MB (before the upload "
                  f"{found['rss_before_mb']:.0f} MB), Python allocations peak "
                  f"{found['tracemalloc_peak_mb']:.0f} MB, Tesseract peak "
                  f"{found['children_peak_rss_mb']:.0f} MB: {verdict} "
                  f"(limit {args.limit_mb:.0f} MB)", flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
