#!/usr/bin/env bash
# The viewer over a data directory (e.g. 1,000,000 generated events): first page load in headless
# Chromium (table with its count, then the chart) and the chart's query timed with curl.
#   java -jar target/graph-audit.jar generate --events 1000000 --data /tmp/m1
#   DATA=/tmp/m1 bench/viewer-load.sh          # RUNS=5 PORT=18380
# Needs chromium and chromium-driver (apt-get install chromium chromium-driver) and the test classpath.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
DATA="${DATA:?DATA=a data directory}"; PORT="${PORT:-18380}"; RUNS="${RUNS:-5}"
JAR="${JAR:-$ROOT/target/graph-audit.jar}"
CP="$(cd "$ROOT" && mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
java -jar "$JAR" --port "$PORT" --data "$DATA" >"$DATA.viewer.log" 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done
TOKEN="$(java -jar "$JAR" token --data "$DATA")"
java -cp "$CP" "$HERE/ViewerLoad.java" "http://127.0.0.1:$PORT" "$TOKEN" "$RUNS"
H="http://127.0.0.1:$PORT/viewer/histogram"
for q in "interval=day" "interval=day&\$filter=category%20eq%20'Device'" \
    "interval=hour&\$filter=activityDateTime%20ge%202016-03-01%20and%20activityDateTime%20lt%202016-03-08"; do
  for i in 1 2 3; do
    curl -s -o /dev/null -w "histogram $q: %{http_code} %{time_total}s\n" -H "Authorization: Bearer $TOKEN" "$H?$q"
  done
done
for i in 1 2 3; do
  curl -s -o /dev/null -w "list+count (the table's first page): %{http_code} %{time_total}s\n" -H "Authorization: Bearer $TOKEN" \
    -H 'Prefer: odata.maxpagesize=25' "http://127.0.0.1:$PORT/beta/deviceManagement/auditEvents?\$orderby=activityDateTime%20desc&\$count=true"
done
for i in 1 2 3; do
  curl -s -o /dev/null -w "/metrics scrape: %{http_code} %{time_total}s\n" "http://127.0.0.1:$PORT/metrics"
done
