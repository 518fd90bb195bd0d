#!/usr/bin/env bash
# 200 concurrent readers against the demo exactly as `make run` serves it (its gunicorn, its
# .env, its database), for LOADTEST_SECONDS (20) over the public pages and feeds; fails on any
# error (connection, timeout or a status other than 2xx/3xx) or any answer slower than 2 s.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${LOADTEST_PORT:-$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
DURATION=${LOADTEST_SECONDS:-20}
CLIENTS=${LOADTEST_CLIENTS:-200}
LIMIT_MS=2000
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

WORK=$(mktemp -d)
SERVER=""
# `make run` runs in its own process group, so everything it started stops with it.
cleanup() { [ -n "$SERVER" ] && kill -- -"$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

setsid make --no-print-directory run PORT="$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null \
    || { echo "make run did not start:" >&2; tail -30 "$WORK/server.log" >&2; exit 1; }

.venv/bin/python loadtest/desk.py paths > "$WORK/paths.txt"
echo "== $CLIENTS readers for ${DURATION}s on $(wc -l < "$WORK/paths.txt") public paths of make run's server"
wrk --threads 2 --connections "$CLIENTS" --duration "${DURATION}s" --timeout 10s \
    --latency --script loadtest/readers.lua "http://127.0.0.1:$PORT" -- "$WORK/paths.txt" \
    | tee "$WORK/wrk.txt"

result=$(grep "^RESULT" "$WORK/wrk.txt")
errors=$(sed -n 's/.* errors=\([0-9]*\) .*/\1/p' <<< "$result")
max_ms=$(sed -n 's/.* max_ms=\([0-9.]*\).*/\1/p' <<< "$result")
server_errors=$(grep -c '" 5[0-9][0-9] ' "$WORK/server.log" || true)
echo "RESULT server_5xx=$server_errors max_ms=$max_ms limit_ms=$LIMIT_MS"
[ "$errors" = 0 ] && [ "$server_errors" = 0 ] \
    || { echo "FAILED: errors under load" >&2; exit 1; }
awk -v max="$max_ms" -v limit="$LIMIT_MS" 'BEGIN { exit !(max < limit) }' \
    || { echo "FAILED: an answer took ${max_ms} ms (limit ${LIMIT_MS} ms)" >&2; exit 1; }
echo "OK: no errors, every answer under $LIMIT_MS ms"
