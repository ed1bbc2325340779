#!/usr/bin/env bash
# bench/store-compare.sh's restart phase alone, RUNS times on one data directory (e.g. made with
# `generate --events 1000000`): start with the page cache dropped, 20 POSTs, kill -9, then start → the first
# answer to an unfiltered $count, with the restart's recovery lines (replay, check, rebuild).
#   bench/restart-after-kill.sh target/graph-audit.jar DATA_DIR [RUNS=3]      # root (drops the page cache)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$1"; D="$2"; RUNS="${3:-3}"; PORT=18562
EVENTS=/beta/deviceManagement/auditEvents
LOG="$(mktemp /tmp/graph-audit-restart.XXXXXX)"
trap 'rm -f "$LOG"' EXIT

. "$HERE/wait-answer.sh"

TOKEN=$(java -jar "$JAR" token --data "$D" --create-key)
for run in $(seq 1 "$RUNS"); do
  sync; echo 3 > /proc/sys/vm/drop_caches
  java -Xmx512m -jar "$JAR" --port $PORT --data "$D" > /dev/null 2>&1 &
  PID=$!
  up=$(wait_answer "http://127.0.0.1:$PORT/health" "$TOKEN")
  for _ in $(seq 1 20); do
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      --data @"$HERE/bodies/graph_seed.json" "http://127.0.0.1:$PORT$EVENTS"
  done
  kill -9 $PID; wait $PID 2>/dev/null || true
  java -Xmx512m -jar "$JAR" --port $PORT --data "$D" > "$LOG" 2>&1 &
  PID=$!
  again=$(wait_answer "http://127.0.0.1:$PORT$EVENTS/\$count" "$TOKEN")
  echo "run $run: cold start ${up} s; restart after kill -9: first answer after ${again} s;" \
    "$(grep -hoE '(replayed|checked|rebuilt)[^:]*(: [a-z]+)?' "$LOG" | paste -sd ';' -)"
  kill $PID; wait $PID 2>/dev/null || true
done
