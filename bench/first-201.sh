#!/usr/bin/env bash
# Start → first 201: runs `java [JVM_OPTS] -jar JAR` on a fresh data directory RUNS times (default 7),
# each time POSTing Microsoft's seed event from the moment the process is launched until one answers
# 201, and prints each time and the median in milliseconds. The token is minted beforehand (not timed).
#   bench/first-201.sh target/graph-audit.jar [RUNS] [PORT]
#   JVM_OPTS="-XX:SharedArchiveFile=target/graph-audit.jsa" bench/first-201.sh target/graph-audit.jar
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$1"; RUNS="${2:-7}"; PORT="${3:-18490}"
BODY="$HERE/bodies/graph_seed.json"
times=()
for run in $(seq 1 "$RUNS"); do
  D="$(mktemp -d /tmp/graph-audit-first201.XXXXXX)"
  TOKEN="$(java -jar "$JAR" token --data "$D" --create-key)"
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  java ${JVM_OPTS:-} -jar "$JAR" --port "$PORT" --data "$D" >"$D.log" 2>&1 &
  PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' --data-binary "@$BODY" \
      "http://127.0.0.1:$PORT/beta/deviceManagement/auditEvents")" = 201 ]; do
    kill -0 $PID 2>/dev/null || { cat "$D.log"; exit 1; }
  done
  end=$(date +%s%N)
  kill $PID; wait $PID 2>/dev/null || true
  rm -rf "$D" "$D.log"
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $run: $ms ms"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms"}'
