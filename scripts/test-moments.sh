#!/usr/bin/env bash
# The whole suite at other moments and in other machine time zones: a Saturday morning, a
# Sunday of the Spring Festival week, 29 February, and five minutes before midnight (the
# hospital day turns during the run), each under UTC, Asia/Shanghai and America/Los_Angeles.
#   bash scripts/test-moments.sh                 # all twelve runs
#   MOMENTS="2028-02-29T09:30:00+08:00" ZONES="UTC" bash scripts/test-moments.sh
# Prints one line per run and exits non-zero if any run failed; logs go to out/moments/.
set -uo pipefail
cd "$(dirname "$0")/.."
MOMENTS=${MOMENTS:-"2027-02-13T09:30:00+08:00 2027-02-07T10:00:00+08:00 2028-02-29T09:30:00+08:00 2026-06-10T23:55:00+08:00"}
ZONES=${ZONES:-"UTC Asia/Shanghai America/Los_Angeles"}
mkdir -p out/moments
failed=0
for moment in $MOMENTS; do
  for zone in $ZONES; do
    log="out/moments/${moment//[:+]/-}_${zone//\//-}.log"
    start=$(date +%s)
    if KIOSK_TEST_NOW="$moment" TZ="$zone" bash scripts/test.sh -q >"$log" 2>&1; then verdict=passed; else verdict=FAILED; failed=1; fi
    summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed)' "$log" | tail -1 | tr -d '=')
    printf '%-27s %-20s %s in %ss:%s\n' "$moment" "$zone" "$verdict" "$(( $(date +%s) - start ))" "$summary"
  done
done
exit $failed
