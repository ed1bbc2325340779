#!/usr/bin/env bash
# GET by id of two builds against the bare-Jetty ceiling, runs alternating (ceiling, A, B, then
# ceiling, B, A, ...): on a shared 2-core machine only runs this close together compare. Before each
# run it waits (at most QUIET_WAIT_S) for the machine to be idle below QUIET_PCT. Per run it prints
# the rate, its ratio to the ceiling run of the same round, the server's CPU time per request (which
# others' load disturbs less than the rate) and the CPU others used meanwhile (others_pct, of both
# cores: above ~10 the run competed and its rate says little).
#   bench/byid-pairs.sh A.jar B.jar   (ROUNDS=3 DURATION=15s WARMUP=40s CONNS=16 PRELOAD=2000 QUIET_PCT=15 QUIET_WAIT_S=60)
# Needs wrk (apt-get install -y wrk) and the ceiling jar (mvn -q -f bench/ceiling/jetty/pom.xml package).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="$1"; B="$2"
ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-40s}"; CONNS="${CONNS:-16}"
PRELOAD="${PRELOAD:-2000}"; QUIET_PCT="${QUIET_PCT:-15}"; QUIET_WAIT_S="${QUIET_WAIT_S:-60}"
CEILING_JAR="${CEILING_JAR:-$HERE/ceiling/jetty/target/jetty-ceiling.jar}"
command -v wrk >/dev/null || { echo "wrk not installed: apt-get install -y wrk" >&2; exit 2; }
W="$(mktemp -d /tmp/graph-audit-byid.XXXXXX)"
declare -A PID PORT
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"' EXIT
HZ="$(getconf CLK_TCK)"

wait_port() { for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 0.1; done; exit 3; }
start() { # name jar port: a service with PRELOAD events, its token and its ids
  local auth url
  auth="Bearer $(java -jar "$2" token --data "$W/$1" --create-key)"
  java ${JAVA_OPTS:-} -jar "$2" --port "$3" --data "$W/$1" >"$W/$1.log" 2>&1 & pids+=($!); PID[$1]=$!; PORT[$1]=$3
  wait_port "$3"
  url="http://127.0.0.1:$3/beta/deviceManagement/auditEvents"
  BENCH_AUTH="$auth" CONNS=16 "$HERE/preload.sh" "$url" "$PRELOAD" >/dev/null
  curl -sf -H "Authorization: $auth" "$url?\$select=id&\$top=1000" \
    | python3 -c 'import json,sys; [print(e["id"]) for e in json.load(sys.stdin)["value"]]' >"$W/$1.ids"
  echo "$auth" >"$W/$1.auth"
}
stat_ticks() { awk '/^cpu /{t=0; for(i=2;i<=9;i++) t+=$i; print t, $5+$6, $7+$8}' /proc/stat; } # total idle irq+softirq
busy_pct() { # both cores' busy % over 2 s
  local a b; a=($(stat_ticks)); sleep 2; b=($(stat_ticks))
  awk -v t=$(( b[0]-a[0] )) -v i=$(( b[1]-a[1] )) 'BEGIN{printf "%.0f", (t>0 ? 100*(t-i)/t : 0)}'
}
wait_quiet() {
  local end=$(( $(date +%s) + QUIET_WAIT_S ))
  while [ "$(busy_pct)" -gt "$QUIET_PCT" ] && [ "$(date +%s)" -lt "$end" ]; do :; done
}
proc_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
url_of() { [ "$1" = ceiling ] && echo "http://127.0.0.1:${PORT[ceiling]}/deviceManagement/auditEvents" \
  || echo "http://127.0.0.1:${PORT[$1]}/beta/deviceManagement/auditEvents"; }
run() { # name duration -> "rps cpu_us_per_request others_pct"
  # the ceiling gets A's token and ids too (it ignores the token, but parses it, as bench/bench.sh has it)
  local name="$1" ids="$W/$1.ids" auth s0 p0 s1 p1 out
  [ -f "$ids" ] || ids="$W/a.ids"
  auth="$(cat "$W/$1.auth" 2>/dev/null || cat "$W/a.auth")"
  s0=($(stat_ticks)); p0=$(proc_ticks "${PID[$name]}")
  out="$(BENCH_AUTH="$auth" /usr/bin/time -f "WRKCPU %U %S" wrk -t2 -c"$CONNS" -d"$2" --timeout 10s \
    -s "$HERE/wrk/get_by_id.lua" "$(url_of "$name")" -- "$ids" segment 2>&1)"
  s1=($(stat_ticks)); p1=$(proc_ticks "${PID[$name]}")
  awk -v res="$(grep '^RESULT ' <<<"$out")" -v wrk="$(grep '^WRKCPU ' <<<"$out")" -v t=$(( s1[0]-s0[0] )) \
      -v i=$(( s1[1]-s0[1] )) -v q=$(( s1[2]-s0[2] )) -v srv=$(( p1-p0 )) -v hz="$HZ" -v n="$(nproc)" 'BEGIN {
    match(res, /rps=[0-9.]+/); rps = substr(res, RSTART + 4, RLENGTH - 4)
    match(res, /requests=[0-9]+/); req = substr(res, RSTART + 9, RLENGTH - 9)
    split(wrk, w, " "); secs = t / n / hz
    # others: busy time of neither the server nor wrk nor the kernel loopback TCP (irq, softirq)
    others = 100 * ((t - i - q) / hz - srv / hz - (w[2] + w[3])) / (secs * n); if (others < 0) others = 0
    printf "%.0f %.0f %.0f", rps, 1e6 * srv / hz / req, others }'
}

java -jar "$CEILING_JAR" 18290 >"$W/ceiling.log" 2>&1 & pids+=($!); PID[ceiling]=$!; PORT[ceiling]=18290
start a "$A" 18281
start b "$B" 18282
echo "# $(nproc) cores, $(date -u +%FT%TZ), A=$A B=$B, $CONNS connections, $DURATION runs after $WARMUP warm-up each"
for name in ceiling a b; do run "$name" "$WARMUP" >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  order="a b"; [ $(( r % 2 )) -eq 0 ] && order="b a"
  wait_quiet; read -r c cc co <<<"$(run ceiling "$DURATION")"
  echo "round=$r run=ceiling rps=$c cpu_us_per_req=$cc others_pct=$co"
  for name in $order; do
    wait_quiet; read -r x xc xo <<<"$(run "$name" "$DURATION")"
    echo "round=$r run=$name rps=$x ratio=$(awk -v x="$x" -v c="$c" 'BEGIN{printf "%.2f", x/c}') cpu_us_per_req=$xc others_pct=$xo"
  done
done
