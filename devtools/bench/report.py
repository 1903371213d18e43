"""The printed table (figures next to their targets) and the JSON file."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .generator import Dataset
from .measure import Operation

# Targets: national scale, 2-core machine, PostgreSQL (issue 8).
TARGETS = {
    "summary": "≤ 30 ms and ≤ 1.5× floor",
    "dashboard": "≤ 300 ms",
    "list25": "≤ 20 ms, constant queries",
    "list100": "≤ 40 ms, constant queries",
    "page": "—",
    "listpage": "≤ 100 ms p50, same queries p.1/p.50",
    "onepage": "≤ 100 ms p50",
    "sweep": "≤ 60 s, < 500 MB",
    "rerun": "≤ 10 s, nothing sent",
    "submit": "≥ 150 req/s, p95 ≤ 200 ms, 0 errors",
}


def verdict(op: Operation, by_key: dict[str, Operation]) -> str:
    r = op.result
    if r.get("status") == "n/a":
        return "n/a"
    if r.get("errors"):
        return "not met (errors)"
    median = r["median_ms"]
    if op.kind == "summary":
        ok = median <= 30 and r.get("ratio", 0) <= 1.5
    elif op.kind == "dashboard":
        ok = median <= 300
    elif op.kind == "onepage":
        ok = median <= 100
        if not ok:
            return "not met (> 100 ms)"
    elif op.kind == "listpage":
        # The list pages (issue 16): both the time and that page 1 and page 50 read the
        # same number of queries are printed, so that either miss shows.
        other = by_key.get(op.pair)
        theirs = other.result.get("queries") if other is not None else None
        same = theirs is None or theirs == r["queries"]
        flags = []
        if median > 100:
            flags.append("> 100 ms")
        if theirs is not None:
            flags.append(f"queries p.1/p.50 {'same' if same else 'differ'}")
        return ("met" if median <= 100 and same else "not met") + (
            f" ({', '.join(flags)})" if flags else "")
    elif op.kind in ("list25", "list100"):
        other = by_key.get(op.pair)
        constant = other is None or other.result.get("queries") in (None, r["queries"])
        limit = {"list25": 20, "list100": 40}[op.kind]
        ok = median <= limit and constant
        if not constant:
            return "not met (queries vary)"
    else:
        return "—"
    return "met" if ok else "not met"


def sweep_verdicts(sweep: dict) -> list[tuple[str, str, str, str]]:
    if sweep.get("status") != "ok":
        why = sweep.get("why") or "failed"
        return [("reminder sweep", "not available", TARGETS["sweep"], f"n/a ({why})"),
                ("reminder sweep rerun", "not available", TARGETS["rerun"], "n/a")]
    first, rerun = sweep["sweep"], sweep["rerun"]
    r1 = first["result"] if isinstance(first["result"], dict) else {}
    r2 = rerun["result"] if isinstance(rerun["result"], dict) else {}
    sent_again = (r2.get("notifications") or 0) + rerun["emails"]
    return [
        ("reminder sweep", f"{first['seconds']:.1f} s, peak RSS {first['peak_rss_mb']:.0f} MB, "
         f"{r1.get('notifications')} notifications, {first['emails']} emails",
         TARGETS["sweep"],
         "met" if first["seconds"] <= 60 and first["peak_rss_mb"] < 500 else "not met"),
        ("reminder sweep rerun", f"{rerun['seconds']:.1f} s, {sent_again} sent",
         TARGETS["rerun"], "met" if rerun["seconds"] <= 10 and not sent_again else "not met"),
    ]


def submit_verdict(sub: dict) -> tuple[str, str, str, str]:
    if sub.get("status") != "ok":
        return ("report submission (HTTP)", "n/a", TARGETS["submit"], "n/a")
    ok = sub["rps"] >= 150 and (sub["p95_ms"] or 0) <= 200 and not sub["errors"]
    return (f"report submission (HTTP, {sub.get('tool', 'python')})",
            f"{sub['rps']} req/s, median {sub['median_ms']} ms, p95 {sub['p95_ms']} ms, "
            f"{sub['errors']} errors",
            TARGETS["submit"], "met" if ok else "not met")


def table(ops: list[Operation], sweep: dict, submit: dict) -> list[str]:
    by_key = {op.key: op for op in ops}
    head = (f"{'operation':<52} {'median':>9} {'p95':>9} {'queries':>7} {'floor':>8} "
            f"{'ratio':>6}  {'target (national)':<30} result")
    lines = [head, "-" * len(head)]
    for op in ops:
        r = op.result
        if r.get("status") == "n/a":
            lines.append(f"{op.label:<52} {'n/a':>9} {'':>9} {'':>7} {'':>8} {'':>6}  "
                         f"{TARGETS[op.kind]:<30} n/a")
            continue
        op.result["verdict"] = verdict(op, by_key)
        floor = f"{r['floor_ms']:.1f}" if "floor_ms" in r else "n/a"
        ratio = f"{r['ratio']:.1f}×" if "ratio" in r else "n/a"
        lines.append(f"{op.label:<52} {r['median_ms']:>7.1f}ms {r['p95_ms']:>7.1f}ms "
                     f"{r['queries']:>7} {floor:>8} {ratio:>6}  {TARGETS[op.kind]:<30} "
                     f"{op.result['verdict']}")
    for label, figure, target, result in [*sweep_verdicts(sweep), submit_verdict(submit)]:
        lines.append(f"{label:<52} {figure:<50}  {target:<30} {result}")
    return lines


def write_json(data: Dataset, ops: list[Operation], sweep: dict, submit: dict,
               extra: dict) -> Path:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    folder = Path(settings.BASE_DIR) / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{data.scale}-{stamp}.json"
    by_key = {op.key: op for op in ops}
    payload = {
        "scale": data.scale,
        "measured_at": timezone.now().isoformat(),
        "machine": {"cpus": os.cpu_count(), "loadavg": os.getloadavg(),
                    "python": platform.python_version(), "platform": platform.platform()},
        "database": {"vendor": connection.vendor,
                     "version": getattr(connection, "pg_version", None)},
        "dataset": data.as_dict(),
        "operations": [
            {"key": op.key, "label": op.label, "path": op.path, "kind": op.kind,
             "target": TARGETS[op.kind], "verdict": op.result.get("verdict")
             or verdict(op, by_key), **op.result}
            for op in ops
        ],
        "reminder_sweep": sweep,
        "report_submission": submit,
        **extra,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    return path
