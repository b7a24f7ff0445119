#!/usr/bin/env bash
# Screenshots of every screen on a real (virtual) X display, into out/screenshots/:
# the patient kiosk at 1920x1080 and 1080x1920, its service flows (also in elder-care mode),
# and the pharmacy counter.
set -euo pipefail
cd "$(dirname "$0")/.."
unset QT_QPA_PLATFORM
OUT=${1:-out/screenshots}
mkdir -p "$OUT"
for script in screenshots screenshots_patient_services screenshots_payment_check_in screenshots_pharmacy screenshots_maintenance screenshots_elder; do
  xvfb-run -a -s "-screen 0 1920x1920x24" .venv/bin/python "scripts/$script.py" "$OUT"
done
.venv/bin/python scripts/screenshots_staff_page.py "$OUT"  # headless Chromium, no X display
