#!/usr/bin/env bash
# The whole suite, with the services it needs: a private CUPS scheduler (own config,
# spool and socket; the system's queues are never touched) and a private D-Bus session.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1

echo "== import contracts"
$BIN/lint-imports

echo "== lint"
$BIN/ruff check .

WORK=$(mktemp -d -t kiosk-test.XXXXXX)
# cups-pdf writes as an unprivileged user: it must be able to reach the output folder.
chmod 755 "$WORK"
cleanup() {
  if [ -x scripts/cups.sh ] || [ -f scripts/cups.sh ]; then bash scripts/cups.sh stop "$WORK/cups" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -f scripts/cups.sh ]; then
  echo "== private CUPS scheduler"
  eval "$(bash scripts/cups.sh start "$WORK/cups")"
fi

echo "== tests"
set +e
$BIN/python -m pytest "$@"
rc=$?
set -e
exit $rc
