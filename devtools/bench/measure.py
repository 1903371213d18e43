"""Timing the operations: over HTTP against gunicorn, queries in-process, SQL floors.

Each figure is the median and p95 of repeated calls over one keep-alive loopback
connection to gunicorn (`config.wsgi`, see `gunicorn()`) started here with the same
DATABASE_URL and persistent database connections; the number of queries comes from one
in-process call of the same URL with django.test.Client under CaptureQueriesContext; the
floor is the matching hand-written SQL (floors.py). Report submission throughput is
driven by `wrk` with submit.lua (a C load generator: the client must not eat the CPU the
server is measured on), or by Python threads when wrk is not installed.
"""

from __future__ import annotations

import datetime as dt
import http.client
import importlib
import json
import os
import queue
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from . import floors
from .floors import percentile

BASE_DIR = Path(settings.BASE_DIR)


# --- the server -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The bench's server: sync workers, one per core plus one, so that a worker waiting on
# PostgreSQL does not leave a core idle. Report submission on 2 shared cores, 8 wrk
# connections, medians of 3 interleaved 12 s runs: 2 sync 32 req/s, 3 sync 40, 4 sync 41,
# gthread 2×4 43, gthread 3×2 39 (CPU per request the same within noise): past one
# worker per core the work is CPU-bound and the worker model hardly matters.
# BENCH_GUNICORN_WORKERS / _WORKER_CLASS / _THREADS override it.
GUNICORN_WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", 0)) or (os.cpu_count() or 1) + 1
GUNICORN_WORKER_CLASS = os.environ.get("BENCH_GUNICORN_WORKER_CLASS", "sync")
GUNICORN_THREADS = int(os.environ.get("BENCH_GUNICORN_THREADS", 1))
# Persistent connections, as in production (settings/production.py: CONN_MAX_AGE=60);
# without them every request pays a new PostgreSQL backend (a fork and authentication).
CONN_MAX_AGE = int(os.environ.get("BENCH_CONN_MAX_AGE", 60))


# The server's PostgreSQL sessions carry this name, so their CPU time can be read.
APPLICATION_NAME = "bench-gunicorn"


def server_database_url(url: str, max_age: int = CONN_MAX_AGE) -> str:
    """DATABASE_URL for the server: `conn_max_age` (django-environ reads it) unless the
    URL has one, and an application_name on PostgreSQL."""
    if not url or not url.startswith(("postgres", "pgsql")):
        return url
    extra = [] if "application_name" in url else [f"application_name={APPLICATION_NAME}"]
    if "conn_max_age" not in url and max_age > 0:
        extra.append(f"conn_max_age={max_age}")
    if not extra:
        return url
    return url + ("&" if "?" in url else "?") + "&".join(extra)


# port → gunicorn master pid, for the CPU accounting of a run.
_SERVERS: dict[int, int] = {}


def gunicorn_description(workers: int | None = None, worker_class: str | None = None,
                         threads: int | None = None) -> str:
    workers = workers or GUNICORN_WORKERS
    worker_class = worker_class or GUNICORN_WORKER_CLASS
    threads = threads or GUNICORN_THREADS
    extra = f" --threads {threads}" if worker_class == "gthread" else ""
    return (f"gunicorn -w {workers} -k {worker_class}{extra}, "
            f"CONN_MAX_AGE={CONN_MAX_AGE if CONN_MAX_AGE > 0 else 0}")


