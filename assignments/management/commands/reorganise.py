"""`manage.py reorganise PLAN.csv --by USERNAME [--dry-run]`: apply a province-wide plan.

One row per unit of a change; the rows with the same `plan` key form one reorganisation,
applied in the file's order (a later change may name a unit an earlier one creates).
Columns (README, "Reorganisations"): plan, kind, effective_on, side, unit, code, name,
unit_kind, parent, new_name, new_parent, note. All or nothing: the first bad row stops
the whole file, its line named, and nothing is written. A split hands each open
assignment as its preview suggests (every new unit for an "each"-mode item, the first
target listed for a joint item).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assignments import reorganisation as reorg
from tracker import derived, tx
from tracker.errors import DomainError

COLUMNS = ["plan", "kind", "effective_on", "side", "unit", "code", "name", "unit_kind",
           "parent", "new_name", "new_parent", "note"]
_ROW = re.compile(r"^(sources|targets)\[(\d+)\]$")


class _DryRun(Exception):
    pass


def _date(raw: str, line: int) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw.strip(), fmt).date()  # noqa: DTZ007 - a day
        except ValueError:
            continue
    raise CommandError(_("Dòng %(line)d: ngày hiệu lực “%(raw)s” không hợp lệ.")
                       % {"line": line, "raw": raw})


def read_plans(path: Path) -> list[dict]:
    """The file's plans in order: {key, data (for plan_from), lines: {field: line}}."""
    plans: dict[str, dict] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("plan", "kind", "effective_on", "side")
                   if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(_("Thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)})
        for line, row in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in row.items() if k}
            key = row["plan"]
            if not key:
                raise CommandError(_("Dòng %(line)d: thiếu mã kế hoạch (cột plan).")
                                   % {"line": line})
            plan = plans.setdefault(key, {"key": key, "first": line, "lines": {}, "data": {
                "kind": row["kind"], "effective_on": _date(row["effective_on"], line),
                "sources": [], "targets": [], "new_name": "", "new_parent": "", "note": ""}})
            data = plan["data"]
            for name in ("new_name", "new_parent", "note"):
                if row.get(name):
                    data[name] = row[name]
            if row["side"] == "source":
                plan["lines"][f"sources[{len(data['sources'])}]"] = line
                data["sources"].append(row.get("unit", ""))
            elif row["side"] == "target":
                plan["lines"][f"targets[{len(data['targets'])}]"] = line
                data["targets"].append({"unit": row.get("unit", ""), "code": row.get("code", ""),
                                        "name": row.get("name", ""),
                                        "kind": row.get("unit_kind", ""),
                                        "parent": row.get("parent", "")})
            elif row["side"]:
                raise CommandError(_("Dòng %(line)d: cột side phải là source hoặc target.")
                                   % {"line": line})
    return list(plans.values())


class Command(BaseCommand):
    help = "Apply a reorganisation plan (CSV): rename, merge, split, move, dissolve units."

    def add_arguments(self, parser):
        parser.add_argument("plan", type=Path)
        parser.add_argument("--by", required=True, help="username of the board member or "
                            "administrator recorded as having applied it")
        parser.add_argument("--dry-run", action="store_true",
                            help="preview every change, write nothing")

    def handle(self, *args, plan: Path, by: str, dry_run: bool, **options):
        actor = get_user_model().objects.filter(username=by, is_active=True).first()
        if actor is None:
            raise CommandError(_("Không có người dùng %(name)s.") % {"name": by})
        plans = read_plans(plan)
        started = time.monotonic()
        try:
            with tx.batch(), derived.deferred():
                for entry in plans:
                    self._one(entry, actor)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            self.stdout.write(_("Chạy thử: không ghi gì."))
        self.stdout.write(_("%(n)d thay đổi, %(s).1f giây.")
                          % {"n": len(plans), "s": time.monotonic() - started})

    def _one(self, entry: dict, actor) -> None:
        try:
            plan = reorg.plan_from(entry["data"])
            preview = reorg.plan_preview(plan)
            row = reorg.reorganisation_create(plan=plan, actor=actor)
            choices = ({a["id"]: a["suggested"] for a in preview["moves"]["assignments"]}
                       if plan.kind == "split" else None)
            row = reorg.reorganisation_apply(reorganisation=row, actor=actor, choices=choices)
        except DomainError as error:
            line = entry["lines"].get(error.field or "", entry["first"])
            raise CommandError(_("Dòng %(line)d (kế hoạch %(key)s): %(message)s")
                               % {"line": line, "key": entry["key"],
                                  "message": error.message}) from error
        moves = preview["moves"]
        self.stdout.write(
            f"{entry['key']}: {row.get_kind_display()} — "
            + _("%(a)d nhiệm vụ, %(o)d yêu cầu báo cáo chuyển; %(p)d yêu cầu đã qua hạn ở "
                "lại") % {"a": moves["assignment_count"], "o": moves["obligations"],
                          "p": preview["stays"]["past_obligations"]})
