#!/usr/bin/env bash
# The whole suite: lint, migrations check, pytest on SQLite, then on PostgreSQL.
# Without CI=true an unreachable PostgreSQL is skipped with a visible line; with
# CI=true it is a failure.
set -uo pipefail
py=.venv/bin/python
ci=${CI:-false}
status=0

echo "== ruff"
.venv/bin/ruff check . || status=1

echo "== import-linter (floors: tracker < directives < assignments < reports < config < devtools)"
.venv/bin/lint-imports --no-cache --no-logo || status=1

echo "== views of at most 20 lines"
$py scripts/check_view_length.py || status=1

echo "== makemigrations --check"
DJANGO_SETTINGS_MODULE=config.settings.test $py manage.py makemigrations --check --dry-run \
    >/dev/null || { echo "Model changes without a migration."; status=1; }

echo "== pytest on SQLite"
env -u DATABASE_URL $py -m pytest "$@" || status=1

echo "== pytest on PostgreSQL ($TEST_POSTGRES_URL)"
if $py - <<'PY'
import os, sys
import psycopg
try:
    psycopg.connect(os.environ["TEST_POSTGRES_URL"].replace("postgres://", "postgresql://"),
                    connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}")
    sys.exit(1)
PY
then
    DATABASE_URL=$TEST_POSTGRES_URL TEST_DATABASE_NAME="test_tracker_$$" \
        $py -m pytest "$@" || status=1
elif [ "$ci" = "true" ]; then
    echo "FAIL: PostgreSQL is required under CI=true."
    status=1
else
    echo "SKIPPED: PostgreSQL tests (no server at $TEST_POSTGRES_URL)."
fi
exit $status
