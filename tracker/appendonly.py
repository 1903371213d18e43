"""The log can't be rewritten: events, reviews, deadline changes and extension decisions.

Rows of these models are written once. Two guards refuse a rewrite:

- the ORM (every database): `save()` of a row loaded from the database, `delete()`, and
  a queryset's `update()`, `delete()` and `bulk_update()` raise `LogRewriteError`. An
  extension request is the one exception the workflow needs: it is written pending and
  saved once more when it is decided (pending → approved/rejected); a decided request
  is refused like the others.
- PostgreSQL (reports migration 0006): a BEFORE UPDATE OR DELETE trigger on each table
  (`tracker_log_refuse()`) raises SQLSTATE 23001 (restrict_violation), so raw SQL, a
  psql session or another program is refused too. For extension requests, UPDATE is
  refused only once OLD.status <> 'pending'.

SQLite has no trigger: Django's own flush of a test database (TransactionTestCase)
deletes row by row there and would be refused; the ORM guard applies.

The one bypass, `log_purge()`, is for removing whole datasets that are not records of
real work (devtools.bench.cleanup deletes the bench's generated rows). It sets
`SET LOCAL tracker.allow_purge = 'on'` for the current transaction on PostgreSQL (the
triggers let rows go while it is on) and lifts the ORM guard for the current context.
TRUNCATE (the table owner's statement) fires no row trigger; privileges, not triggers,
keep the table owner's role away from the application.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import IntegrityError, connection, transaction

_purging: ContextVar[bool] = ContextVar("tracker_log_purge", default=False)


class LogRewriteError(IntegrityError):
    """A change or deletion of an append-only log row was refused."""


def purging() -> bool:
    return _purging.get()


@contextmanager
def log_purge():
    """Allow deleting and changing log rows inside this block (one transaction).

    Only for removing generated datasets (the bench cleanup); never from the product.
    """
    token = _purging.set(True)
    try:
        with transaction.atomic():
            postgres = connection.vendor == "postgresql"
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL tracker.allow_purge = 'on'")
            yield
            if postgres:  # a savepoint in an outer transaction: off again for the rest
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL tracker.allow_purge = 'off'")
    finally:
        _purging.reset(token)


def refuse(model, action: str) -> None:
    if not purging():
        raise LogRewriteError(
            f"{action} of {model._meta.label} refused: the log is append-only")


class AppendOnlyQuerySetMixin:
    """Querysets of an append-only model: no update(), delete() or bulk_update().

    A model whose rows may change while pending (`append_only_pending_field`) allows an
    update() that matches pending rows only.
    """

    def update(self, **kwargs):
        field = getattr(self.model, "append_only_pending_field", None)
        if field is None or self.exclude(**{field: "pending"}).exists():
            refuse(self.model, "update")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        refuse(self.model, "bulk_update")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        refuse(self.model, "delete")
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def _raw_delete(self, using):
        # The deletion collector's fast path deletes without calling delete().
        refuse(self.model, "delete")
        return super()._raw_delete(using)


class AppendOnlyModel:
    """Mix into an append-only model (before models.Model).

    `append_only_pending_field`: the status field of a row that may still change while
    its loaded value is "pending" (the extension request's decision); None: never.
    """

    append_only_pending_field: str | None = None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        field = cls.append_only_pending_field
        if field is not None:
            instance._append_only_loaded = instance.__dict__.get(field)
        return instance

    def save(self, *args, **kwargs):
        if self._state.adding:
            if self.pk is not None and not kwargs.get("update_fields"):
                # An unsaved instance with the id of an existing row must not overwrite it.
                kwargs["force_insert"] = True
        elif getattr(self, "_append_only_loaded", None) != "pending":
            refuse(type(self), "update")
        result = super().save(*args, **kwargs)
        field = self.append_only_pending_field
        if field is not None:
            self._append_only_loaded = getattr(self, field)
        return result

    def delete(self, *args, **kwargs):
        refuse(type(self), "delete")
        return super().delete(*args, **kwargs)


__all__ = ["AppendOnlyModel", "AppendOnlyQuerySetMixin", "LogRewriteError", "log_purge",
           "purging", "refuse"]
