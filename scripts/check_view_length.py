"""List every top-level function in the page modules (*/views.py, */views/*.py, */web.py)
longer than the limit, counted from its `def` line to its last line (decorators left out).

Usage: python scripts/check_view_length.py [--limit 20]; exits 1 when one is longer."""

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", ".git", "migrations"}


def page_modules() -> list[Path]:
    found = set()
    for pattern in ("*/views.py", "*/views/*.py", "*/web.py"):
        found.update(p for p in ROOT.glob(pattern) if not SKIP & set(p.parts))
    return sorted(found)


def long_functions(path: Path, limit: int) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [(node.name, node.end_lineno - node.lineno + 1) for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args()
    failed = False
    for path in page_modules():
        for name, lines in long_functions(path, args.limit):
            failed = True
            print(f"{path.relative_to(ROOT)}: {name} {lines} lines")
    if not failed:
        print(f"No view function over {args.limit} lines.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