@contextmanager
def gunicorn(workers: int | None = None, worker_class: str | None = None,
             threads: int | None = None):
    """gunicorn serving config.wsgi on a free loopback port, DEBUG off; yields the port."""
    workers = workers or GUNICORN_WORKERS
    worker_class = worker_class or GUNICORN_WORKER_CLASS
    threads = threads or GUNICORN_THREADS
    port = free_port()
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE=env.get("BENCH_SETTINGS_MODULE",
                                              "config.settings.local"), DEBUG="false",
               ALLOWED_HOSTS="127.0.0.1",
               # Task messages (notification deliveries) go nowhere during the bench.
               CELERY_BROKER_URL=env.get("BENCH_CELERY_BROKER_URL", "memory://"))
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = server_database_url(env["DATABASE_URL"])
    binary = Path(sys.executable).with_name("gunicorn")
    command = [str(binary) if binary.exists() else "gunicorn", "config.wsgi",
               "-w", str(workers), "-k", worker_class, "-b", f"127.0.0.1:{port}",
               "--timeout", "900", "--preload", "--log-level", "warning",
               # The listen queue holds the load tool's connections beyond the workers.
               "--backlog", "2048"]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    # stderr goes to a file: a pipe nobody reads fills up under load (one warning per 4xx)
    # and blocks the workers.
    stderr = tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env,  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                stderr.seek(0)
                raise RuntimeError("gunicorn exited: " + stderr.read().decode()[-2000:])
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/v1/")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        for _ in range(2 * workers):  # every worker has served once
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/api/v1/")
            conn.getresponse().read()
            conn.close()
        _SERVERS[port] = process.pid
        yield port
    finally:
        _SERVERS.pop(port, None)
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        stderr.close()


# --- timing ---------------------------------------------------------------------------------

@dataclass
class Auth:
    """Headers for one user: a DRF token or a session cookie."""

    user_id: int
    headers: dict[str, str]
    session_key: str | None = None


def token_auth(user_id: int, key: str) -> Auth:
    return Auth(user_id, {"Authorization": f"Token {key}"})


def session_auth(user) -> Auth:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return Auth(user.pk, {"Cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}"},
                session_key=store.session_key)


def http_times(port: int, path: str, auth: Auth, repeats: int, budget: float) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    times, errors, statuses, size = [], 0, set(), 0
    deadline = time.perf_counter() + budget
    try:
        for i in range(repeats + 1):
            started = time.perf_counter()
            conn.request("GET", path, headers=auth.headers)
            response = conn.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - started
            statuses.add(response.status)
            if response.status != 200:
                errors += 1
            size = len(body)
            if i:  # the first call warms caches and the worker
                times.append(elapsed)
            elif elapsed > budget:  # too slow to repeat: one call is the figure
                times.append(elapsed)
                break
            if time.perf_counter() > deadline and len(times) >= 3:
                break
    finally:
        conn.close()
    return {"median_ms": round(statistics.median(times) * 1000, 2),
            "p95_ms": round(percentile(times, 95) * 1000, 2), "runs": len(times),
            "errors": errors, "statuses": sorted(statuses), "bytes": size}


def count_queries(path: str, auth: Auth) -> dict:
    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    headers = dict(auth.headers)
    if auth.session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = auth.session_key
        headers.pop("Cookie")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, headers=headers)
    return {"queries": len(ctx.captured_queries), "status": response.status_code,
            "sql": [q["sql"] for q in ctx.captured_queries]}


def endpoint_exists(path: str) -> bool:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return match.func.__name__ != "api_not_found"


# --- operations -------------------------------------------------------------------------------

@dataclass
class Operation:
    key: str
    label: str
    path: str
    auth: Auth
    kind: str  # summary | dashboard | list25 | list100 | page
    floor: tuple[str, dict] | None = None
    pair: str | None = None  # the list's other page size (constant query count)
    result: dict = field(default_factory=dict)


def run_operations(ops: list[Operation], *, port: int, repeats: int, budget: float,
                   log) -> None:
    for op in ops:
        if not endpoint_exists(op.path):
            op.result = {"status": "n/a", "why": "endpoint not found"}
            log(f"  {op.label:<48} n/a (no endpoint)")
            continue
        http_result = http_times(port, op.path, op.auth, repeats, budget)
        queries = count_queries(op.path, op.auth)
        op.result = {**http_result, "queries": queries["queries"],
                     "query_status": queries["status"], "sql": queries["sql"][-3:]}
        if op.floor is not None and connection.vendor == "postgresql":
            floor = floors.time_sql(*op.floor, repeats=repeats, budget=budget)
            op.result["floor_ms"] = floor["median_ms"]
            op.result["floor_rows"] = floor["rows"]
            op.result["ratio"] = round(http_result["median_ms"] / max(floor["median_ms"], 0.01),
                                       2)
        log(f"  {op.label:<48} median {op.result['median_ms']:>9.1f} ms  "
            f"p95 {op.result['p95_ms']:>9.1f} ms  {op.result['queries']:>3} queries"
            + (f"  floor {op.result['floor_ms']:.1f} ms" if "floor_ms" in op.result else "")
            + (f"  HTTP {op.result['statuses']}" if op.result["errors"] else ""))


