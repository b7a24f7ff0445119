#!/usr/bin/env bash
# Screenshots of the patient screens on a real (virtual) X display, into out/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
unset QT_QPA_PLATFORM
exec xvfb-run -a -s "-screen 0 1920x1920x24" .venv/bin/python scripts/screenshots.py "$@"
