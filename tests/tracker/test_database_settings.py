"""PostgreSQL binds parameters in the server and prepares repeated statements (issue 8:
report submission), unless the environment turns either off; other databases are left
as they are."""

import pytest

from config.settings.base import tune_postgresql


def postgres() -> dict:
    return {"ENGINE": "django.db.backends.postgresql", "NAME": "tracker"}


CUSTOM_PLANS = "-c plan_cache_mode=force_custom_plan"


@pytest.fixture(autouse=True)
def _no_plan_mode_in_env(monkeypatch):
    monkeypatch.delenv("DATABASE_PLAN_CACHE_MODE", raising=False)


def test_postgresql_binds_in_the_server_and_prepares_after_five_runs(monkeypatch):
    monkeypatch.delenv("DATABASE_SERVER_SIDE_BINDING", raising=False)
    monkeypatch.delenv("DATABASE_PREPARE_THRESHOLD", raising=False)
    assert tune_postgresql(postgres())["OPTIONS"] == {"server_side_binding": True,
                                                      "prepare_threshold": 5,
                                                      "options": CUSTOM_PLANS}


def test_prepared_statements_are_planned_for_their_parameters_unless_told(monkeypatch):
    """PostgreSQL's generic plan (after five runs of a prepared statement) cannot use a
    partial index whose condition is a parameter: custom plans by default."""
    monkeypatch.setenv("DATABASE_PLAN_CACHE_MODE", "")
    assert "options" not in tune_postgresql(postgres())["OPTIONS"]
    monkeypatch.setenv("DATABASE_PLAN_CACHE_MODE", "auto")
    assert tune_postgresql(postgres())["OPTIONS"]["options"] == "-c plan_cache_mode=auto"


@pytest.mark.django_db
def test_the_connection_plans_each_execution(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"


@pytest.mark.parametrize(("binding", "threshold", "expected"), [
    ("false", "5", {"server_side_binding": False, "prepare_threshold": 5,
                    "options": CUSTOM_PLANS}),
    ("true", "none", {"server_side_binding": True, "prepare_threshold": None,
                      "options": CUSTOM_PLANS}),
    ("true", "0", {"server_side_binding": True, "prepare_threshold": 0,
                   "options": CUSTOM_PLANS}),
])
def test_the_environment_turns_them_off_or_tunes_them(monkeypatch, binding, threshold,
                                                      expected):
    monkeypatch.setenv("DATABASE_SERVER_SIDE_BINDING", binding)
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", threshold)
    assert tune_postgresql(postgres())["OPTIONS"] == expected


def test_options_given_in_the_settings_win(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "0")
    database = {**postgres(), "OPTIONS": {"prepare_threshold": None}}
    assert tune_postgresql(database)["OPTIONS"]["prepare_threshold"] is None


def test_sqlite_is_left_alone():
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}
    assert tune_postgresql(database) == {"ENGINE": "django.db.backends.sqlite3",
                                         "NAME": "db.sqlite3"}


def test_plan_mode_joins_options_the_url_gives(monkeypatch):
    database = {**postgres(), "OPTIONS": {"options": "-c statement_timeout=30000"}}
    assert tune_postgresql(database)["OPTIONS"]["options"] == (
        "-c statement_timeout=30000 " + CUSTOM_PLANS)
    database = {**postgres(), "OPTIONS": {"options": "-c plan_cache_mode=auto"}}
    assert tune_postgresql(database)["OPTIONS"]["options"] == "-c plan_cache_mode=auto"
