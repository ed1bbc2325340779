#!/usr/bin/env bash
# graph-audit's benchmark, side by side with the bare-Jetty ceiling in one run (ratios matter: absolute
# figures drift ±25 % between runs on shared 2-core machines). Needs wrk (apt-get install -y wrk).
#   bench/bench.sh                      # defaults below
#   PRELOAD=20000 DURATION=15s CONNS="16 64" SCENARIOS="post byid" bench/bench.sh
#   DATA=/path/to/data PRELOAD=0 SCENARIOS=list bench/bench.sh   # an existing (generated) data dir, kept
#   JAR=/tmp/other.jar JAVA_OPTS="-Xmx1g" bench/bench.sh           # A/B another build or JVM options
# Prints: preload line, one line per scenario x connections for service and ceiling, cold start.
# Every request to the service carries a dev bearer token (BENCH_AUTH) minted for its data directory,
# so the figures include token validation.
# The wrk kit (wrk-run.sh, preload.sh, coldstart.sh, wrk/, bodies/, ceiling/) is the project's shared one.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PORT="${PORT:-18080}"; CEILING_PORT="${CEILING_PORT:-18090}"
PRELOAD="${PRELOAD:-20000}"
export DURATION="${DURATION:-15s}" CONNS="${CONNS:-16 64}" SCENARIOS="${SCENARIOS:-post byid}" KEY_STYLE="${KEY_STYLE:-segment}"
command -v wrk >/dev/null || { echo "wrk not installed: apt-get install -y wrk" >&2; exit 2; }

JAR="${JAR:-$ROOT/target/graph-audit.jar}"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q package -DskipTests)
CEILING_JAR="$HERE/ceiling/jetty/target/jetty-ceiling.jar"
[ -f "$CEILING_JAR" ] || mvn -B -q -f "$HERE/ceiling/jetty/pom.xml" package

KEEP_DATA="${DATA:+yes}"
DATA="${DATA:-$(mktemp -d /tmp/graph-audit-bench.XXXXXX)}"
export BENCH_AUTH="Bearer $(java -jar "$JAR" token --data "$DATA" --create-key)"   # creates the dev key the service will use
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "$KEEP_DATA" ] || rm -rf "$DATA"; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 3; }

java ${JAVA_OPTS:-} -jar "$JAR" --port "$PORT" --data "$DATA" >"$DATA.log" 2>&1 & pids+=($!)
java -jar "$CEILING_JAR" "$CEILING_PORT" >"$DATA.ceiling.log" 2>&1 & pids+=($!)
wait_port "$PORT"; wait_port "$CEILING_PORT"

SERVICE="http://127.0.0.1:$PORT/beta/deviceManagement/auditEvents"
echo "# graph-audit $(java -jar "$JAR" --version) on $(nproc) cores, $(date -u +%FT%TZ)"
[ "$PRELOAD" -gt 0 ] && CONNS=16 "$HERE/preload.sh" "$SERVICE" "$PRELOAD"   # the kit's preload takes one connection count
LABEL=target=graph-audit "$HERE/wrk-run.sh" "$SERVICE"
LABEL=target=jetty-ceiling "$HERE/wrk-run.sh" "http://127.0.0.1:$CEILING_PORT/deviceManagement/auditEvents"

for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=()
[ "${REPEAT:-5}" -gt 0 ] || exit 0   # REPEAT=0: no cold-start runs
COLD="$(mktemp -d /tmp/graph-audit-cold.XXXXXX)"
# the cold-start data dir gets its key (and so a valid token) before the first timed start
BENCH_AUTH="Bearer $(java -jar "$JAR" token --data "$COLD/data" --create-key)" \
REPEAT="${REPEAT:-5}" "$HERE/coldstart.sh" "$SERVICE" "$HERE/bodies/graph_seed.json" "$COLD" -- \
  java -jar "$JAR" --port "$PORT" --data "$COLD/data"
rm -rf "$COLD"
