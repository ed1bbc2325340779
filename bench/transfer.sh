#!/usr/bin/env bash
# Import and export rates for a million events, beside H2's bulk ceiling, in one run:
# generates 200,000 events (or as many as asked), exports them, copies them five times with fresh random ids (NDJSON, ~2 GB),
# then times H2Ceiling (time-ordered ids, then random ones with two writers and with one), import into an empty store, and export as NDJSON and as a v1.0 Graph response.
#   bench/transfer.sh [target/graph-audit.jar] [copies=5] [events per copy=200000]   # python3, ~30 GB in /tmp
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="${1:-$HERE/../target/graph-audit.jar}"; COPIES="${2:-5}"; EACH="${3:-200000}"
W="$(mktemp -d /tmp/graph-audit-transfer.XXXXXX)"
trap 'rm -rf "$W"' EXIT
java -jar "$JAR" generate --events "$EACH" --data "$W/gen" >/dev/null 2>&1
java -jar "$JAR" export --data "$W/gen" --output "$W/one.ndjson" 2>/dev/null
python3 - "$W/one.ndjson" "$W/all.ndjson" "$COPIES" <<'PY'
import sys, uuid
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(dst, 'w') as out:
    for _ in range(copies):
        with open(src) as f:
            for line in f:
                i = line.index('"id":"') + 6
                out.write(line[:i] + str(uuid.uuid4()) + line[i + 36:])
PY
EVENTS=$((EACH * COPIES))
java -cp "$JAR" "$HERE/H2Ceiling.java" "$EVENTS" 2 | tail -1
java -cp "$JAR" "$HERE/H2Ceiling.java" "$EVENTS" 2 random | tail -1   # the ids of the imported file
java -cp "$JAR" "$HERE/H2Ceiling.java" "$EVENTS" 1 random | tail -1   # and the one writer the embedded file allows
# the file's largest size during the load, polled every 2 s (the import needs that much disk)
( peak=0; while [ ! -e "$W/imported.done" ]; do
    size=$(du -sb "$W/imported" 2>/dev/null | cut -f1 || echo 0); [ "$size" -gt "$peak" ] && peak=$size
    echo "$peak" > "$W/imported.peak"; sleep 2
  done ) &
java -jar "$JAR" import "$W/all.ndjson" --data "$W/imported" 2>/dev/null
touch "$W/imported.done"; wait
echo "imported store: $(du -sh "$W/imported" | cut -f1), $(( $(cat "$W/imported.peak") / 1048576 )) MB at most during the load"
java -jar "$JAR" export --data "$W/imported" --output "$W/out.ndjson" 2>&1 | tail -1
java -jar "$JAR" export --data "$W/imported" --version v1.0 --format graph --output "$W/out.json" 2>&1 | tail -1
