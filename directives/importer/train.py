"""Train the line labeller from the labelled documents and write the committed model.

Usage::

    python -m directives.importer.train [DIRS_OR_FILES ...] [--out PATH]

Default inputs: tests/directives/importer/data/*.expected.json and
tests/directives/importer/corpus/*.labels.json (the corpus texts are read from
$TRACKER_SHARED_DIR or the ``shared`` folder beside the project root).
Documents are taken in name order and the trainer's settings are fixed
(:data:`.linemodel.TRAIN_PARAMS`), so the same corpus gives the same model.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from .corpus import LabelledDoc, gold_tags, load_docs
from .linemodel import MODEL_PATH, document_features, train_model
from .model import load_registry_json
from .walker import Reading, read_text


@dataclass
class Prepared:
    """A labelled document read by the rules, with its features and gold tags."""

    doc: LabelledDoc
    reading: Reading
    numbers: list[int]
    features: list[dict[str, float]]
    gold: list[str]  # one per line of the text

    def sequence(self) -> tuple[list[dict[str, float]], list[str]]:
        """Features and gold tags of the covered non-blank lines."""
        keep = [i for i, no in enumerate(self.numbers) if self.doc.covers(no)]
        return [self.features[i] for i in keep], [self.gold[self.numbers[i] - 1] for i in keep]


def prepare(doc: LabelledDoc) -> Prepared:
    registry = load_registry_json(doc.registry) if doc.registry else None
    reading = read_text(doc.text, registry)
    numbers, features = document_features(reading)
    return Prepared(doc, reading, numbers, features, gold_tags(doc, reading.lines, reading.noise))


def train(prepared: list[Prepared], out: str | Path) -> None:
    train_model([p.sequence() for p in prepared], out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m directives.importer.train", description=__doc__)
    ap.add_argument("targets", nargs="*", help="folders or breakdown files")
    ap.add_argument("--out", default=str(MODEL_PATH))
    args = ap.parse_args(argv)
    docs, skipped = load_docs(args.targets or None)
    if skipped:
        print(f"skipped {skipped} documents: shared corpus not found (set TRACKER_SHARED_DIR)")
    if not docs:
        print("no labelled documents found", file=sys.stderr)
        return 1
    prepared = [prepare(d) for d in docs]
    train(prepared, args.out)
    size = Path(args.out).stat().st_size
    lines = sum(len(p.sequence()[0]) for p in prepared)
    print(f"trained on {len(docs)} documents, {lines} lines -> {args.out} ({size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
