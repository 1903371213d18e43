#!/usr/bin/env python3
"""Time and peak memory for refusing a .docx zip bomb at the directive importer.

    python scripts/bench_upload_refusal.py [DECLARED_MB]   (from the repository root)

Builds a genuine python-docx document whose word/document.xml declares DECLARED_MB
(default 300) uncompressed, then hands it to the importer's reader (the code the API
and the import page call) and prints the file size, the outcome, the wall time and the
peak of Python allocations (tracemalloc) and the process's peak RSS growth.
"""

import os
import resource
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from directives.importer import ImportInputError, read_upload  # noqa: E402
from tests.directives.importer.bombs import docx_bomb  # noqa: E402


def main() -> None:
    declared_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    data = docx_bomb(declared_mb)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read_upload(data, "chi-thi.docx")
        outcome = "accepted"
    except ImportInputError as exc:
        outcome = f"refused [{exc.code}] {exc.message}"
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    print(f"file: {len(data) / 1024:.0f} KB declaring {declared_mb} MB uncompressed")
    print(f"outcome: {outcome}")
    print(f"time: {elapsed * 1000:.1f} ms")
    print(f"peak traced allocations: {peak / 1024 / 1024:.2f} MB")
    print(f"peak RSS growth: {rss_growth / 1024:.1f} MB")


if __name__ == "__main__":
    main()
