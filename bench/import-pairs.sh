#!/usr/bin/env bash
# The import against H2's one-writer random-id ceiling at the same size, runs alternating (on a shared
# machine only alternating runs compare), with each run's young-GC pause total (the pauses stop the writer).
#   bench/import-pairs.sh target/graph-audit.jar FILE.ndjson [pairs=2]
# FILE.ndjson: events with random ids, e.g. `export` of a `generate`d store with its ids replaced, as
# bench/transfer.sh makes them.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$1"; FILE="$2"; PAIRS="${3:-2}"
EVENTS=$(grep -c . "$FILE")
W="$(mktemp -d /tmp/graph-audit-pairs.XXXXXX)"
trap 'rm -rf "$W"' EXIT
pauses() { grep Pause "$1" | grep -o '[0-9.]*ms$' | tr -d ms | awk '{s += $1} END {printf "%.1f s", s / 1000}'; }
for _ in $(seq 1 "$PAIRS"); do
  rm -rf "$W/store"
  import=$(java -Xlog:gc:file="$W/import.gc" -jar "$JAR" import "$FILE" --data "$W/store" 2>/dev/null \
    | grep -o '([0-9]* events/s)' | tr -dc 0-9)
  ceiling=$(java -Xlog:gc:file="$W/ceiling.gc" -cp "$JAR" "$HERE/H2Ceiling.java" "$EVENTS" 1 random 2>/dev/null \
    | grep -o '[0-9]* events/s' | tr -dc 0-9)
  echo "import $import events/s (GC pauses $(pauses "$W/import.gc")), H2 alone $ceiling events/s" \
    "(GC pauses $(pauses "$W/ceiling.gc")): $(( 100 * import / ceiling )) %"
done
