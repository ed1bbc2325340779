#!/usr/bin/env bash
# Start -> first 201 of the jar (the README's run command), the container image and a bare Jetty 12 jar (the
# ceiling: no OData, no database), in one run, the three alternating, REPEAT times each (default 7); prints each
# one's median and all its runs. Each start is on an existing data directory (volume), as a restart is.
#   bench/startup.sh                          # needs target/graph-audit.jar; the image if podman is there
#   IMAGE=localhost/graph-audit:bench REPEAT=7 bench/startup.sh
#   JAR=/tmp/other.jar JAVA_OPTS="…" bench/startup.sh     # another build or JVM flags
#   BEFORE_JAR=/tmp/before.jar bench/startup.sh            # and the build before, alternating with the rest
#     (its CDS archive is BEFORE_JAR with .jsa, dumped with its absolute path; made here when missing)
# The image is built from the jar when IMAGE is not given (on BASE, default localhost/debian-jre17:local, made as
# docs/container.md says); IMAGE=none leaves it out.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
REPEAT="${REPEAT:-7}"
PORT="${PORT:-18181}"
JAR="${JAR:-$ROOT/target/graph-audit.jar}"
JSA="${JSA:-${JAR%.jar}.jsa}"
JAVA_OPTS="${JAVA_OPTS:--XX:SharedArchiveFile=$JSA -Xmx512m}"
BODY="$HERE/bodies/graph_seed.json"
URL="http://127.0.0.1:$PORT/beta/deviceManagement/auditEvents"
CEILING_JAR="$HERE/ceiling/jetty/target/jetty-ceiling.jar"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q package -DskipTests)
[ -f "$CEILING_JAR" ] || mvn -B -q -f "$HERE/ceiling/jetty/pom.xml" package
P="podman --runtime runc --cgroup-manager=cgroupfs"
IMAGE="${IMAGE:-}"
if [ "$IMAGE" != none ] && ! command -v podman >/dev/null; then IMAGE=none; fi
if [ -z "$IMAGE" ]; then
  IMAGE=localhost/graph-audit:bench
  (cd "$ROOT" && $P build -q --format docker --build-arg BASE="${BASE:-localhost/debian-jre17:local}" -t "$IMAGE" . >/dev/null)
fi

WORK="$(mktemp -d /tmp/graph-audit-startup.XXXXXX)"
VOLUME="graph-audit-startup-$$"
cleanup() { [ "$IMAGE" = none ] || $P volume rm -f "$VOLUME" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
JAR_AUTH="Bearer $(java -jar "$JAR" token --data "$WORK/data" --create-key)"
if [ "$IMAGE" != none ]; then
  $P volume create "$VOLUME" >/dev/null
  IMAGE_AUTH="Bearer $($P run --rm -v "$VOLUME:/data" "$IMAGE" token --data /data --create-key)"
fi

once() { # label auth -- command…: one cold start, its milliseconds
  local auth="$2"; shift 3
  BENCH_AUTH="$auth" REPEAT=1 "$HERE/coldstart.sh" "$URL" "$BODY" "$WORK" -- "$@" | sed -E 's/.*all_ms=([0-9]+).*/\1/'
}
BEFORE_JAR="${BEFORE_JAR:-}"
if [ -n "$BEFORE_JAR" ]; then
  BEFORE_JSA="${BEFORE_JAR%.jar}.jsa"
  [ -f "$BEFORE_JSA" ] || java -XX:ArchiveClassesAtExit="$BEFORE_JSA" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "$BEFORE_JAR" graphaudit.internal.cli.ClassDataTraining
  BEFORE_AUTH="Bearer $(java -jar "$BEFORE_JAR" token --data "$WORK/before" --create-key)"
fi
declare -A runs
targets=(jar jetty)
[ -z "$BEFORE_JAR" ] || targets+=(before)
[ "$IMAGE" = none ] || targets+=(image)
for i in $(seq 1 "$REPEAT"); do
  for target in "${targets[@]}"; do
    case "$target" in
      jar) ms=$(once jar "$JAR_AUTH" -- java $JAVA_OPTS -jar "$JAR" --port "$PORT" --data "$WORK/data") ;;
      jetty) ms=$(once jetty "" -- java -jar "$CEILING_JAR" "$PORT") ;;
      before) ms=$(once before "$BEFORE_AUTH" -- java -XX:SharedArchiveFile="$BEFORE_JSA" -Xmx512m -jar "$BEFORE_JAR" \
        --port "$PORT" --data "$WORK/before") ;;
      image) ms=$(once image "$IMAGE_AUTH" -- $P run --rm -p "127.0.0.1:$PORT:8080" -v "$VOLUME:/data" "$IMAGE") ;;
    esac
    runs[$target]="${runs[$target]:-}${runs[$target]:+,}$ms"
  done
done
echo "# start -> first 201, median of $REPEAT alternating runs, $(nproc) cores, $(date -u +%FT%TZ)"
for target in "${targets[@]}"; do
  median=$(tr ',' '\n' <<<"${runs[$target]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  echo "startup target=$target median_ms=$median all_ms=${runs[$target]}"
done
