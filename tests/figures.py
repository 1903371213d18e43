"""Figures the tests measure, printed at the end of the run by tests/conftest.py's
pytest_terminal_summary (a test records them; none is a test of its own)."""

from collections import Counter

FIGURES: dict[str, Counter] = {}


def figures(title: str) -> Counter:
    """The figures under `title`: name → a number (missing ones count from 0), or a pair
    printed "a / b"."""
    return FIGURES.setdefault(title, Counter())


def lines() -> list[str]:
    out = []
    for title, values in FIGURES.items():
        if not values:
            continue
        out.append(f"{title}:")
        for name, value in sorted(values.items()):
            shown = " / ".join(map(str, value)) if isinstance(value, tuple) else value
            out.append(f"  {name}: {shown}")
    return out
