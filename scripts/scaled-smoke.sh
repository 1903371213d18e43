#!/usr/bin/env bash
# Scaled mode from a fresh install: a venv built from requirements.txt ALONE, a fresh
# PostgreSQL database, Redis, and the README's scaled-mode commands under production
# settings (migrate, load the demo, `honcho start` = the Procfile's web [collectstatic +
# gunicorn], worker and beat). Through HTTP: the login page and its hashed CSS, a token
# login, a report written and submitted; then the worker must deliver the reviewer's
# e-mail (file backend). Everything is stopped and the database dropped at the end.
#
#   bash scripts/scaled-smoke.sh
#   SMOKE_POSTGRES_URL  server to create the database on (default TEST_POSTGRES_URL or
#                       postgres://postgres@127.0.0.1:5432/postgres)
#   SMOKE_REDIS_URL     broker (default redis://127.0.0.1:6379/3; this db is flushed)
#   SMOKE_PORT          web port (default 8097)
# Without CI=true an unreachable PostgreSQL or Redis skips with a visible line; with
# CI=true it is a failure. Any other failure exits non-zero with the logs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ci=${CI:-false}
pg_server=${SMOKE_POSTGRES_URL:-${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
redis_url=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/3}
port=${SMOKE_PORT:-8097}
python=${PYTHON:-$(command -v python3.11 || command -v python3)}
db_name="tracker_smoke_$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tracker-smoke.XXXXXX")
venv=$tmp/venv
honcho_pid=""

say() { printf '== smoke [%s]: %s\n' "$(date +%T)" "$*"; }
fail() {
    printf '\nFAIL (scaled smoke): %s\n' "$*" >&2
    if [ -f "$tmp/honcho.log" ]; then
        printf -- '--- last lines of the processes'"'"' log ---\n' >&2
        tail -n 60 "$tmp/honcho.log" >&2
    fi
    exit 1
}
skip_or_fail() {
    if [ "$ci" = "true" ]; then fail "$1 (required under CI=true)"; fi
    say "SKIPPED: $1"
    exit 0
}

cleanup() {
    local status=$?
    if [ -n "$honcho_pid" ] && kill -0 "$honcho_pid" 2>/dev/null; then
        kill -TERM -- "-$honcho_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$honcho_pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL -- "-$honcho_pid" 2>/dev/null || true
    fi
    if [ -x "$venv/bin/python" ]; then
        "$venv/bin/python" - "$pg_server" "$db_name" <<'PY' || true
import sys
import psycopg
server, name = sys.argv[1].replace("postgres://", "postgresql://"), sys.argv[2]
with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
PY
        "$venv/bin/python" -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushdb()" \
            "$redis_url" 2>/dev/null || true
    fi
    rm -rf "$tmp"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "fresh venv from requirements.txt alone ($tmp)"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2) \
    || fail "pip install -r requirements.txt"

say "services: PostgreSQL at ${pg_server%%\?*}, Redis at $redis_url"
"$venv/bin/python" - "$pg_server" <<'PY' || skip_or_fail "PostgreSQL unreachable at $pg_server"
import sys
import psycopg
psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
PY
"$venv/bin/python" -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" \
    "$redis_url" 2>/dev/null || skip_or_fail "Redis unreachable at $redis_url"
"$venv/bin/python" -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$redis_url"
"$venv/bin/python" - "$pg_server" "$db_name" <<'PY' || fail "cannot create database $db_name"
import sys
import psycopg
server, name = sys.argv[1].replace("postgres://", "postgresql://"), sys.argv[2]
with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
    conn.execute(f'CREATE DATABASE "{name}"')
PY

