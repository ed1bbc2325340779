#!/usr/bin/env bash
# A POST soak of one build: 16 connections of seed-shaped POSTs (random times) for SECONDS on a fresh
# data directory, then the process's RSS, the store's size on disk (the H2 file, and the change log since 0.2) and the event count; then the service is
# stopped and `compact` run, and the store's size is given against its compacted size. Needs wrk.
#   bench/soak.sh target/graph-audit.jar 120 [PORT]
# Compare builds in the same hour on the same machine: absolute figures drift.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$1"; SECS="$2"; PORT="${3:-18480}"
D="$(mktemp -d /tmp/graph-audit-soak.XXXXXX)"
TOKEN="$(java -jar "$JAR" token --data "$D" --create-key)"
java -jar "$JAR" --port "$PORT" --data "$D" >"$D.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$D" "$D.log"; exit 0' EXIT
for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/beta/deviceManagement/auditEvents"
wrk -t2 -c16 -d"${SECS}s" -H "Authorization: Bearer $TOKEN" -s "$HERE/wrk/post.lua" "$URL" -- "$HERE/bodies/graph_seed.json" \
  | grep -E "Requests/sec|requests in|Non-2xx"
echo "rss_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 )) store_mb=$(( $(du -sb "$D" | cut -f1) / 1048576 ))" \
  "events=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/\$count")"
FILE_BYTES=$(du -sb "$D" | cut -f1)
kill -TERM $PID; wait $PID || true
java -jar "$JAR" compact --data "$D" >/dev/null
COMPACT_BYTES=$(du -sb "$D" | cut -f1)
echo "compacted_mb=$(( COMPACT_BYTES / 1048576 )) ratio=$(awk "BEGIN {printf \"%.2f\", $FILE_BYTES / $COMPACT_BYTES}")"
