"""Held-out evaluation of the line labeller (``evaluate --cv``) and the preview benchmark.

Documents are never split: k-fold by document or leave-one-document-out. A
document's fold is fixed by its name (:func:`fold_of`: the SHA-1 of the name,
mod k), so adding documents to the corpus never moves the others between
folds and the held-out figures of the old documents stay comparable. For each fold a model
is trained on the other documents only, and the fold's documents are parsed
with it. The rules alone (no model) are scored on the same documents.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import LabelledDoc, load_docs
from .linemodel import Labeller
from .model import Section
from .parser import parse_directive
from .repair import labelled_walk
from .scoring import Score, match_items
from .train import Prepared, prepare, train


@dataclass
class DocScore:
    """Scores of one document."""

    doc: LabelledDoc
    items: Score = field(default_factory=Score)
    sections: Score = field(default_factory=Score)


def score_sections(doc: LabelledDoc, sections: list[Section]) -> DocScore:
    """Compare found sections and items with the breakdown, within the covered lines."""
    out = DocScore(doc)
    found_items: list[dict[str, Any]] = [
        {"line": i.line, "text": i.text} for s in sections for i in s.items if doc.covers(i.line)
    ]
    expected = doc.items
    out.items = Score(len(expected), len(found_items), match_items(expected, found_items))
    exp_lines = set(doc.section_lines)
    got_lines = {s.line for s in sections if doc.covers(s.line)}
    out.sections = Score(len(exp_lines), len(got_lines), len(exp_lines & got_lines))
    return out


def f1(score: Score) -> float:
    p, r = score.precision, score.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def sum_scores(scores: list[Score]) -> Score:
    return Score(
        sum(s.expected for s in scores),
        sum(s.found for s in scores),
        sum(s.matched for s in scores),
    )


def fold_of(name: str, k: int) -> int:
    """The fold of a document: fixed by its name, whatever else is in the corpus."""
    return int(hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).hexdigest(), 16) % k


def held_out(prepared: list[Prepared], folds: int) -> list[DocScore]:
    """Score every document with a model trained without it (``folds`` = 0: leave one out)."""
    if not folds or folds >= len(prepared):
        assigned = list(range(len(prepared)))  # leave one out
        k = len(prepared)
    else:
        k = folds
        assigned = [fold_of(p.doc.name, k) for p in prepared]
    out: list[DocScore | None] = [None] * len(prepared)
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(k):
            test = [i for i in range(len(prepared)) if assigned[i] == fold]
            if not test:
                continue
            path = Path(tmp) / f"fold{fold}.crfsuite"
            train([p for i, p in enumerate(prepared) if assigned[i] != fold], path)
            labeller = Labeller(path)
            for i in test:
                reading = prepared[i].reading
                walker = labelled_walk(reading, labeller.tag(reading))
                out[i] = score_sections(prepared[i].doc, walker.sections)
    return [s for s in out if s is not None]


def _table(title: str, rows: list[tuple[str, int, list[DocScore]]]) -> list[str]:
    head = (
        f"{title:14} {'docs':>4} {'items':>5} {'item P':>6} {'item R':>6} {'item F1':>7}"
        f" {'sect P':>6} {'sect R':>6} {'sect F1':>7}"
    )
    lines = [head, "-" * len(head)]
    for name, n, scores in rows:
        items = sum_scores([s.items for s in scores])
        sects = sum_scores([s.sections for s in scores])
        lines.append(
            f"{name:14} {n:4d} {items.expected:5d} {items.precision:6.2f} {items.recall:6.2f} {f1(items):7.3f}"
            f" {sects.precision:6.2f} {sects.recall:6.2f} {f1(sects):7.3f}"
        )
    return lines


def _by_shape(scores: list[DocScore]) -> list[tuple[str, int, list[DocScore]]]:
    groups: dict[str, list[DocScore]] = defaultdict(list)
    for s in scores:
        groups[s.doc.shape].append(s)
    rows = [(shape, len(g), g) for shape, g in sorted(groups.items())]
    rows.append(("OVERALL", len(scores), scores))
    return rows


def run_cv(targets: list[str] | None = None, *, folds: int = 10, verbose: bool = False) -> str:
    """The --cv report: rules alone, then the line model held out."""
    docs, skipped = load_docs(targets)
    out: list[str] = []
    if skipped:
        out.append(f"skipped {skipped} documents: shared corpus not found (set TRACKER_SHARED_DIR)")
    if not docs:
        out.append("no labelled documents found")
        return "\n".join(out)
    prepared = [prepare(d) for d in docs]
    rules = [score_sections(p.doc, p.reading.walker.sections) for p in prepared]
    model = held_out(prepared, folds)
    how = (
        "leave-one-document-out" if not folds or folds >= len(docs) else f"{folds}-fold by document"
    )
    out.append(f"{len(docs)} documents; line model scored {how}")
    out.append("")
    out.extend(_table("RULES ONLY", _by_shape(rules)))
    out.append("")
    out.extend(_table("MODEL (held)", _by_shape(model)))
    if verbose:
        out.append("")
        out.append(
            f"{'document':52} {'shape':10} {'rules F1':>8} {'model F1':>8} {'exp':>4} {'found':>5}"
        )
        for r, m in zip(rules, model, strict=True):
            out.append(
                f"{r.doc.name[:52]:52} {r.doc.shape:10} {f1(r.items):8.2f} {f1(m.items):8.2f}"
                f" {m.items.expected:4d} {m.items.found:5d}"
            )
    return "\n".join(out)


def _cut(text: str, size: int) -> str:
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def short_lines_text(size: int = 30_000) -> str:
    """A text of many short lines (plans and task lists: table cells, short list entries), built
    from the corpus alone: its texts with the shortest lines (mean bytes per non-blank line),
    shortest first, joined by a blank line and cut at ``size`` bytes. With the corpus of issue 13
    that is 066 (a Nghệ An plan, 656 lines of ~29 bytes) and the head of 098: ~1,050 lines."""
    from .corpus import CORPUS_DIR

    ranked = []
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        lines = sum(1 for ln in body.splitlines() if ln.strip())
        ranked.append((len(body.encode("utf-8")) / max(lines, 1), path.name, body))
    text = ""
    for _, _, body in sorted(ranked):
        if len(text.encode("utf-8")) >= size:
            break
        text += ("\n\n" if text else "") + body
    return _cut(text, size)


def bench(repeat: int = 5) -> str:
    """Preview time of two ~30 KB texts with the shipped parser (wall clock and CPU, caches
    cleared before each run): a plan of long lines, and a text of many short lines
    (:func:`short_lines_text`), where the per-line readings cost the most."""
    from .chrome import is_noise_line
    from .corpus import DATA_DIR
    from .normalize import fold, is_all_caps
    from .structure import plain, split_marker

    base = (DATA_DIR / "ke-hoach-773-QD-TTg-2018.txt").read_text(encoding="utf-8")
    text = base
    while len(text.encode("utf-8")) < 30_000:
        text += "\n\n" + base
    out = []
    for label, case in (("", _cut(text, 30_000)), (" of short lines", short_lines_text())):
        parse_directive(case)  # warm up: model load, compiled patterns
        wall, cpu = [], []
        for _ in range(repeat):
            for cached in (fold, plain, split_marker, is_all_caps, is_noise_line):
                cached.cache_clear()  # a new text: no line read before
            started, started_cpu = time.perf_counter(), time.process_time()
            parse_directive(case).as_dict()
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        size = len(case.encode("utf-8"))
        out.append(
            f"preview of a {size / 1000:.1f} KB text{label} ({case.count(chr(10)) + 1} lines), "
            f"{repeat} runs: wall {_ms(wall)}; CPU {_ms(cpu)}"
        )
    return "\n".join(out)


def _ms(values: list[float]) -> str:
    return f"median {sorted(values)[len(values) // 2] * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