# The README's scaled-mode environment, production settings.
export VENV=$venv
export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY="smoke-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="${pg_server%/*}/$db_name"
export CELERY_BROKER_URL=$redis_url
export EMAIL_URL="filemail:///$tmp/mail"   # django-environ: a 4th slash keeps the path absolute
export SITE_URL="http://127.0.0.1:$port"
export SECURE_SSL_REDIRECT=false   # plain HTTP on 127.0.0.1 here; TLS is the proxy's
export STATIC_ROOT=$tmp/static MEDIA_ROOT=$tmp/media
export DEMO_PASSWORD="smoke-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export WEB_CONCURRENCY=2 CELERY_CONCURRENCY=1
export TRACKER_NOTICE_EMAIL_DELAY_SECONDS=5   # the decision e-mail run, a few seconds after the change
unset DEBUG PORT
mkdir -p "$tmp/mail" "$tmp/media"

say "migrate and load the demo"
"$venv/bin/python" manage.py migrate --noinput -v 0 || fail "migrate"
"$venv/bin/python" manage.py load_demo >/dev/null || fail "load_demo"

say "honcho start (web + worker + beat, from the Procfile) on port $port"
setsid "$venv/bin/honcho" -f Procfile start -p "$port" >"$tmp/honcho.log" 2>&1 &
honcho_pid=$!

"$venv/bin/python" - "$port" "$tmp/mail" "$honcho_pid" <<'PY' || fail "the HTTP journey"
"""Through HTTP: pages, a token login, a report submitted; then the reviewer's e-mail."""
import email
import email.header
import json
import os
import pathlib
import sys
import time
import urllib.error
import urllib.request

port, mail_dir, honcho = int(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
base = f"http://127.0.0.1:{port}"


def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def expect(status, method, path, body=None, token=None):
    got, raw = call(method, path, body, token)
    if got != status:
        sys.exit(f"{method} {path}: {got} (expected {status}) {raw[:500]!r}")
    print(f"   ok {method} {path} -> {got}")
    return json.loads(raw) if raw and raw[:1] in (b"{", b"[") else raw


deadline = time.monotonic() + 90
while True:
    try:
        if call("GET", "/dang-nhap/")[0] == 200:
            break
    except OSError:
        pass
    try:
        os.kill(honcho, 0)
    except ProcessLookupError:
        sys.exit("honcho stopped: a process of the Procfile exited (see its log below)")
    if time.monotonic() > deadline:
        sys.exit("the web process did not answer within 90 s")
    time.sleep(0.5)

page = expect(200, "GET", "/dang-nhap/").decode()
css = next(p.split('"')[0] for p in page.split('href="/static/')[1:] if p.startswith("css/"))
if css == "css/app.css":
    sys.exit("the login page links an unhashed CSS file: no manifest")
expect(200, "GET", f"/static/{css}")
status, body = call("GET", "/khong-co-trang-nay/")
if status != 404 or b"URLconf" in body or b"Traceback" in body:
    sys.exit(f"404 page: {status} {body[:300]!r}")

password = os.environ["DEMO_PASSWORD"]
ward = expect(200, "POST", "/api/v1/auth/token/",  # Đảng ủy phường Kon Tum (since 1/7/2025)
              {"username": "phuongkontum", "password": password})["token"]
obligations = expect(200, "GET", "/api/v1/obligations/?status=pending&status=overdue",
                     token=ward)["results"]
if not obligations:
    sys.exit("the demo's phường Kon Tum has no open obligation")
report = expect(201, "POST", "/api/v1/reports/", {
    "obligation": obligations[0]["id"], "text": "Báo cáo kiểm tra chế độ mở rộng.",
    "results_text": "Đã quán triệt.", "progress_percent": 50}, token=ward)
started = time.monotonic()
expect(200, "POST", f"/api/v1/reports/{report['id']}/submit/", token=ward)
print(f"   submission answered in {time.monotonic() - started:.3f} s")

deadline = time.monotonic() + 180
while time.monotonic() < deadline:
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.strip() + "\n")
            subject = str(email.header.make_header(email.header.decode_header(
                message["Subject"] or "")))
            # One e-mail per person: a reminder sweep running at the same moment puts the
            # notice in the same message, as a "■ title" block after the reminders.
            body = (message.get_payload(decode=True) or b"").decode(
                message.get_content_charset() or "utf-8", errors="replace")
            if (subject.startswith("Báo cáo mới chờ thẩm định")
                    or "\n■ Báo cáo mới chờ thẩm định" in body):
                print(f"   ok the worker delivered the reviewer's e-mail to {message['To']}:"
                      f" {subject}")
                sys.exit(0)
    time.sleep(0.5)
sys.exit("no 'Báo cáo mới chờ thẩm định' e-mail within 180 s (is the worker running?); "
         f"mail files: {[p.name for p in mail_dir.glob('*')]}")
PY

grep -q "celery@.* ready" "$tmp/honcho.log" || fail "the worker never said it was ready"
grep -q "beat: Starting" "$tmp/honcho.log" || fail "beat did not start"
if grep -E "Traceback|ModuleNotFoundError|ImportError" "$tmp/honcho.log" >/dev/null; then
    fail "a process logged a traceback"
fi
say "OK: web, worker and beat ran from requirements.txt alone; the e-mail was delivered"
