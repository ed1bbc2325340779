#!/usr/bin/env bash
# The store's figures for two builds side by side, phases alternating between them (issue 27):
#   generate N events, and import N random-id events (NDJSON): time, rate, the data directory's peak
#   and final size (bytes per event);
#   at N events, the OS page cache dropped, -Xmx512m: start → first answer, then the first unfiltered
#   $count, the viewer's first page and its all-time histogram, the first /metrics scrape;
#   kill -9 right after writes at N events, then start → first answer;
#   the new build opening the old build's store (its migration), start → first answer;
#   a POST soak (bench/soak.sh: 16 connections, SOAK seconds): rate, store size against its compacted size.
#   bench/store-compare.sh OLD.jar NEW.jar [N=1000000] [SOAK=300]      # root (drops the page cache), wrk, python3
#   (KEEP_EVENTS=FILE keeps the import's NDJSON there, e.g. for bench/pg-import.sh)
# Both builds must take the same commands (generate, import, export, compact, token, serve).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OLD="$1"; NEW="$2"; N="${3:-1000000}"; SOAK="${4:-300}"
W="$(mktemp -d /tmp/graph-audit-compare.XXXXXX)"
trap 'pkill -f "graph-audit-compare" 2>/dev/null || true; rm -rf "$W"' EXIT
PORT=18561

size() { du -sb "$1" 2>/dev/null | cut -f1; }

# runs "$@" while polling the size of directory $1's store; prints seconds and peak bytes
timed_peak() {
  local dir="$1"; shift
  local peak_file="$W/peak"; echo 0 > "$peak_file"
  ( while true; do s=$(size "$dir" || echo 0); [ "${s:-0}" -gt "$(cat "$peak_file")" ] && echo "$s" > "$peak_file"; sleep 1; done ) &
  local poller=$!
  local start; start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  local end; end=$(date +%s.%N)
  kill $poller; wait $poller 2>/dev/null || true
  local s; s=$(size "$dir"); [ "$s" -gt "$(cat "$peak_file")" ] && echo "$s" > "$peak_file"
  echo "$(awk "BEGIN {printf \"%.1f\", $end - $start}") $(cat "$peak_file")"
}

. "$HERE/wait-answer.sh"

first() { # seconds of one request: URL TOKEN [header]
  curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $2" ${3:+-H "$3"} "$1"
}

echo "# store-compare: N=$N, soak ${SOAK}s; old=$OLD new=$NEW"
for build in old new; do
  JAR=$([ $build = old ] && echo "$OLD" || echo "$NEW")
  read -r secs peak < <(timed_peak "$W/$build-gen" java -jar "$JAR" generate --events "$N" --data "$W/$build-gen")
  final=$(size "$W/$build-gen")
  echo "$build generate: ${secs} s ($(awk "BEGIN {printf \"%.0f\", $N / $secs}") events/s), peak $((peak / 1048576)) MB," \
    "final $((final / 1048576)) MB ($(awk "BEGIN {printf \"%.0f\", $final / $N}") B/event)"
done

# the import file: the old build's generated events with fresh random ids, as a saved Graph tenant has them
java -jar "$OLD" export --data "$W/old-gen" --output "$W/events.ndjson" >/dev/null 2>&1
python3 - "$W/events.ndjson" <<'PY'
import sys, uuid
path = sys.argv[1]
with open(path) as f, open(path + '.tmp', 'w') as out:
    for line in f:
        i = line.index('"id":"') + 6
        out.write(line[:i] + str(uuid.uuid4()) + line[i + 36:])
PY
mv "$W/events.ndjson.tmp" "$W/events.ndjson"
for build in old new; do
  JAR=$([ $build = old ] && echo "$OLD" || echo "$NEW")
  read -r secs peak < <(timed_peak "$W/$build-imp" java -jar "$JAR" import "$W/events.ndjson" --data "$W/$build-imp")
  final=$(size "$W/$build-imp")
  echo "$build import: ${secs} s ($(awk "BEGIN {printf \"%.0f\", $N / $secs}") events/s), peak $((peak / 1048576)) MB," \
    "final $((final / 1048576)) MB ($(awk "BEGIN {printf \"%.0f\", $final / $N}") B/event)"
done
if [ -n "${KEEP_EVENTS:-}" ]; then mv "$W/events.ndjson" "$KEEP_EVENTS"; else rm -f "$W/events.ndjson"; fi

EVENTS=/beta/deviceManagement/auditEvents
for build in old new; do
  JAR=$([ $build = old ] && echo "$OLD" || echo "$NEW")
  D="$W/$build-gen"
  TOKEN=$(java -jar "$JAR" token --data "$D" --create-key)
  sync; echo 3 > /proc/sys/vm/drop_caches
  java -Xmx512m -jar "$JAR" --port $PORT --data "$D" > "$W/$build-serve.log" 2>&1 &
  PID=$!
  up=$(wait_answer "http://127.0.0.1:$PORT/health" "$TOKEN")
  count=$(first "http://127.0.0.1:$PORT$EVENTS/\$count" "$TOKEN")
  viewer=$(first "http://127.0.0.1:$PORT$EVENTS?\$orderby=activityDateTime%20desc&\$count=true" "$TOKEN" "Prefer: odata.maxpagesize=25")
  histogram=$(first "http://127.0.0.1:$PORT/viewer/histogram?interval=day" "$TOKEN")
  metrics=$(first "http://127.0.0.1:$PORT/metrics" "$TOKEN")
  echo "$build cold at $N: start ${up} s; first \$count ${count} s, viewer page ${viewer} s, all-time histogram ${histogram} s, first /metrics ${metrics} s"
  kill $PID; wait $PID 2>/dev/null || true
  echo "$build at $N: $("$HERE/restart-after-kill.sh" "$JAR" "$D" 1)"
done
# the new build opening the old build's store: the automatic migration to the new layout, until it answers
NEWTOKEN=$(java -jar "$NEW" token --data "$W/old-gen")
java -Xmx512m -jar "$NEW" --port $PORT --data "$W/old-gen" > "$W/migrate.log" 2>&1 &
PID=$!
migrated=$(wait_answer "http://127.0.0.1:$PORT$EVENTS/\$count" "$NEWTOKEN")
echo "new opening old's store at $N: first answer after ${migrated} s (migration), $(curl -s -H "Authorization: Bearer $NEWTOKEN" "http://127.0.0.1:$PORT$EVENTS/\$count") events"
kill $PID; wait $PID 2>/dev/null || true
rm -rf "$W"/*-gen "$W"/*-imp

for build in old new; do
  JAR=$([ $build = old ] && echo "$OLD" || echo "$NEW")
  echo "$build soak ${SOAK}s: $("$HERE/soak.sh" "$JAR" "$SOAK" | tr '\n' ' ')"
done
