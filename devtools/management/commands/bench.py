"""python manage.py bench [--scale province|national|tiny] [--seed N] [--keep]

Builds a synthetic dataset in the `bench-`/`BENCH-` namespace on the configured
database, times the main reads over HTTP against gunicorn (with query counts and the
hand-written SQL floor), the reminder sweep and report submission throughput, prints
one table with the targets and writes var/bench/bench-<scale>-<timestamp>.json.
Without --keep the dataset is deleted afterwards.
"""

import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Q

from devtools.bench.cleanup import bench_exists, delete_bench
from devtools.bench.generator import Dataset, generate
from devtools.bench.scales import SCALES


def _dataset_file(scale: str) -> Path:
    return Path(settings.BASE_DIR) / "var" / "bench" / f"dataset-{scale}.json"


class Command(BaseCommand):
    help = "Build a synthetic dataset at scale and measure the main operations."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="province")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true",
                            help="Keep the dataset afterwards (and reuse it with --reuse).")
        parser.add_argument("--reuse", action="store_true",
                            help="Measure a dataset kept by an earlier --keep run.")
        parser.add_argument("--no-measure", action="store_true",
                            help="Only build the dataset (with --keep: to measure later).")
        parser.add_argument("--only", default="",
                            help="Comma-separated parts: reads,sweep,submit (default: all).")
        parser.add_argument("--skip", default="",
                            help="Comma-separated operation keys to leave out (e.g. dashboard).")
        parser.add_argument("--repeats", type=int, default=None,
                            help="HTTP calls per operation (default: by scale).")
        parser.add_argument("--budget", type=float, default=20.0,
                            help="Seconds per operation at most (at least 3 calls).")
        parser.add_argument("--submit-seconds", type=float, default=20.0)
        parser.add_argument("--concurrency", type=int, default=8,
                            help="Connections (wrk) or threads (Python client) submitting.")
        parser.add_argument("--load-tool", choices=["auto", "wrk", "python"], default="auto",
                            help="Report submission load: wrk (C; default when installed) "
                                 "or Python threads in this process.")
        parser.add_argument("--delete", action="store_true",
                            help="Only delete a kept bench dataset.")

    def log(self, message: str = "") -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def handle(self, *args, **opts):
        scale = SCALES[opts["scale"]]
        if opts["delete"]:
            delete_bench(log=self.log)
            _dataset_file(scale.name).unlink(missing_ok=True)
            return
        self.log(f"bench: scale {scale.name} on {connection.vendor} "
                 f"({connection.settings_dict['NAME']}), load average "
                 f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        data = None
        bench_started = time.perf_counter()
        try:
            if opts["reuse"]:
                data = self._load(scale.name)
            else:
                if bench_exists():
                    self.log("Deleting an earlier bench dataset…")
                    delete_bench(log=self.log)
                data = self._generate(scale, opts["seed"])
            if not opts["no_measure"]:
                self._measure(data, scale, opts)
        finally:
            if opts["keep"] or opts["reuse"]:
                if data is not None:
                    self._save(data)
                    self.log(f"Dataset kept (python manage.py bench --scale {scale.name} "
                             "--reuse / --delete).")
            else:
                self.log("Deleting the bench dataset…")
                started = time.perf_counter()
                delete_bench()
                _dataset_file(scale.name).unlink(missing_ok=True)
                self.log(f"Deleted in {time.perf_counter() - started:.1f} s.")
            self.log(f"bench total: {(time.perf_counter() - bench_started) / 60:.1f} min "
                     f"(generation, measurements{'' if opts['keep'] else ', deletion'}).")

    # --- dataset -------------------------------------------------------------------------

    def _generate(self, scale, seed: int) -> Dataset:
        self.log(f"Generating (seed {seed})…")
        data = generate(scale, seed=seed, log=self.log)
        self.log(f"{'table':<38} {'rows':>10} {'write s':>8}")
        for table, rows in sorted(data.counts.items(), key=lambda kv: -kv[1]):
            self.log(f"{table:<38} {rows:>10,} {data.seconds.get(table, 0):>8.1f}")
        if "(analyze)" in data.seconds:
            self.log(f"{'(ANALYZE)':<38} {'':>10} {data.seconds['(analyze)']:>8.1f}")
        self.log(f"Python row building {data.build_seconds:.1f} s; "
                 f"total {data.total_seconds:.1f} s.")
        return data

    def _save(self, data: Dataset) -> None:
        path = _dataset_file(data.scale)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data.as_dict(), ensure_ascii=False, indent=2))

    def _load(self, scale: str) -> Dataset:
        import datetime as dt

        from django.contrib.auth import get_user_model

        from tracker.accounts.models import DeviceToken

        path = _dataset_file(scale)
        if not path.exists() or not bench_exists():
            raise CommandError(f"No kept {scale} dataset: run with --keep first.")
        raw = json.loads(path.read_text())
        raw["today"] = dt.date.fromisoformat(raw["today"])
        # Only hashes are stored: the bench's users get fresh keys (without expiry).
        # Listed before the old tokens go (a lazy queryset read after the delete found
        # no holder, and --reuse failed on the first token); the named users always.
        named = {raw["reviewer"], raw["leader"], raw["reporter"]}
        holders = list(get_user_model().objects.filter(
            Q(pk__in=DeviceToken.objects.filter(user__username__startswith="bench-")
              .values("user_id")) | Q(pk__in=named)))
        DeviceToken.objects.filter(user__in=holders).delete()
        raw["tokens"] = {user.pk: DeviceToken.objects.create(user, expiry=None, name="bench")[1]
                         for user in holders}
        return Dataset(**raw)

    # --- measurements ----------------------------------------------------------------------

    def _measure(self, data: Dataset, scale, opts) -> None:
        from devtools.bench import measure, report
        from devtools.bench.plan import build_operations

        parts = set(filter(None, opts["only"].split(","))) or {"reads", "sweep", "submit"}
        repeats = opts["repeats"] or scale.repeats
        ops, sessions = build_operations(data)
        skip = set(filter(None, opts["skip"].split(",")))
        ops = [op for op in ops if op.key not in skip and op.key.rsplit("_", 1)[0] not in skip]
        sweep: dict = {"status": "n/a", "why": "not run"}
        submit: dict = {"status": "n/a", "why": "not run"}
        load_before = os.getloadavg()
        try:
            with measure.gunicorn() as port:
                self.log(f"{measure.gunicorn_description()} on 127.0.0.1:{port}")
                if "reads" in parts:
                    self.log("Reads (median/p95 over HTTP, queries in-process, SQL floor):")
                    measure.run_operations(ops, port=port, repeats=repeats,
                                           budget=opts["budget"], log=self.log)
                else:
                    ops = []
                if "sweep" in parts:
                    self.log("Reminder sweep (fresh process):")
                    sweep = measure.run_sweep(self.log)
                if "submit" in parts:
                    self.log("Report submission throughput:")
                    candidates = measure.submission_candidates(
                        data.today, data.tokens, limit=20_000)
                    submit = measure.run_submissions(
                        port, candidates, seconds=opts["submit_seconds"],
                        concurrency=opts["concurrency"], log=self.log,
                        tool=opts["load_tool"])
                    submit["server"] = measure.gunicorn_description()
        finally:
            from django.contrib.sessions.models import Session

            Session.objects.filter(
                session_key__in=[s.session_key for s in sessions]).delete()
        lines = report.table(ops, sweep, submit)
        self.log("")
        self.log(f"Scale {data.scale}; targets are for national scale on a 2-core machine; "
                 f"load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f}.")
        for line in lines:
            self.log(line)
        path = report.write_json(data, ops, sweep, submit,
                                 {"load_before": load_before, "load_after": os.getloadavg(),
                                  "table": lines})
        self.log(f"\nJSON: {path}")
