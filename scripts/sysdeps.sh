#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the kiosk, its demo and its tests need.
# As root: installs what is missing with apt-get. Otherwise: prints the exact
# apt-get line and fails, so nothing half-works later.
set -euo pipefail

PACKAGES=(
  # Python itself, for distributions whose python3 lacks venv/pip
  python3 python3-venv python3-dev gcc
  # Qt (PySide6) runtime libraries, offscreen and on X11
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 libx11-6
  libx11-xcb1 libxkbcommon-x11-0 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0
  libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
  # a virtual display for screenshots and the demo on headless machines
  xvfb xauth x11-utils
  # scanning: zbar for the pyzbar decoder; socat for serial-scanner tests
  libzbar0 socat
  # spoken prompts for patients who read with difficulty
  espeak-ng
  # printing: a real CUPS scheduler with a PDF printer, pycups build headers, PDF tools
  cups cups-bsd cups-client printer-driver-cups-pdf poppler-utils libcups2-dev
  # Chinese text in printed documents (TrueType, embeddable)
  fonts-wqy-zenhei
  # the device token lives in a real Secret Service keyring
  gnome-keyring dbus libsecret-tools
  # fleet monitoring: promtool checks and tests the alert rules, a real server scrapes kiosks
  prometheus
  # chip cards: pcsc-lite (pyscard's build headers, swig) and the virtual reader driver the
  # social-security card tests put a simulated card in
  pcscd libpcsclite-dev swig vsmartcard-vpcd
  # a real browser for the gateway's staff page tests and screenshots
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages. Run as root (or with sudo):" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