# --- the reminder sweep (in a fresh process, for its peak memory) -------------------------------

SWEEP_FUNCTIONS = ("reminders_sweep", "run_sweep", "sweep")

SWEEP_SCRIPT = """
import json, resource, time
import django
django.setup()
from django.core import mail
from django.test.utils import override_settings
import assignments.reminders.sweep as reminders
sweep = getattr(reminders, {name!r})
out = {{}}
with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
    for label in ("sweep", "rerun"):
        mail.outbox = []
        started = time.perf_counter()
        result = sweep()
        seconds = time.perf_counter() - started
        out[label] = {{
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "result": result.as_dict() if hasattr(result, "as_dict") else str(result),
            "emails": len(getattr(mail, "outbox", [])),
        }}
print("BENCH-JSON " + json.dumps(out, default=str))
"""


def sweep_function_name() -> str | None:
    try:
        module = importlib.import_module("assignments.reminders.sweep")
    except ImportError:
        return None
    for name in SWEEP_FUNCTIONS:
        if callable(getattr(module, name, None)):
            return name
    return None


def run_sweep(log) -> dict:
    name = sweep_function_name()
    if name is None:
        log("  reminder sweep: not available (no assignments.reminders.sweep function)")
        return {"status": "n/a", "why": "assignments.reminders.sweep has no sweep function"}
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", os.environ.get("DJANGO_SETTINGS_MODULE",
                                                            "config.settings.local"))
    env["CELERY_BROKER_URL"] = "memory://"
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SWEEP_SCRIPT.format(name=name)], cwd=BASE_DIR, env=env,
        capture_output=True, text=True, timeout=3600)
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith("BENCH-JSON ")),
                None)
    if line is None:
        log("  reminder sweep failed: " + completed.stderr[-1500:])
        return {"status": "error", "stderr": completed.stderr[-3000:]}
    out = json.loads(line.removeprefix("BENCH-JSON "))
    for label in ("sweep", "rerun"):
        r = out[label]
        res = r["result"] if isinstance(r["result"], dict) else {}
        log(f"  reminder {label:<6} {r['seconds']:>8.2f} s  peak RSS {r['peak_rss_mb']:.0f} MB  "
            f"notifications {res.get('notifications')}  emails {r['emails']}  "
            f"obligations seen {res.get('obligations_seen')}")
    return {"status": "ok", "function": f"assignments.reminders.sweep.{name}", **out}


# --- report submission throughput ---------------------------------------------------------------

def submission_candidates(day: dt.date, tokens: dict[int, str], limit: int) -> list:
    """Pending obligations (no live report) of units whose reporter has a token."""
    from django.db.models import Exists, OuterRef

    from assignments.models import ReportObligation
    from reports.models import ProgressReport
    from tracker.models import Membership

    reporter_of = {}
    for unit_id, user_id in Membership.objects.filter(
            role=Membership.Role.REPORTER, user_id__in=list(tokens)).values_list(
            "unit_id", "user_id"):
        reporter_of.setdefault(unit_id, user_id)
    live = ProgressReport.objects.filter(obligation_id=OuterRef("pk"),
                                         status__in=["draft", "submitted"])
    # In due-date order along the open-obligation index, then shuffled here: ORDER BY
    # random() (and NOT IN) made PostgreSQL read every pending obligation of the country
    # (over 5 minutes at national scale) before the first request.
    rows = list(ReportObligation.objects
                .filter(state=ReportObligation.State.NOT_SUBMITTED, due_on__gte=day,
                        assignment__unit_id__in=list(reporter_of),
                        assignment__item__directive__status="active",
                        assignment__item__directive__number__startswith="BENCH-")
                .filter(~Exists(live)).order_by("due_on", "id")
                .values_list("id", "assignment__unit_id")[:limit])
    random.Random(limit).shuffle(rows)
    return [(pk, tokens[reporter_of[unit]]) for pk, unit in rows]


WRK_SCRIPT = Path(__file__).with_name("submit.lua")


# --- CPU accounting: the machine is shared, so CPU time per request is the steadier figure.

