#!/usr/bin/env bash
# import of an NDJSON file into PostgreSQL for two builds side by side, each into a fresh database of one
# throwaway cluster (initdb into a temporary directory; as the postgres user when run as root):
#   bench/pg-import.sh OLD.jar NEW.jar FILE.ndjson      # PostgreSQL's server binaries (apt-get install postgresql)
#   (BUILDS=new times the new build alone)
set -euo pipefail
OLD="$1"; NEW="$2"; FILE="$3"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
W="$(mktemp -d /tmp/graph-audit-pg.XXXXXX)"
AS=(); [ "$(id -u)" = 0 ] && { chown postgres "$W"; AS=(runuser -u postgres --); }
PORT=18562
"${AS[@]}" "$BIN/initdb" -D "$W/db" -A trust -U postgres >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$W/db" -o "-p $PORT -k $W -c listen_addresses=127.0.0.1" -l "$W/log" -w start >/dev/null
trap '"${AS[@]}" "$BIN/pg_ctl" -D "$W/db" -m fast stop >/dev/null 2>&1 || true; rm -rf "$W"' EXIT
N=$(wc -l < "$FILE")
for build in ${BUILDS:-old new}; do
  JAR=$([ $build = old ] && echo "$OLD" || echo "$NEW")
  "${AS[@]}" "$BIN/psql" -h 127.0.0.1 -p $PORT -U postgres -qc "CREATE DATABASE $build" >/dev/null
  start=$(date +%s.%N)
  java -jar "$JAR" import "$FILE" --db-url "jdbc:postgresql://127.0.0.1:$PORT/$build?user=postgres" >/dev/null 2>&1
  secs=$(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $start}")
  size=$("${AS[@]}" "$BIN/psql" -h 127.0.0.1 -p $PORT -U postgres -tAc "SELECT pg_database_size('$build')")
  echo "$build import into PostgreSQL: $N events in ${secs} s ($(awk "BEGIN {printf \"%.0f\", $N / $secs}") events/s), database $((size / 1048576)) MB"
done
