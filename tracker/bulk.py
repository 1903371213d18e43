"""Inserting many rows without building a model instance for each (issue 17).

`bulk_create` builds and prepares a full model instance per row; a province-wide
reorganisation writes hundreds of thousands of rows (assignments, obligations, events),
where that Python work costs more than the database's. `insert_rows` takes plain dicts
(only the columns the caller sets), fills the other columns from the fields' defaults
once per batch, prepares only the values that need it (dates, times, JSON, cleaned text)
and sends multi-row INSERTs, returning the new ids in the rows' order. Like
`bulk_create`, it sends no signals and calls no `save()`: the caller keeps derived
columns itself (a `derived.sync` afterwards).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Model

from .timeutil import now

# Values the database adapter takes as they are (no preparation in Python).
_PLAIN = {"AutoField", "BigAutoField", "SmallAutoField", "ForeignKey", "OneToOneField",
          "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
          "PositiveBigIntegerField", "PositiveSmallIntegerField", "BooleanField"}
_MAX_PARAMS = 30000  # under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters


def insert_rows(model: type[Model], rows: Sequence[dict[str, Any]], *,
                returning: bool = False, batch_size: int = 2000) -> list[int]:
    """Insert `rows` (field name -> value; every row names the same fields) into
    `model`'s table. Other fields take their defaults, `auto_now(_add)` ones the current
    time. Returns the new primary keys in order when `returning`, else []."""
    if not rows:
        return []
    meta = model._meta
    given = list(rows[0])
    moment = now()
    fields = []
    constants: dict[str, Any] = {}
    for f in meta.concrete_fields:
        if f.primary_key and f.name not in given:
            continue
        if f.name in given or f.attname in given:
            fields.append(f)
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            constants[f.name] = moment
        elif f.has_default():
            constants[f.name] = f.get_default()
        elif f.null:
            constants[f.name] = None
        else:
            raise ValueError(f"{meta.label}.{f.name} has no value and no default")
        fields.append(f)
    prepared_constants = {name: meta.get_field(name).get_db_prep_save(value, connection)
                          for name, value in constants.items()}
    keys = [f.name if f.name in given else f.attname for f in fields]
    preps = [None if f.get_internal_type() in _PLAIN or f.name in constants
             else f.get_db_prep_save for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(meta.db_table)
    pk = connection.ops.quote_name(meta.pk.column)
    if connection.vendor == "postgresql":
        return _insert_unnest(table, columns, pk, fields, keys, preps, constants,
                              prepared_constants, rows, returning, batch_size * 10)
    per = max(1, min(batch_size, _MAX_PARAMS // len(fields)))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per):
            part = rows[start:start + per]
            params: list[Any] = []
            for row in part:
                for f, key, prep in zip(fields, keys, preps, strict=True):
                    if f.name in constants:
                        params.append(prepared_constants[f.name])
                    elif prep is None:
                        params.append(row[key])
                    else:
                        params.append(prep(row[key], connection))
            one = "(" + ", ".join(["%s"] * len(fields)) + ")"
            # Names from the model's own metadata, values as parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(  # noqa: S608
                [one] * len(part))
            if returning:
                cursor.execute(sql + f" RETURNING {pk}", params)
                ids.extend(r[0] for r in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return ids


def _insert_unnest(table, columns, pk, fields, keys, preps, constants, prepared_constants,
                   rows, returning, per) -> list[int]:
    """PostgreSQL: the rows go as one JSON document per batch (`INSERT ... SELECT FROM
    json_to_recordset`), encoded by the C JSON encoder and parsed by the server, so the
    statement stays short whatever the number of rows and no value is adapted one by one
    in Python (array parameters are: a province-wide plan sends millions of values); the
    rows keep their order."""
    selects, names, varying = [], [], []
    for f in fields:
        db_type = f.rel_db_type(connection) if f.is_relation else f.db_type(connection)
        if f.name in constants:
            selects.append(f"%s::{db_type}")
            continue
        name = f"c{len(varying)}"
        encoder = getattr(f, "encoder", None)
        # A JSON column whose encoder is not the document's goes as its own JSON text.
        as_text = f.get_internal_type() == "JSONField" and encoder not in (None, DjangoJSONEncoder)
        selects.append(f"u.{name}::jsonb" if as_text else f"u.{name}")
        names.append(f"{name} {'text' if as_text else db_type}")
        varying.append((f, name, as_text))
    sql = (f"INSERT INTO {table} ({columns}) SELECT {', '.join(selects)} "  # noqa: S608
           f"FROM json_to_recordset(%s::json) AS u({', '.join(names)})")
    if returning:
        sql += f" RETURNING {pk}"
    index = {f.name: (key, prep) for f, key, prep in zip(fields, keys, preps, strict=True)}
    head = [prepared_constants[f.name] for f in fields if f.name in constants]
    columns_out = []
    for f, name, as_text in varying:
        key, prep = index[f.name]
        if as_text:
            columns_out.append((name, key, lambda v, enc=f.encoder: json.dumps(v, cls=enc)))
        elif f.get_internal_type() == "JSONField" or prep is None:
            columns_out.append((name, key, None))
        else:
            columns_out.append((name, key, _memo(prep)))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per):
            part = rows[start:start + per]
            document = [{name: (r[key] if conv is None else conv(r[key]))
                         for name, key, conv in columns_out} for r in part]
            cursor.execute(sql, [*head, json.dumps(document, cls=_Encoder,
                                                   ensure_ascii=False)])
            if returning:
                ids.extend(r[0] for r in cursor.fetchall())
    return ids


class _Encoder(DjangoJSONEncoder):
    """Dates and times in full ISO 8601 (DjangoJSONEncoder cuts microseconds)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.date | dt.time):
            return o.isoformat()
        return super().default(o)


def _memo(prep):
    """`prep` (a field's get_db_prep_save) with its answers kept: the same values recur
    (a verb, a note, a date)."""
    memo: dict = {}

    def prepared(value):
        try:
            return memo[value]
        except (KeyError, TypeError):
            done = prep(value, connection)
            with contextlib.suppress(TypeError):
                memo[value] = done
            return done
    return prepared


def chunks(values: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]
