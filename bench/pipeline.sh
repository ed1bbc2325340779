#!/usr/bin/env bash
# The request pipeline's figures, in one run against one warmed-up service:
#  - events read per second: one $batch of 20 GETs by id (wrk/batch_get_by_id.lua) vs single GETs by id;
#  - GET by id with throttling off vs on, switched at run time through the admin request, alternating
#    ROUNDS times. "On" counts every request in a per-app and a per-tenant window (THROTTLE, high
#    enough that nothing is refused, so the figure is the cost of the bookkeeping, not of 429s).
#   bench/pipeline.sh        (PRELOAD=2000 DURATION=15s CONNS=16 WARMUP=30s ROUNDS=3)
# Needs wrk (apt-get install -y wrk). Loopback only.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PORT="${PORT:-18180}"; PRELOAD="${PRELOAD:-2000}"; DURATION="${DURATION:-15s}"; CONNS="${CONNS:-16}"
WARMUP="${WARMUP:-30s}"; ROUNDS="${ROUNDS:-3}"
THROTTLE="${THROTTLE:-requests=999999999/20s,tenant-requests=999999999/20s}"
command -v wrk >/dev/null || { echo "wrk not installed: apt-get install -y wrk" >&2; exit 2; }
JAR="${JAR:-$ROOT/target/graph-audit.jar}"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q package -DskipTests)

DATA="$(mktemp -d /tmp/graph-audit-pipeline.XXXXXX)"
export BENCH_AUTH="Bearer $(java -jar "$JAR" token --data "$DATA")"
java ${JAVA_OPTS:-} -jar "$JAR" --port "$PORT" --data "$DATA" >"$DATA.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done

BASE="http://127.0.0.1:$PORT/beta"
EVENTS="$BASE/deviceManagement/auditEvents"
echo "# graph-audit $(java -jar "$JAR" --version) on $(nproc) cores, $(date -u +%FT%TZ)"
CONNS=16 "$HERE/preload.sh" "$EVENTS" "$PRELOAD"
IDS="$DATA/ids.txt"
curl -sf -H "Authorization: $BENCH_AUTH" "$EVENTS?\$select=id&\$top=1000" \
  | python3 -c 'import json,sys; [print(e["id"]) for e in json.load(sys.stdin)["value"]]' >"$IDS"

run() { # label url script args...
  local label="$1" url="$2" script="$3"; shift 3
  local line
  line="$(wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 10s --latency -s "$HERE/wrk/$script" "$url" -- "$@" 2>&1 \
    | grep '^RESULT ' | sed 's/^RESULT //')"
  echo "$label conns=$CONNS $line"
}
throttle() {
  curl -sf -X PATCH -H "Authorization: $BENCH_AUTH" -H 'Content-Type: application/json' \
    -d "{\"throttle\":\"$1\"}" "http://127.0.0.1:$PORT/admin/emulation" >/dev/null
}

wrk -t2 -c"$CONNS" -d"$WARMUP" -s "$HERE/wrk/get_by_id.lua" "$EVENTS" -- "$IDS" segment >/dev/null 2>&1 || true
wrk -t2 -c"$CONNS" -d"$WARMUP" -s "$HERE/wrk/batch_get_by_id.lua" "$BASE/\$batch" -- "$IDS" 20 >/dev/null 2>&1 || true
run "scenario=byid" "$EVENTS" get_by_id.lua "$IDS" segment
run "scenario=batch20 (rps x 20 = events/s)" "$BASE/\$batch" batch_get_by_id.lua "$IDS" 20
for _ in $(seq 1 "$ROUNDS"); do
  throttle off; run "scenario=byid throttle=off" "$EVENTS" get_by_id.lua "$IDS" segment
  throttle "$THROTTLE"; run "scenario=byid throttle=on" "$EVENTS" get_by_id.lua "$IDS" segment
done
throttle off
