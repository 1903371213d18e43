#!/usr/bin/env bash
# Serve the web app with the embedded Celery worker + beat (filesystem broker, no Redis).
set -euo pipefail
port=${1:-8000}
py=.venv/bin/python
celery=.venv/bin/celery
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
$celery -A config worker -B --pool=solo --concurrency=1 --loglevel=INFO \
    --schedule var/celerybeat-schedule >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true; wait $worker 2>/dev/null || true' EXIT INT TERM
echo "Embedded worker started (pid $worker, log var/worker.log)."
echo "Serving http://127.0.0.1:${port}/  (admin: /admin/, API: /api/v1/, docs: /api/docs/)"
$py manage.py runserver "127.0.0.1:${port}" --noreload
