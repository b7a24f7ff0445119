"""Screenshots of the staff maintenance view (run by scripts/screenshots.sh, or under
QT_QPA_PLATFORM=offscreen): the PIN pad and the view at 1920x1080 and 1080x1920, one
printer out of paper and a scanner gone, so every health colour shows."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import pump, wait_for  # noqa: E402

from kiosk.gateway_client import GatewayClient  # noqa: E402
from kiosk.pin import hash_pin  # noqa: E402
from kiosk.session import Session  # noqa: E402
from kiosk.settings import parse_settings  # noqa: E402
from testbed.gateway_process import GatewayProcess  # noqa: E402
from ui.wiring import build_window  # noqa: E402

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
PIN = "482916"


def shoot(app, server, name: str, w: int, h: int, out: Path) -> None:
    printed = {"type": "folder", "path": str(out / "printed")}
    settings = parse_settings({
        "gateway": {"url": server.url}, "voice": {"enabled": False},
        "printing": {"a4": printed, "slip": printed},
        "maintenance": {"pin_hash": hash_pin(PIN, n=2**12), "exit_to_desktop": True},
    })
    client = GatewayClient(server.url, server.token)
    session = Session(settings.session.idle_timeout_s, settings.session.warning_s)
    window = build_window(app, settings, client, session, time_source=server.time_source)
    window.resize(w, h)
    window.show()
    window.start()
    m = window.maintenance
    for _ in range(5):
        m.gesture.tap()
    for digit in PIN[:4]:
        m.pad.press(digit)
    pump(500)
    window.grab().save(str(out / f"{name}-maintenance-pin.png"))
    for digit in PIN[4:]:
        m.pad.press(digit)
    m.pad.ok.click()
    wait_for(m.view.isVisible)
    wait_for(lambda: m.view.busy == 0)
    board = window.monitoring.board
    board.set_scanner("serial", "connected")
    board.set_scanner("camera", "disconnected")
    board.set_printer("slip", state="paper_out", reason="media-empty", backlog=2)
    board.set_printer("a4", toner="low")
    m.view.buttons["test_scan"].click()
    pump(800)
    window.grab().save(str(out / f"{name}-maintenance.png"))
    window.close()
    client.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        server = GatewayProcess(Path(folder) / "gw.sqlite")
        try:
            for name, (w, h) in SIZES.items():
                shoot(app, server, name, w, h, out)
        finally:
            server.stop()
    print(f"maintenance screenshots in {out}")


if __name__ == "__main__":
    main()
