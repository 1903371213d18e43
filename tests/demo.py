"""The demo for the tests: loaded once per test session, put back per module or per test.

Loading the demo (devtools.demo.loader) takes seconds; when every module loaded it, that was
about 43 % of the suite's time. Here each variant is loaded once, on a clean database, and
an image of the database is taken; a module or a test then gets the image put back:

- SQLite (the in-memory test database): sqlite3's backup API copies the image's pages into
  the test database, and the clean image's pages to clear it;
- PostgreSQL: every table's rows are copied out once with COPY … TO STDOUT (binary); putting
  them back is one TRUNCATE … RESTART IDENTITY, a COPY … FROM STDIN per table that had rows
  and the sequences set past the ids, in one transaction (Django's foreign keys are
  deferred, so the order of the tables does not matter).

Measured on the shared 2-core machine (issue 14): SQLite puts the demo back in 2-20 ms (a
flush of it takes 0.47 s, a load 45-90 s); PostgreSQL in about 2 s. A PostgreSQL template
database (DROP + CREATE DATABASE … TEMPLATE) took 0.2 s but needs every other connection to
the test database closed, the live server's included; not done.

Fixtures (registered by tests/conftest.py):

- `demo`: module scope, the demo as of DEMO_DAY (27/11/2026) in the 2021 tree (load_demo's
  story=False: the journeys need the Thành ủy and the huyện ủy still at work) loaded with
  the clock on that day, committed for the module; the module's tests run in
  transactions that roll back (`db`), and the database is clean again after the module.
  Not for transactional tests (their teardown empties the database under the module's
  later tests).
- `demo_2025`: module scope, like `demo` but with the 2025 reorganisation played (the demo
  as `make run` loads it);
- `demo_today`: per test, on `transactional_db` (live server, browser): the demo (2021
  tree) loaded for today() on the real clock (once per day), committed; transactional_db empties the
  database after the test.
- `demo_units`: only the demo's units, groups and users (load_demo_units), committed for the
  module like `demo`; returns {username: user} as load_demo_units does, fresh per test.
"""

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import time_machine

DEMO_DAY = dt.date(2026, 11, 27)
DEMO_PASSWORD = "demo-pass-1"


class SqliteImage:
    """The whole database, pages and all, in a private in-memory database."""

    def __init__(self, connection):
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def put_back(self, connection):
        connection.ensure_connection()
        self.copy.backup(connection.connection)


class PostgresImage:
    """Every Django table's rows, in PostgreSQL's binary COPY format."""

    def __init__(self, connection):
        self.tables = connection.introspection.django_table_names(only_existing=True,
                                                                  include_views=False)
        self.rows: dict[str, bytes] = {}
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in self.tables:
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                    data = b"".join(bytes(block) for block in copy)
                if cursor.cursor.rowcount:
                    self.rows[table] = data

    def put_back(self, connection):
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import transaction

        quote = connection.ops.quote_name
        models = [m for m in apps.get_models(include_auto_created=True)
                  if m._meta.db_table in self.tables]
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in self.tables)} "
                           "RESTART IDENTITY CASCADE")
            for table, data in self.rows.items():
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(data)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def take_image(connection):
    if connection.vendor == "sqlite":
        return SqliteImage(connection)
    if connection.vendor == "postgresql":
        return PostgresImage(connection)
    raise NotImplementedError(f"no database image for {connection.vendor}")


@dataclass
class Images:
    """The clean database and each loaded variant, taken once per session."""

    clean: object = None
    loaded: dict = field(default_factory=dict)  # key: (image, what the loader returned)

    def install(self, key, load: Callable[[], object]):
        """Put the variant `key` in the database (loading it the first time); returns what
        its loader returned."""
        from django.contrib.contenttypes.models import ContentType
        from django.core.management import call_command
        from django.db import connection

        assert not connection.in_atomic_block, "the demo is installed outside transactions"
        if self.clean is None:
            # What a test starts from: the migrated schema, content types, permissions.
            call_command("flush", interactive=False, verbosity=0)
            self.clean = take_image(connection)
        if key not in self.loaded:
            self.clean.put_back(connection)
            result = load()
            self.loaded[key] = (take_image(connection), result)
        else:
            self.loaded[key][0].put_back(connection)
        ContentType.objects.clear_cache()
        return self.loaded[key][1]

    def clear(self):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        self.clean.put_back(connection)
        ContentType.objects.clear_cache()


def _at_demo_day():
    from tracker.timeutil import LOCAL_TZ

    return time_machine.travel(dt.datetime.combine(DEMO_DAY, dt.time(7), tzinfo=LOCAL_TZ),
                               tick=False)


def _load_demo_day(story: bool = False):
    from devtools.demo.loader import load_demo

    with _at_demo_day():
        return load_demo(password=DEMO_PASSWORD, today=DEMO_DAY, story=story)


def _load_units():
    from devtools.demo.loader import load_demo_units

    return {name: user.pk for name, user in
            load_demo_units(password=DEMO_PASSWORD).items()}


@pytest.fixture(scope="session")
def demo_images(django_db_setup, django_db_blocker) -> Images:
    return Images()


@pytest.fixture(scope="module")
def demo(demo_images, django_db_blocker):
    """The demo as of DEMO_DAY, committed for the module (its tests roll back their own
    changes); returns load_demo's DemoResult."""
    with django_db_blocker.unblock():
        result = demo_images.install(("demo day",), _load_demo_day)
        yield result
        demo_images.clear()


@pytest.fixture(scope="module")
def demo_2025(demo_images, django_db_blocker):
    """The demo as `make run` loads it, with the 2025 reorganisation (boards merged on
    1/3/2025, the communes in place of the districts from 1/7/2025), as of DEMO_DAY,
    committed for the module like `demo`."""
    with django_db_blocker.unblock():
        result = demo_images.install(("demo day", "2025"), lambda: _load_demo_day(story=True))
        yield result
        demo_images.clear()


@pytest.fixture
def demo_today(demo_images, transactional_db):
    """The demo loaded for today on the real clock, committed for one transactional test
    (live server, browser); returns load_demo's DemoResult. transactional_db empties the
    database after the test (after tests/conftest.py has checked the derived data)."""
    from devtools.demo.loader import load_demo
    from tracker.timeutil import today

    day = today()
    return demo_images.install(
        ("today", day), lambda: load_demo(password=DEMO_PASSWORD, today=day, story=False))


@pytest.fixture(scope="module")
def _demo_units_in_module(demo_images, django_db_blocker):
    with django_db_blocker.unblock():
        yield demo_images.install(("units",), _load_units)
        demo_images.clear()


@pytest.fixture
def demo_units(_demo_units_in_module, db):
    """Only the demo's units, groups and users, committed for the module (its tests roll
    back their own changes); returns {username: user} as load_demo_units does."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(_demo_units_in_module.values())
    return {name: users[pk] for name, pk in _demo_units_in_module.items()}


@pytest.fixture(autouse=True)
def _module_demo_not_in_transactional_tests(request):
    """A transactional test (live server, browser) empties the database afterwards, which
    would take the module's committed demo away from the tests after it: those use
    `demo_today`."""
    names = set(request.fixturenames)
    if names & {"demo", "demo_2025", "_demo_units_in_module"} and names & {"transactional_db",
                                                                "live_server"}:
        pytest.fail(f"{request.node.nodeid}: a transactional test takes `demo_today`, "
                    "not the module's `demo`/`demo_units`")
