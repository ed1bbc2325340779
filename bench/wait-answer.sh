# Sourced by the bench scripts that time a start: wait_answer URL TOKEN prints the seconds until URL answers 200.
wait_answer() {
  local start; start=$(date +%s.%N)
  for _ in $(seq 1 30000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $2" "$1")" = 200 ] && break
    sleep 0.02
  done
  awk "BEGIN {printf \"%.2f\", $(date +%s.%N) - $start}"
}
