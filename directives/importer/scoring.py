"""Scoring a parse against a hand-made breakdown: precision/recall counts and the
item matching used by `evaluate` (per file) and `crossval` (held out)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .normalize import fold


@dataclass
class Score:
    """Precision/recall counts for one kind of element."""

    expected: int = 0
    found: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def _opening(text: str, n: int = 6) -> str:
    return " ".join(fold(text).split()[:n])


def match_items(expected: list[dict[str, Any]], found: list[dict[str, Any]]) -> int:
    """Greedy one-to-one matching: same line first, then same opening words."""
    free = list(found)
    matched = 0
    for exp in expected:
        hit = next((f for f in free if f["line"] == exp["line"]), None)
        if hit is None and exp.get("starts_with"):
            key = _opening(exp["starts_with"])
            hit = next((f for f in free if _opening(f["text"]).startswith(key[:30])), None)
        if hit is not None:
            free.remove(hit)
            matched += 1
    return matched
