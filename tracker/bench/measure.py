"""Timing the operations: over HTTP against gunicorn, queries in-process, SQL floors.

Each figure is the median and p95 of repeated calls over one keep-alive loopback
connection to `gunicorn config.wsgi -w 2` started here with the same DATABASE_URL; the
number of queries comes from one in-process call of the same URL with django.test.Client
under CaptureQueriesContext; the floor is the matching hand-written SQL (floors.py).
"""

from __future__ import annotations

import datetime as dt
import http.client
import importlib
import json
import os
import queue
import socket
import statistics
import subprocess
import sys
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


@contextmanager
def gunicorn(workers: int = 2):
    """`gunicorn config.wsgi -w 2` on a free loopback port, DEBUG off; yields the port."""
    port = free_port()
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="false",
               ALLOWED_HOSTS="127.0.0.1",
               # Task messages (notification deliveries) go nowhere during the bench.
               CELERY_BROKER_URL=env.get("BENCH_CELERY_BROKER_URL", "memory://"))
    binary = Path(sys.executable).with_name("gunicorn")
    command = [str(binary) if binary.exists() else "gunicorn", "config.wsgi",
               "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "900",
               "--preload", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env,  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited: " + process.stderr.read().decode()[-2000:])
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
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
import assignments.reminders as reminders
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
        module = importlib.import_module("assignments.reminders")
    except ImportError:
        return None
    for name in SWEEP_FUNCTIONS:
        if callable(getattr(module, name, None)):
            return name
    return None


def run_sweep(log) -> dict:
    name = sweep_function_name()
    if name is None:
        log("  reminder sweep: not available (no assignments.reminders sweep function)")
        return {"status": "n/a", "why": "assignments.reminders has no sweep function"}
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
    return {"status": "ok", "function": f"assignments.reminders.{name}", **out}


# --- report submission throughput ---------------------------------------------------------------

def submission_candidates(day: dt.date, tokens: dict[int, str], limit: int) -> list:
    """Pending obligations (no live report) of units whose reporter has a token."""
    from assignments.models import ReportObligation
    from reports.models import ProgressReport
    from tracker.models import Membership

    reporter_of = {}
    for unit_id, user_id in Membership.objects.filter(
            role=Membership.Role.REPORTER, user_id__in=list(tokens)).values_list(
            "unit_id", "user_id"):
        reporter_of.setdefault(unit_id, user_id)
    live = ProgressReport.objects.filter(status__in=["draft", "submitted"]).values(
        "obligation_id")
    rows = (ReportObligation.objects
            .filter(state=ReportObligation.State.NOT_SUBMITTED, due_on__gte=day,
                    assignment__unit_id__in=list(reporter_of),
                    assignment__item__directive__status="active",
                    assignment__item__directive__number__startswith="BENCH-")
            .exclude(pk__in=live).order_by("?").values_list("id", "assignment__unit_id")
            [:limit])
    return [(pk, tokens[reporter_of[unit]]) for pk, unit in rows]


def run_submissions(port: int, candidates: list, *, seconds: float, concurrency: int,
                    log) -> dict:
    if not candidates:
        return {"status": "n/a", "why": "no pending obligations"}
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
        "status": "ok", "seconds": round(elapsed, 2), "concurrency": concurrency,
        "requests": len(latencies), "rps": round(len(latencies) / elapsed, 1),
        "submissions": done[0], "median_ms": round(statistics.median(latencies) * 1000, 1)
        if latencies else None,
        "p95_ms": round(percentile(latencies, 95) * 1000, 1) if latencies else None,
        "errors": len(errors), "error_samples": errors[:5],
    }
    log(f"  report submission: {result['rps']} requests/s over {result['seconds']} s "
        f"({result['submissions']} reports created and submitted, {concurrency} clients), "
        f"p95 {result['p95_ms']} ms, {result['errors']} errors")
    return result
