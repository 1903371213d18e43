"""How the product is started: `make run` for a small office, the Procfile in production.

`make run` serves the product with DEBUG off: the product's own 404 and 500 pages (no
URL pattern list, no traceback, no file paths) and static files from whitenoise. The
production web process collects static files itself, so a manifest left over from an
earlier `collectstatic` (or none at all) never turns every page into a 500.

The servers here are started as those commands start them, in a fresh environment (no
DEBUG, SECRET_KEY or settings module from the test run), on a free port.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent
pytestmark = pytest.mark.timeout(180)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra) -> dict:
    """The environment of a shell that never ran the test suite."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DATABASE_URL",
                        "CELERY_BROKER_URL", "EMAIL_URL", "SITE_URL", "STATIC_ROOT",
                        "DJANGO_ALLOW_ASYNC_UNSAFE")
           and not k.startswith(("PYTEST", "CELERY_"))}
    env.update(extra)
    return env


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class Server:
    def __init__(self, command: list[str], env: dict, port: int, cwd: Path = ROOT):
        self.port = port
        self.log = open(env["LOG_FILE"], "w+")  # noqa: SIM115
        self.proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=self.log,  # noqa: S603
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.output()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"server did not start: {self.output()}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def manage(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,  # noqa: S603
                   capture_output=True, timeout=120)


@pytest.fixture
def make_run_server(tmp_path):
    """The web server of `make run` (its own script), on a static root collected as
    `make run` collects it. The database is empty (never migrated): any page that reads a
    table fails, which is how a 500 is provoked here."""
    port = free_port()
    env = clean_env(VENV=str(VENV), EMBEDDED_WORKER="0", STATIC_ROOT=str(tmp_path / "static"),
                    DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                    LOG_FILE=str(tmp_path / "server.log"))
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    server = Server(["bash", "scripts/run-embedded.sh", str(port)], env, port)
    yield server
    server.stop()


DEBUG_MARKERS = ("Using the URLconf", "URL patterns", "Traceback", "DEBUG = True",
                 "technical_500", str(ROOT), "site-packages")


def test_make_run_answers_an_unknown_address_with_the_product_404_page(make_run_server):
    status, _headers, body = fetch(make_run_server.url("/khong-co-trang-nay/"))
    assert status == 404
    assert "Không tìm thấy trang" in body and "css/app" in body
    for marker in DEBUG_MARKERS:
        assert marker not in body, marker


def test_make_run_answers_a_failure_with_the_product_500_page(make_run_server):
    # A session cookie makes the page read the session table, which does not exist.
    status, _headers, body = fetch(make_run_server.url("/"),
                                   {"Cookie": "sessionid=" + "a" * 32})
    assert status == 500
    assert "Lỗi hệ thống" in body and "css/app" in body
    for marker in DEBUG_MARKERS + ("OperationalError", "django_session"):
        assert marker not in body, marker


def test_make_run_serves_static_files_with_whitenoise(make_run_server):
    status, headers, body = fetch(make_run_server.url("/static/css/app.css"))
    assert status == 200, make_run_server.output()
    assert headers["Content-Type"].startswith("text/css")
    assert "max-age" in headers.get("Cache-Control", "")  # whitenoise's, not runserver's


def procfile_command(name: str) -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {name} process in the Procfile")


def test_the_production_web_process_collects_static_files_before_serving(tmp_path):
    """The static root holds what `make run` collected (no manifest): the Procfile's web
    process, under production settings, still serves pages that link hashed files."""
    static_root = tmp_path / "static"
    db = tmp_path / "db.sqlite3"
    port = free_port()
    common = dict(STATIC_ROOT=str(static_root), DATABASE_URL=f"sqlite:///{db}",
                  LOG_FILE=str(tmp_path / "web.log"))
    manage("collectstatic", "--noinput", "-v", "0", env=clean_env(**common))
    assert not (static_root / "staticfiles.json").exists()
    env = clean_env(**common, DJANGO_SETTINGS_MODULE="config.settings.production",
                    SECRET_KEY="production-test-" + "x" * 40, ALLOWED_HOSTS="127.0.0.1",
                    CELERY_BROKER_URL="redis://127.0.0.1:6390/3", EMAIL_URL="consolemail://",
                    VENV=str(VENV), PORT=str(port), WEB_CONCURRENCY="1")
    manage("migrate", "--noinput", "-v", "0", env=env)
    command = procfile_command("web").replace(".venv/", f"{VENV}/")
    server = Server(["bash", "-c", command], env, port)
    try:
        https = {"X-Forwarded-Proto": "https"}
        status, _headers, body = fetch(server.url("/dang-nhap/"), https)
        assert status == 200, (status, body[-2000:], server.output())
        css = next(part.split('"')[0] for part in body.split('href="/static/')[1:]
                   if part.startswith("css/app"))
        assert css != "css/app.css"  # the hashed name from the manifest
        assert fetch(server.url(f"/static/{css}"), https)[0] == 200
        assert (static_root / "staticfiles.json").exists()
    finally:
        server.stop()



def test_the_deployment_checklist_finds_nothing_under_production_settings(tmp_path):
    """`manage.py check --deploy` (Django's deployment checklist plus every app's checks,
    drf-spectacular's schema warnings among them) reports no issue at all."""
    env = clean_env(DJANGO_SETTINGS_MODULE="config.settings.production",
                    SECRET_KEY="production-test-" + "x" * 40, ALLOWED_HOSTS="theodoi.example.vn",
                    DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                    CELERY_BROKER_URL="redis://127.0.0.1:6390/3", EMAIL_URL="consolemail://",
                    LOG_FILE=str(tmp_path / "web.log"))
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy",
                             "--fail-level", "WARNING"], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
