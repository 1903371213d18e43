"""Test settings: fast hashing, eager-free Celery, in-memory mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: E402,F403
from .base import env  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = env.bool("AXES_ENABLED", default=False)
# Tests travel in time between the requests of one signed-in client: the idle timeout
# (base: SESSION_IDLE_MINUTES, 30) is tested on its own (tests/accounts/test_tokens.py).
SESSION_COOKIE_AGE = 10 * 366 * 24 * 3600
# ... and a session is not rewritten on every request: on SQLite's shared in-memory test
# database a page's polling would lock the session table against the worker's writes.
SESSION_SAVE_EVERY_REQUEST = False
LOGGING = {"version": 1, "disable_existing_loggers": False}

# A test database of its own per run, so two runs on one server never meet.
if env("TEST_DATABASE_NAME", default="") and not DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
