#!/usr/bin/env bash
# What metrics and the access log cost: GET by id against two services side by side in one run,
# OFF (a build without them, JAR_OFF) and ON (this build, JAR_ON, with --access-log FILE; /metrics is
# always on), measured alternately ROUNDS times so both see the same machine. Needs wrk.
#   JAR_OFF=/tmp/before.jar bench/observability-ab.sh          # PRELOAD=5000 DURATION=15s CONNS=16 ROUNDS=3
# Prints the kit's line per run (label target=off|on round=N), the ratio of median rps on/off and of
# the server's median CPU per request (srv_cpu_pct over rps: steadier than rps when other processes
# compete for the two cores).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR_ON="${JAR_ON:-$ROOT/target/graph-audit.jar}"; JAR_OFF="${JAR_OFF:?JAR_OFF=a build without metrics and access log}"
PRELOAD="${PRELOAD:-5000}"; ROUNDS="${ROUNDS:-3}"
export DURATION="${DURATION:-15s}" CONNS="${CONNS:-16}" SCENARIOS=byid KEY_STYLE=segment WARMUP="${WARMUP:-10s}"
command -v wrk >/dev/null || { echo "wrk not installed: apt-get install -y wrk" >&2; exit 2; }
WORK="$(mktemp -d /tmp/graph-audit-ab.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
wait_port() { for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 0.1; done; exit 3; }
start() { # name jar port args...
  local name=$1 jar=$2 port=$3; shift 3
  java -jar "$jar" token --data "$WORK/$name" --create-key >"$WORK/$name.token"
  java -jar "$jar" --port "$port" --data "$WORK/$name" "$@" >"$WORK/$name.log" 2>&1 & pids+=($!)
  wait_port "$port"
}
start off "$JAR_OFF" 18581
start on "$JAR_ON" 18582 --access-log "$WORK/access.log"
for name in off on; do
  port=$([ $name = off ] && echo 18581 || echo 18582)
  BENCH_AUTH="Bearer $(cat "$WORK/$name.token")" CONNS=16 "$HERE/preload.sh" "http://127.0.0.1:$port/beta/deviceManagement/auditEvents" "$PRELOAD"
done
for round in $(seq 1 "$ROUNDS"); do
  for name in off on; do
    port=$([ $name = off ] && echo 18581 || echo 18582)
    BENCH_AUTH="Bearer $(cat "$WORK/$name.token")" LABEL="target=$name round=$round" \
      "$HERE/wrk-run.sh" "http://127.0.0.1:$port/beta/deviceManagement/auditEvents" | tee -a "$WORK/lines"
  done
done
echo "access log lines: $(wc -l <"$WORK/access.log")"
python3 - "$WORK/lines" <<'PY'
import re, statistics, sys
rps = {"off": [], "on": []}
cpu = {"off": [], "on": []}
for line in open(sys.argv[1]):
    m = re.search(r"target=(\w+).*?rps=([\d.]+).*?srv_cpu_pct=([\d.]+)", line)
    if m:
        rps[m.group(1)].append(float(m.group(2)))
        cpu[m.group(1)].append(float(m.group(3)) * 10 / float(m.group(2)))  # ms of CPU per request
off, on = statistics.median(rps["off"]), statistics.median(rps["on"])
print(f"median rps off={off:.0f} on={on:.0f} on/off={on / off:.3f} (cost {100 * (1 - on / off):.1f} %)")
coff, con = statistics.median(cpu["off"]), statistics.median(cpu["on"])
print(f"median server CPU per request off={coff:.3f} ms on={con:.3f} ms on/off={con / coff:.3f}")
PY
