#!/usr/bin/env bash
# The production web process (Procfile `web`): collect static files under the settings it
# serves with, then gunicorn. Production stores static files with a manifest of hashed
# names; files collected under other settings (`make run`) or an older release would make
# every page a 500 ("Missing staticfiles manifest entry"). COLLECTSTATIC=0 skips the step
# when a release step has already run it (several web processes sharing one STATIC_ROOT).
set -euo pipefail
venv=${VENV:-.venv}
if [ "${COLLECTSTATIC:-1}" = 1 ]; then
    "$venv/bin/python" manage.py collectstatic --noinput -v 0
fi
exec "$venv/bin/gunicorn" config.wsgi --bind "127.0.0.1:${PORT:-8000}" \
    --workers "${WEB_CONCURRENCY:-2}" --timeout 30
