#!/usr/bin/env bash
# A mixed soak as an operator tries it: 2 writers (seed-shaped POSTs, random times) and 2 readers
# (filtered, ordered 50-event pages) for SECONDS on a fresh data directory, the process's RSS sampled
# every 10 s. Prints POST/s, list/s, the RSS at the start and its maximum, and the file size.
#   bench/mixed-soak.sh target/graph-audit.jar 600 [PORT]
#   JVM_OPTS="-Xmx512m" bench/mixed-soak.sh target/graph-audit.jar 600     # another heap
#   SERVE_OPTS="--cache-mb 256" bench/mixed-soak.sh target/graph-audit.jar 600
# Needs wrk. Compare builds or settings in the same hour on the same machine: absolute figures drift.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$1"; SECS="$2"; PORT="${3:-18482}"
D="$(mktemp -d /tmp/graph-audit-mixed.XXXXXX)"
TOKEN="$(java -jar "$JAR" token --data "$D" --create-key)"
# shellcheck disable=SC2086
java ${JVM_OPTS:-} -jar "$JAR" --port "$PORT" --data "$D" ${SERVE_OPTS:-} >"$D.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$D" "$D.log"; exit 0' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.2; done
rss() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$PID/status") / 1024 )); }
START_RSS=$(rss); MAX_RSS=$START_RSS
URL="http://127.0.0.1:$PORT/beta/deviceManagement/auditEvents"
wrk -t1 -c2 -d"${SECS}s" -H "Authorization: Bearer $TOKEN" -s "$HERE/wrk/post.lua" "$URL" -- "$HERE/bodies/graph_seed.json" \
  >"$D.post" 2>&1 &
WRITERS=$!
wrk -t1 -c2 -d"${SECS}s" -H "Authorization: Bearer $TOKEN" -s "$HERE/wrk/get_list.lua" "$URL" >"$D.list" 2>&1 &
READERS=$!
while kill -0 $WRITERS 2>/dev/null; do
  sleep 10
  NOW=$(rss); [ "$NOW" -gt "$MAX_RSS" ] && MAX_RSS=$NOW
done
wait $WRITERS $READERS
echo "post_per_s=$(awk '/Requests\/sec/ {print $2}' "$D.post") list_per_s=$(awk '/Requests\/sec/ {print $2}' "$D.list")" \
  "rss_start_mb=$START_RSS rss_max_mb=$MAX_RSS rss_end_mb=$(rss)" \
  "store_mb=$(( $(du -sb "$D" | cut -f1) / 1048576 )) events=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/\$count")"
grep -h "Non-2xx" "$D.post" "$D.list" || true
rm -f "$D.post" "$D.list"
