#!/usr/bin/env bash
# Load test: gunicorn (2 workers) on 127.0.0.1 with the demo data; 64 readers for 30 s on the
# public pages and feeds (wrk) while an editor publishes and corrects checks; then 0 errors
# and every published check visible. Uses a throw-away SQLite database unless
# LOADTEST_DATABASE_URL names another (empty or demo-only) database.
set -euo pipefail
cd "$(dirname "$0")/.."

# A free port unless one is given, so another server on this machine is never measured.
PORT=${LOADTEST_PORT:-$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
DURATION=${LOADTEST_SECONDS:-30}
CLIENTS=${LOADTEST_CLIENTS:-64}
BIN=.venv/bin
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

WORK=$(mktemp -d)
export DATABASE_URL=${LOADTEST_DATABASE_URL:-sqlite:///$WORK/loadtest.sqlite3}
export CACHE_DIR=$WORK/cache
export SECRET_KEY=$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=ERROR

SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

$BIN/python manage.py migrate --no-input -v 0
$BIN/python manage.py load_demo >/dev/null
$BIN/python manage.py collectstatic --no-input -v 0
$BIN/python loadtest/desk.py paths > "$WORK/paths.txt"

$BIN/gunicorn factcheck.wsgi --bind 127.0.0.1:$PORT --workers 2 --access-logfile - \
    --log-level warning > "$WORK/access.log" 2> "$WORK/server.log" &
SERVER=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
kill -0 "$SERVER" 2>/dev/null || { echo "gunicorn did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }

echo "== $CLIENTS readers for ${DURATION}s on $(wc -l < "$WORK/paths.txt") public paths, one editor at work"
$BIN/python loadtest/desk.py edit "$DURATION" > "$WORK/editor.txt" &
EDITOR=$!
wrk --threads 2 --connections "$CLIENTS" --duration "${DURATION}s" --timeout 10s \
    --latency --script loadtest/readers.lua "http://127.0.0.1:$PORT" -- "$WORK/paths.txt" \
    | tee "$WORK/wrk.txt"
wait $EDITOR
cat "$WORK/editor.txt"
$BIN/python loadtest/desk.py verify "http://127.0.0.1:$PORT" | tee "$WORK/verify.txt"

server_errors=$(awk '$9 ~ /^5/' "$WORK/access.log" | wc -l)
echo "RESULT server_5xx=$server_errors"
grep -q "RESULT requests=[0-9]* errors=0 " "$WORK/wrk.txt" && [ "$server_errors" = 0 ] \
    || { echo "FAILED: errors under load" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
echo "OK: no errors, every published check visible"
