"""What changed between two versions of a report, part by part (the review page's
"compare with the previous version", and the API's `changes`).

Words are compared (difflib over word tokens, whitespace kept with the word before it),
so a reviewer sees the sentences a unit added or removed after a return."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import REPORT_PARTS, ProgressReport

SUMMARY = ("text", _("Tóm tắt"))
_TOKEN = re.compile(r"\S+\s*|\s+")
# Parts longer than this many words are compared line by line: difflib on words is
# quadratic in the worst case, and a 100.000-character part must not stall the page.
WORD_LIMIT = 4_000


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class PartChange:
    name: str
    label: str
    changed: bool
    segments: list[Segment]

    def as_dict(self) -> dict:
        return {"part": self.name, "label": str(self.label), "changed": self.changed,
                "segments": [{"op": s.op, "text": s.text} for s in self.segments]}


def previous_version(report: ProgressReport) -> ProgressReport | None:
    """The version submitted before this one (drafts are never compared)."""
    return (ProgressReport.objects.filter(obligation_id=report.obligation_id,
                                          version__lt=report.version)
            .exclude(status=ProgressReport.Status.DRAFT).order_by("-version").first())


def _tokens(text: str) -> list[str]:
    words = _TOKEN.findall(text or "")
    if len(words) > WORD_LIMIT:
        return (text or "").splitlines(keepends=True)
    return words


def text_changes(old: str, new: str) -> list[Segment]:
    """`old` → `new` as runs of kept, added and removed text (adjacent runs merged)."""
    a, b = _tokens(old), _tokens(new)
    segments: list[Segment] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            push("same", "".join(a[i1:i2]))
            continue
        push("removed", "".join(a[i1:i2]))
        push("added", "".join(b[j1:j2]))
    return segments


def report_changes(report: ProgressReport, previous: ProgressReport) -> list[PartChange]:
    """Each part of `report` against `previous`: the summary, then the five parts."""
    changes = []
    for name, label in [SUMMARY, *REPORT_PARTS]:
        old, new = getattr(previous, name) or "", getattr(report, name) or ""
        changes.append(PartChange(name=name, label=label, changed=old != new,
                                  segments=text_changes(old, new)))
    return changes
