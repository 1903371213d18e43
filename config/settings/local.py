"""`make run`: the embedded mode (SQLite, filesystem broker), as a small office runs it.

DEBUG is off unless the environment (or `.env`) says `DEBUG=true`: `make run` serves the
product's own 403/404/500 pages and its static files through whitenoise. Developers who
want Django's debug pages set DEBUG=true for themselves.

SECRET_KEY comes from the environment, or else from `var/secret_key`, which the first start
fills with a random key of this installation's own (never a key published with the code).
"""

import os
import secrets
from pathlib import Path


def _installation_secret_key() -> str:
    path = Path(__file__).resolve().parents[2] / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="ascii") as out:  # first writer wins
                out.write(secrets.token_urlsafe(50))
            path.chmod(0o600)
        except FileExistsError:
            pass
    return path.read_text(encoding="ascii").strip()


if not os.environ.get("SECRET_KEY"):
    os.environ["SECRET_KEY"] = _installation_secret_key()

from .base import *  # noqa: E402,F403
