"""Local development: the embedded mode of `make run` (SQLite, filesystem broker)."""

import os

os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