def _cpu_seconds(pid: int) -> float | None:
    """utime + stime of a process (Linux /proc), None when it is gone or unreadable."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        if int(raw[raw.rindex(")") + 2:].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _backends() -> list[int]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                       [APPLICATION_NAME])
        return [row[0] for row in cursor.fetchall()]


def cpu_snapshot(port: int) -> dict[str, dict[int, float]]:
    """CPU seconds so far of the server's workers and PostgreSQL sessions, and of this
    process's waited-for children (the load tool)."""
    master = _SERVERS.get(port)
    workers = [master, *_children(master)] if master else []
    snap: dict[str, dict[int, float]] = {"gunicorn": {}, "postgres": {}}
    for kind, pids in (("gunicorn", workers), ("postgres", _backends())):
        for pid in pids:
            seconds = _cpu_seconds(pid)
            if seconds is not None:
                snap[kind][pid] = seconds
    for kind, who in (("wrk", resource.RUSAGE_CHILDREN), ("python", resource.RUSAGE_SELF)):
        usage = resource.getrusage(who)
        snap[kind] = {0: usage.ru_utime + usage.ru_stime}
    return snap


def cpu_per_request(before: dict, after: dict, requests: int, tool: str) -> dict:
    """Milliseconds of CPU per request: server (Python), PostgreSQL, load tool."""
    if not requests:
        return {}
    out = {}
    for kind, source in (("gunicorn", "gunicorn"), ("postgres", "postgres"), ("client", tool)):
        used = sum(seconds - before[source].get(pid, 0.0)
                   for pid, seconds in after[source].items())
        out[f"{kind}_cpu_ms"] = round(used * 1000 / requests, 2)
    if not after["postgres"]:
        out["postgres_cpu_ms"] = None  # no persistent sessions to read (CONN_MAX_AGE=0)
    return out


def run_submissions(port: int, candidates: list, *, seconds: float, concurrency: int,
                    log, tool: str = "auto") -> dict:
    """Units create a report (POST /reports/) and submit it (POST /reports/{id}/submit/)
    for `seconds`, over `concurrency` connections; every request counts.

    `tool`: "wrk" (C, event loop: a few % of one core), "python" (threads in this process:
    the client takes a core from the server it measures, so its figure is a floor), or
    "auto" — wrk when installed.
    """
    if not candidates:
        return {"status": "n/a", "why": "no pending obligations"}
    wrk = shutil.which("wrk")
    use_wrk = tool == "wrk" or (tool == "auto" and wrk is not None)
    if use_wrk and not wrk:
        return {"status": "n/a", "why": "wrk is not installed"}
    if not use_wrk and tool == "auto":
        log("  note: wrk is not installed (apt-get install wrk); falling back to the Python "
            "client, which shares the machine's cores with the server: a lower bound.")
    before = cpu_snapshot(port)
    if use_wrk:
        result = run_submissions_wrk(port, candidates, seconds=seconds,
                                     concurrency=concurrency, log=log, binary=wrk)
    else:
        result = run_submissions_python(port, candidates, seconds=seconds,
                                        concurrency=concurrency, log=log)
    if result.get("status") == "ok":
        result.update(cpu_per_request(before, cpu_snapshot(port), result["requests"],
                                      "wrk" if use_wrk else "python"))
        parts = [result.get(f"{k}_cpu_ms") for k in ("gunicorn", "postgres", "client")]
        total = sum(parts) if None not in parts else None
        result["cpu_ms_per_request"] = round(total, 2) if total is not None else None
        # What the machine's cores could serve at that cost with nothing else running.
        result["cpu_bound_rps"] = (round((os.cpu_count() or 1) * 1000 / total)
                                   if total else None)
        bound = (f"at most ~{result['cpu_bound_rps']} requests/s on {os.cpu_count()} idle "
                 "cores" if total else "PostgreSQL's share unknown (no persistent sessions)")
        log(f"  CPU per request: gunicorn {result['gunicorn_cpu_ms']} ms, PostgreSQL "
            f"{result['postgres_cpu_ms']} ms, load tool {result['client_cpu_ms']} ms → {bound}")
    return result


