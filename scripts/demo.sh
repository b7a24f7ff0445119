#!/usr/bin/env bash
# The demo: the reference gateway with demo data, and the kiosk window with the demo scan
# panel. The device token goes into a private keyring (gnome-keyring on a private D-Bus
# session under var/demo), never into a file, exactly as on a real kiosk.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${DEMO_PORT:-8600}
STATE=var/demo
mkdir -p "$STATE"

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ -z "${KIOSK_DEMO_INNER:-}" ]; then
  # Re-run inside a private D-Bus session with an unlocked demo keyring.
  export KIOSK_DEMO_INNER=1 XDG_DATA_HOME="$PWD/$STATE/share" XDG_RUNTIME_DIR="$PWD/$STATE/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
  exec dbus-run-session -- bash "$0" "$@"
fi
echo -n demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null

TOKEN=$($PY -c 'import secrets; print(secrets.token_hex(16))')
LOG="$STATE/gateway.log"
# The token goes in a file only this user can read: on the command line every user of the
# machine would see it in the process list.
rm -f "$STATE/device-token"
(umask 077 && printf '%s\n' "$TOKEN" > "$STATE/device-token")
$PY -m gateway --demo --port "$PORT" --db "$STATE/gateway.sqlite" \
  --device-token-file "$STATE/device-token" > "$STATE/gateway.out" 2> "$LOG" &
GW=$!
trap 'kill $GW 2>/dev/null || true; wait $GW 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  grep -q "GATEWAY READY" "$STATE/gateway.out" 2>/dev/null && break
  if ! kill -0 $GW 2>/dev/null; then
    echo "The reference gateway did not start (port $PORT busy? set DEMO_PORT). Log: $LOG" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "GATEWAY READY" "$STATE/gateway.out" || { echo "Gateway not ready after 10 s; log: $LOG" >&2; exit 1; }

printf '%s\n' "$TOKEN" | $PY -m kiosk.credentials set >/dev/null
CONFIG="$STATE/kiosk.toml"
sed "s#^url = .*#url = \"http://127.0.0.1:$PORT\"#" "${DEMO_CONFIG:-config/demo.toml}" > "$CONFIG"

echo "Reference gateway: http://127.0.0.1:$PORT  (API document: /openapi.json)"
echo "Demo health cards to show on a phone or second screen: http://127.0.0.1:$PORT/ehc/"
echo "Printed slips, reports and labels (as PDF): $PWD/var/demo/prints/"
# The insurance card button puts a virtual card in pcscd's vpcd reader (make sysdeps installs
# both); the ID card button needs nothing (a simulated reader on a pseudo-terminal). With no
# pcscd running, root gets a private one (its own mount namespace: the system's is untouched).
if [ ! -S "${PCSCLITE_CSOCK_NAME:-/run/pcscd/pcscd.comm}" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v pcscd >/dev/null && command -v unshare >/dev/null; then
    rm -rf "$STATE/pcscd"
    $PY -m testbed.pcsc "$PWD/$STATE/pcscd" > "$STATE/pcscd.out" 2> "$STATE/pcscd.log" &
    PCSC=$!
    for _ in $(seq 1 100); do
      grep -q "PCSC READY" "$STATE/pcscd.out" 2>/dev/null && break
      kill -0 $PCSC 2>/dev/null || break
      sleep 0.1
    done
    if read -r _ _ VPCD_PORT PCSC_SOCKET < <(grep "PCSC READY" "$STATE/pcscd.out" 2>/dev/null); then
      export PCSCLITE_CSOCK_NAME="$PCSC_SOCKET"
      sed -i "s#^card_devices = true#card_devices = true\nvpcd_port = $VPCD_PORT#" "$CONFIG"
      trap 'kill $GW $PCSC 2>/dev/null || true; wait $GW $PCSC 2>/dev/null || true' EXIT
    else
      echo "Insurance card demo: a private pcscd did not start (log: $STATE/pcscd.log)."
    fi
  else
    echo "Insurance card demo: pcscd is not running; start it (sudo systemctl start pcscd, or sudo pcscd)."
  fi
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  $PY -m ui --self-test --config "$CONFIG"
  $PY -m ui --config "$CONFIG" || true   # explains how to run the window under Xvfb
  exit 0
fi
$PY -m ui --config "$CONFIG" --windowed
