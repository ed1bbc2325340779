#!/usr/bin/env bash
# GET by id of two builds against the bare-Jetty ceiling, runs alternating (ceiling, A, B, ceiling, A,
# B, ...): on a shared 2-core machine only runs this close together compare. Prints one line per run
# and each build's ratio to the ceiling run of its own round.
#   bench/byid-pairs.sh A.jar B.jar        (ROUNDS=3 DURATION=15s WARMUP=40s CONNS=16 PRELOAD=2000)
# Needs wrk (apt-get install -y wrk) and the ceiling jar (mvn -q -f bench/ceiling/jetty/pom.xml package).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"; B="$2"
ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-40s}"; CONNS="${CONNS:-16}"
PRELOAD="${PRELOAD:-2000}"; PORT_A=18281; PORT_B=18282; PORT_C=18290
CEILING_JAR="${CEILING_JAR:-$HERE/ceiling/jetty/target/jetty-ceiling.jar}"
command -v wrk >/dev/null || { echo "wrk not installed: apt-get install -y wrk" >&2; exit 2; }
W="$(mktemp -d /tmp/graph-audit-byid.XXXXXX)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"' EXIT

wait_port() { for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 0.1; done; exit 3; }
start() { # name jar port
  local auth
  auth="Bearer $(java -jar "$2" token --data "$W/$1" --create-key)"
  java ${JAVA_OPTS:-} -jar "$2" --port "$3" --data "$W/$1" >"$W/$1.log" 2>&1 & pids+=($!)
  wait_port "$3"
  local url="http://127.0.0.1:$3/beta/deviceManagement/auditEvents"
  BENCH_AUTH="$auth" CONNS=16 "$HERE/preload.sh" "$url" "$PRELOAD" >/dev/null
  curl -sf -H "Authorization: $auth" "$url?\$select=id&\$top=1000" \
    | python3 -c 'import json,sys; [print(e["id"]) for e in json.load(sys.stdin)["value"]]' >"$W/$1.ids"
  echo "$auth" >"$W/$1.auth"
}
run() { # name url ids duration -> rps
  # the ceiling gets A's token too (it ignores it, but parses it, as bench/bench.sh has it)
  local auth
  auth="$(cat "$W/$1.auth" 2>/dev/null || cat "$W/a.auth")"
  BENCH_AUTH="$auth" wrk -t2 -c"$CONNS" -d"$4" --timeout 10s -s "$HERE/wrk/get_by_id.lua" "$2" -- "$3" segment 2>&1 \
    | grep '^RESULT ' | sed -n 's/.*rps=\([0-9.]*\).*/\1/p'
}

java -jar "$CEILING_JAR" "$PORT_C" >"$W/ceiling.log" 2>&1 & pids+=($!)
start a "$A" "$PORT_A"
start b "$B" "$PORT_B"
C_URL="http://127.0.0.1:$PORT_C/deviceManagement/auditEvents"
A_URL="http://127.0.0.1:$PORT_A/beta/deviceManagement/auditEvents"
B_URL="http://127.0.0.1:$PORT_B/beta/deviceManagement/auditEvents"
echo "# $(nproc) cores, $(date -u +%FT%TZ), A=$A B=$B, $CONNS connections, $DURATION runs after $WARMUP warm-up each"
run ceiling "$C_URL" "$W/a.ids" "$WARMUP" >/dev/null
run a "$A_URL" "$W/a.ids" "$WARMUP" >/dev/null
run b "$B_URL" "$W/b.ids" "$WARMUP" >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  c=$(run ceiling "$C_URL" "$W/a.ids" "$DURATION")
  a=$(run a "$A_URL" "$W/a.ids" "$DURATION")
  b=$(run b "$B_URL" "$W/b.ids" "$DURATION")
  python3 -c "import sys; r=sys.argv[1]; c,a,b=map(float,sys.argv[2:]); print(f'round={r} ceiling={c:.0f}/s A={a:.0f}/s ({a/c:.2f}) B={b:.0f}/s ({b/c:.2f})')" \
    "$r" "$c" "$a" "$b"
done
