#!/usr/bin/env bash
# `make run`: the web app (gunicorn, DEBUG off unless DEBUG=true is set, static files from
# whitenoise) with the embedded Celery worker + beat (filesystem broker, no Redis).
set -euo pipefail
port=${1:-8000}
venv=${VENV:-.venv}
celery=$venv/bin/celery
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
# E-mails link back to this server.
export SITE_URL=${SITE_URL:-http://127.0.0.1:${port}}
if [ "${EMBEDDED_WORKER:-1}" = 1 ]; then
    mkdir -p var
    $celery -A config worker -B --pool=solo --concurrency=1 --loglevel=INFO \
        --schedule var/celerybeat-schedule >var/worker.log 2>&1 &
    worker=$!
    trap 'kill $worker 2>/dev/null || true; wait $worker 2>/dev/null || true' EXIT INT TERM
    echo "Embedded worker started (pid $worker, log var/worker.log)."
fi
echo "Serving http://127.0.0.1:${port}/  (admin: /admin/, API: /api/v1/, docs: /api/docs/)"
$venv/bin/gunicorn config.wsgi --bind "127.0.0.1:${port}" --workers "${WEB_CONCURRENCY:-2}" \
    --threads 4 --timeout 60 --access-logfile - --log-level warning
