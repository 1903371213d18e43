"""Fast row writing for the bench dataset: COPY (PostgreSQL) or executemany (SQLite).

Rows are plain tuples in the order of a table's field list; primary keys are handed
out by an `IdBlock` that reserves ranges from the table's sequence, so child rows can
refer to their parents before anything is written. Buffers are flushed together, in
foreign-key order, one transaction per flush.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, models, transaction

BLOCK = 20_000


class IdBlock:
    """Primary keys for one table, reserved in blocks (safe next to other writers)."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.table = model._meta.db_table
        self.next_id = 0
        self.last_id = -1

    def _reserve(self, n: int) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Jump the sequence past the block: concurrent inserts get later ids.
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                    f"GREATEST(nextval(pg_get_serial_sequence(%s, 'id')), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {self.table})) + %s - 1)",
                    [self.table, self.table, n])
                last = cursor.fetchone()[0]
                self.next_id, self.last_id = last - n + 1, last
            else:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")  # noqa: S608
                start = max(cursor.fetchone()[0] + 1, self.last_id + 1)
                self.next_id, self.last_id = start, start + n - 1

    def __call__(self) -> int:
        if self.next_id > self.last_id:
            self._reserve(BLOCK)
        value = self.next_id
        self.next_id += 1
        return value


@dataclass
class TableStats:
    rows: int = 0
    seconds: float = 0.0


@dataclass
class Writer:
    """Buffers rows per model and writes them in `order` (parents first)."""

    order: list[tuple[type[models.Model], list[str]]]
    flush_rows: int = 200_000
    stats: dict[str, TableStats] = field(default_factory=lambda: defaultdict(TableStats))
    buffers: dict = field(default_factory=lambda: defaultdict(list))
    pending: int = 0

    def __post_init__(self):
        self.fields = {model: names for model, names in self.order}
        self.ids = {model: IdBlock(model) for model, names in self.order if names[0] == "id"}

    def new_id(self, model) -> int:
        return self.ids[model]()

    def add(self, model, row) -> None:
        """Buffer a row (a tuple, or a list that may still change until the flush)."""
        self.buffers[model].append(row)
        self.pending += 1

    def checkpoint(self) -> None:
        """A point where every buffered row's parents are buffered too: flush if full."""
        if self.pending >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        with transaction.atomic():
            for model, names in self.order:
                rows = self.buffers.pop(model, None)
                if rows:
                    started = time.perf_counter()
                    _write(model, names, rows)
                    stat = self.stats[model._meta.db_table]
                    stat.rows += len(rows)
                    stat.seconds += time.perf_counter() - started
        self.pending = 0


def _columns(model, names: list[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]


def _write(model, names: list[str], rows: list[tuple]) -> None:
    fields = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = json.dumps(row[i], ensure_ascii=False)
                    copy.write_row(row)
        return
    converted = [
        tuple(f.get_db_prep_save(value, connection) if value is not None else None
              for f, value in zip(fields, row, strict=True))
        for row in rows
    ]
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                           converted)