def run_submissions_wrk(port: int, candidates: list, *, seconds: float, concurrency: int,
                        log, binary: str = "wrk") -> dict:
    """The load from `wrk -t1` with submit.lua: one event-loop thread, `concurrency`
    keep-alive connections, a create followed by the submit of the report it made."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="bench-submit-",
                                     delete=False) as handle:
        handle.writelines(f"{obligation} {token}\n" for obligation, token in candidates)
        path = handle.name
    command = [binary, "-t", "1", "-c", str(concurrency), "-d", f"{max(1, round(seconds))}s",
               "--timeout", "10s", "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}",
               "--", path, "1"]
    try:
        completed = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                                   errors="replace", timeout=seconds + 120)
    finally:
        os.unlink(path)
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith("BENCH-WRK ")),
                None)
    if completed.returncode or line is None:
        log("  report submission: wrk failed: " + (completed.stderr or completed.stdout)[-1500:])
        return {"status": "error", "tool": "wrk", "stderr": completed.stderr[-3000:]}
    raw = json.loads(line.removeprefix("BENCH-WRK "))
    elapsed = raw["duration_us"] / 1e6
    socket_errors = (raw["connect_errors"] + raw["read_errors"] + raw["write_errors"]
                     + raw["timeouts"])
    errors = raw["failed"] + socket_errors
    result = {
        "status": "ok", "tool": "wrk", "command": " ".join(command[:-2] + ["--", "<file>"]),
        "seconds": round(elapsed, 2), "concurrency": concurrency,
        "requests": raw["requests"], "rps": round(raw["requests"] / elapsed, 1),
        "submissions": raw["submitted"], "created": raw["created"],
        "median_ms": round(raw["p50_us"] / 1000, 1), "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1), "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": errors, "socket_errors": socket_errors,
        "error_samples": [s for s in raw["samples"].split(" | ") if s.strip()][:5],
        "candidates": len(candidates), "ran_out": bool(raw["exhausted_threads"]),
    }
    log(f"  report submission (wrk, {concurrency} connections): {result['rps']} requests/s "
        f"over {result['seconds']} s ({result['submissions']} reports created and submitted), "
        f"median {result['median_ms']} ms, p95 {result['p95_ms']} ms, "
        f"{result['errors']} errors" + ("; ran out of obligations" if result["ran_out"] else ""))
    return result


def run_submissions_python(port: int, candidates: list, *, seconds: float, concurrency: int,
                           log) -> dict:
    """The fallback load: `concurrency` Python threads in this process."""
    work: queue.Queue = queue.Queue()
    for candidate in candidates:
        work.put(candidate)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    done = [0]
    stop_at = time.perf_counter() + seconds

    def call(conn, method, path, token, body):
        started = time.perf_counter()
        conn.request(method, path, body=json.dumps(body),
                     headers={"Authorization": f"Token {token}",
                              "Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if response.status >= 400:
                errors.append(f"{method} {path} {response.status} {data[:200]!r}")
        return response.status, data

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.perf_counter() < stop_at:
            try:
                obligation, token = work.get_nowait()
            except queue.Empty:
                break
            try:
                status, data = call(conn, "POST", "/api/v1/reports/", token,
                                    {"obligation": obligation,
                                     "text": "Báo cáo tiến độ (bench).",
                                     "results_text": "Đã triển khai thực hiện."})
                if status == 201:
                    report = json.loads(data)["id"]
                    status, _ = call(conn, "POST", f"/api/v1/reports/{report}/submit/",
                                     token, {})
                    if status == 200:
                        with lock:
                            done[0] += 1
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    result = {
        "status": "ok", "tool": "python", "seconds": round(elapsed, 2),
        "concurrency": concurrency,
        "requests": len(latencies), "rps": round(len(latencies) / elapsed, 1),
        "submissions": done[0], "median_ms": round(statistics.median(latencies) * 1000, 1)
        if latencies else None,
        "p95_ms": round(percentile(latencies, 95) * 1000, 1) if latencies else None,
        "errors": len(errors), "error_samples": errors[:5],
    }
    log(f"  report submission (Python threads): {result['rps']} requests/s over "
        f"{result['seconds']} s "
        f"({result['submissions']} reports created and submitted, {concurrency} clients), "
        f"median {result['median_ms']} ms, p95 {result['p95_ms']} ms, "
        f"{result['errors']} errors")
    return result
