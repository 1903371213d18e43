"""Compare the parser with hand-made breakdowns.

Usage::

    python -m directives.importer.evaluate [DATA_DIR_OR_FILES ...]
    python -m directives.importer.evaluate --cv [--loo] [DIRS_OR_FILES ...]
    python -m directives.importer.evaluate --bench

Without ``--cv``: per-file precision, recall and parse time of the parser as
shipped (``*.expected.json``, default: the tuned data folder).
With ``--cv``: held-out figures over the labelled documents
(``data/*.expected.json`` and ``corpus/*.labels.json`` by default, see
:mod:`.corpus`): the line model is trained on the other folds (k=10 by
document, or leave-one-document-out with ``--loo``) and scored on the fold
left out; the rules alone are scored alongside. ``--bench`` times the
preview of two 30 KB texts: a plan of long lines and a text of many short
lines (``crossval.short_lines_text``).

Items match by line or, failing that, by their opening words; sections
match by line. Only lines a breakdown covers are scored.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import load_registry_json
from .parser import parse_directive
from .scoring import Score, match_items

DEFAULT_DATA_DIR = (
    Path(__file__).resolve().parents[2] / "tests" / "directives" / "importer" / "data"
)


@dataclass
class FileResult:
    """Evaluation of one expected file."""

    name: str
    items: Score = field(default_factory=Score)
    sections: Score = field(default_factory=Score)
    seconds: float = 0.0
    lines: int = 0
    result: dict[str, Any] = field(default_factory=dict)


def evaluate_file(expected_path: str | Path) -> FileResult:
    """Parse the source of one expected file and score it."""
    path = Path(expected_path)
    expected = json.loads(path.read_text(encoding="utf-8"))
    source = path.parent / expected["source"]
    text = source.read_text(encoding="utf-8")
    registry = (
        load_registry_json(path.parent / expected["registry"]) if expected.get("registry") else None
    )
    started = time.perf_counter()
    result = parse_directive(text, registry).as_dict()
    seconds = time.perf_counter() - started
    out = FileResult(
        name=expected["source"], seconds=seconds, lines=text.count("\n") + 1, result=result
    )
    exp_items = [i for s in expected["sections"] for i in s["items"]]
    got_items = [i for s in result["sections"] for i in s["items"]]
    out.items = Score(len(exp_items), len(got_items), match_items(exp_items, got_items))
    exp_lines = {s["line"] for s in expected["sections"]}
    got_lines = [s["line"] for s in result["sections"]]
    out.sections = Score(len(exp_lines), len(got_lines), len(exp_lines & set(got_lines)))
    return out


def expected_files(targets: list[str] | None = None) -> list[Path]:
    """Expected files from folders and/or file paths (default: the test data folder)."""
    paths: list[Path] = []
    for target in targets or [str(DEFAULT_DATA_DIR)]:
        p = Path(target)
        paths.extend(sorted(p.glob("*.expected.json")) if p.is_dir() else [p])
    return paths


def evaluate(targets: list[str] | None = None) -> list[FileResult]:
    """Evaluate every expected file found in ``targets``."""
    return [evaluate_file(p) for p in expected_files(targets)]


def format_report(results: list[FileResult]) -> str:
    """A plain-text table of the scores."""
    head = f"{'file':44} {'items P':>7} {'items R':>7} {'sect P':>7} {'sect R':>7} {'items':>9} {'lines':>5} {'ms':>7}"
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(
            f"{r.name[:44]:44} {r.items.precision:7.2f} {r.items.recall:7.2f} {r.sections.precision:7.2f} "
            f"{r.sections.recall:7.2f} {r.items.matched:>4}/{r.items.expected:<4} {r.lines:5d} {r.seconds * 1000:7.1f}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m directives.importer.evaluate",
        description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="DIR_OR_FILE",
                        help="breakdown folders or files (default: the tuned data folder; "
                             "with --cv the data and corpus folders)")
    parser.add_argument("--cv", action="store_true",
                        help="held-out figures per shape, 10-fold by document")
    parser.add_argument("--loo", action="store_true",
                        help="with --cv: leave one document out instead of 10 folds")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="with --cv: the figures per document too")
    parser.add_argument("--bench", action="store_true", help="time a 30 KB preview")
    args = parser.parse_args(list(argv or []))
    missing = [t for t in args.targets if not Path(t).exists()]
    if missing:
        parser.error("not found: " + ", ".join(missing))
    if args.bench:
        from .crossval import bench

        print(bench())
        return 0
    if args.cv:
        from .crossval import run_cv

        print(run_cv(args.targets or None, folds=0 if args.loo else 10, verbose=args.verbose))
        return 0
    print(format_report(evaluate(args.targets or None)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
