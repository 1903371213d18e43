"""Transactions of the services: an outer service owns its transaction.

An *outer* service is one a view, the API, a task or the admin calls: it runs in
`transaction.atomic(durable=True)`, so that when it returns its writes are committed (and
its `on_commit` work, the Celery enqueue, has been handed over). Calling it inside
another transaction raises `RuntimeError`: one outer service never runs inside another's
transaction, and a task or sweep does not wrap one in its own `atomic()`.

Inner helpers (the state writers, `counts`, the signal receivers) use plain `atomic`.

A script that deliberately makes several outer changes as one unit (the directive
importer: create, assign, publish; the demo's history load) opens the transaction with
`batch()`: inside it the outer services run as plain atomic blocks.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")

_batch: contextvars.ContextVar[bool] = contextvars.ContextVar("tracker_tx_batch", default=False)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """One transaction for several outer services (the caller owns it)."""
    token = _batch.set(True)
    try:
        with transaction.atomic():
            yield
    finally:
        _batch.reset(token)


def in_batch() -> bool:
    return _batch.get()


def outer(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` as an outer service: durable, unless inside `batch()`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(durable=not in_batch()):
            return func(*args, **kwargs)

    wrapper.outer_service = True  # type: ignore[attr-defined]
    return wrapper
