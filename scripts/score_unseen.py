"""Score the shipped parser on labelled corpus documents picked by name prefix.

The figure to expect of a text no rule or model has seen: ``parse_directive`` with the
committed line model (as the import page runs it), a text the importer refuses counted as
nothing found, scored as ``evaluate --cv`` scores (``crossval.score_sections``).
Only meaningful for documents the committed model was NOT trained on (score them before
retraining with them).

    PYTHONPATH=. python scripts/score_unseen.py 150 151 ... 161
    PYTHONPATH=. python scripts/score_unseen.py --range 170 179
    # another checkout's code and model on this branch's labels:
    PYTHONPATH=../other python scripts/score_unseen.py --range 180 189 \
        --dir tests/directives/importer/corpus
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from directives.importer.corpus import CORPUS_DIR, load_doc
from directives.importer.crossval import f1, score_sections, sum_scores
from directives.importer.model import ImportInputError, load_registry_json
from directives.importer.parser import parse_directive


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prefixes", nargs="*", help="document name prefixes (e.g. 150 171)")
    ap.add_argument("--range", nargs=2, type=int, metavar=("FROM", "TO"))
    ap.add_argument("--dir", default=str(CORPUS_DIR), help="folder of the labels (default: corpus)")
    args = ap.parse_args(argv)
    prefixes = list(args.prefixes)
    if args.range:
        prefixes += [f"{n:03d}_" for n in range(args.range[0], args.range[1] + 1)]
    labels = Path(args.dir).glob("*.labels.json")
    paths = sorted(p for p in labels if any(p.name.startswith(x) for x in prefixes))
    scores = []
    for path in paths:
        doc = load_doc(path)
        if doc is None:
            print(f"{path.name}: text not found (set TRACKER_SHARED_DIR)")
            continue
        registry = load_registry_json(doc.registry) if doc.registry else None
        try:
            sections = parse_directive(doc.text, registry).sections
            note = ""
        except ImportInputError as exc:
            sections, note = [], f"refused: {exc}"
        s = score_sections(doc, sections)
        scores.append(s)
        print(
            f"{doc.name[:52]:52} {doc.shape:9} items {s.items.matched:3d}/{s.items.expected:3d}"
            f" found {s.items.found:3d} F1 {f1(s.items):.2f}  sections {s.sections.matched}/"
            f"{s.sections.expected} found {s.sections.found} {note}"
        )
    if scores:
        items = sum_scores([s.items for s in scores])
        sects = sum_scores([s.sections for s in scores])
        print(
            f"ALL {len(scores)} docs: items exp {items.expected} found {items.found} matched"
            f" {items.matched} P {items.precision:.3f} R {items.recall:.3f} F1 {f1(items):.3f};"
            f" sections F1 {f1(sects):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
