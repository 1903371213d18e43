"""`make run`: the embedded mode (SQLite, filesystem broker), as a small office runs it.

DEBUG is off unless the environment (or `.env`) says `DEBUG=true`: `make run` serves the
product's own 403/404/500 pages and its static files through whitenoise. Developers who
want Django's debug pages set DEBUG=true for themselves.
"""

import os

os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")

from .base import *  # noqa: E402,F403
