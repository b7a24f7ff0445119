"""Screenshots of every patient screen on a real X display (run by scripts/screenshots.sh).

Starts a private reference gateway, drives the real window through the flow, and saves
PNGs for the common kiosk screens: 1920x1080 landscape and 1080x1920 portrait.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import pump, run, stopped, wait_for  # noqa: E402

from kiosk.gateway_client import GatewayClient  # noqa: E402
from kiosk.scan import ScanEvent, SourceKind  # noqa: E402
from kiosk.session import Session  # noqa: E402
from kiosk.settings import parse_settings  # noqa: E402
from testbed.gateway_process import GatewayProcess  # noqa: E402
from ui import strings as S  # noqa: E402
from ui.screens.generic import ChoiceScreen  # noqa: E402
from ui.screens.pay import PayScreen  # noqa: E402
from ui.services.result import ResultScreen  # noqa: E402
from ui.wiring import build_window  # noqa: E402

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}






def first_enabled(window, skip: int = 0) -> None:
    screen = window.stack.currentWidget()
    [b for b in screen.buttons if b.isEnabled()][skip].click()
    wait_for(lambda: window.stack.currentWidget() is not screen and window.stack.currentWidget() is not window.busy)


def shoot_registration(window, server, name: str, out: Path) -> None:
    """Department → doctor → time → confirm → pay → done, one picture per step."""
    window.stack.currentWidget().button_for("registration").click()
    wait_for(lambda: isinstance(window.stack.currentWidget(), ChoiceScreen))
    for step in ("department", "doctor", "time"):
        pump()
        window.grab().save(str(out / f"{name}-reg-{step}.png"))
        # Each orientation books another department, so the second is not a repeat booking.
        first_enabled(window, skip=(1 if name == "portrait" and step == "department" else 0))
    pump()
    window.grab().save(str(out / f"{name}-reg-confirm.png"))
    window.stack.currentWidget().action.click()
    wait_for(lambda: isinstance(window.stack.currentWidget(), PayScreen))
    pump()
    window.grab().save(str(out / f"{name}-reg-pay.png"))
    order = window.services.flow.pay_step.order
    server.post(f"/demo/v1/payments/{order.payment_id}/confirm", {})
    window.services.flow.pay_step.poll_now()
    wait_for(lambda: isinstance(window.stack.currentWidget(), ResultScreen))
    pump(800)
    window.grab().save(str(out / f"{name}-reg-done.png"))
    window.services.patient_home()


def shoot(app, server, card, name: str, w: int, h: int, out: Path) -> None:
    printed = {"type": "folder", "path": str(out / "printed")}
    settings = parse_settings(
        {
            "gateway": {"url": server.url},
            "demo": {"scan_panel": True},
            "voice": {"enabled": False},
            "printing": {"a4": printed, "slip": printed},
        }
    )
    client = GatewayClient(server.url, server.token)
    clock = [1000.0]
    session = Session(settings.session.idle_timeout_s, settings.session.warning_s)
    window = build_window(app, settings, client, session, clock=lambda: clock[0], time_source=server.time_source)
    window.setGeometry(0, 0, w, h)
    window.show()
    window.start()
    wait_for(lambda: "patient-0" in window.demo_panel.buttons)
    pump()
    window.grab().save(str(out / f"{name}-home.png"))
    window.header.language_button.click()
    pump()
    window.grab().save(str(out / f"{name}-home-en.png"))
    window.header.language_button.click()
    window.busy.show_message(S.BUSY_IDENTIFY)
    window.stack.setCurrentWidget(window.busy)
    pump()
    window.grab().save(str(out / f"{name}-busy.png"))
    window.handle_scan(ScanEvent(server.code(card["health_card_id"]), SourceKind.DEMO))
    wait_for(lambda: session.patient is not None)
    pump()
    window.grab().save(str(out / f"{name}-patient.png"))
    screen = window.stack.currentWidget()
    screen.button_for("my_card").click()
    pump()
    window.grab().save(str(out / f"{name}-my-card.png"))
    window.services.patient_home()
    window.another_card.cover()
    pump()
    window.grab().save(str(out / f"{name}-another-card.png"))
    window.another_card.stay_button.click()
    shoot_registration(window, server, name, out)
    clock[0] += 80
    window.idle.tick()
    pump()
    window.grab().save(str(out / f"{name}-idle-warning.png"))
    clock[0] += 100
    window.idle.tick()
    window.handle_scan(ScanEvent(server.code(card["health_card_id"], age_s=3600), SourceKind.DEMO))
    wait_for(lambda: window.stack.currentWidget() is window.message)
    pump()
    window.grab().save(str(out / f"{name}-error-expired.png"))
    window.close()
    client.close()
    window.deleteLater()
    pump()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for stale in out.glob("gateway.*"):  # a fresh demo hospital each run
        stale.unlink()
    server = GatewayProcess(out / "gateway.sqlite")
    try:
        cards = [p for p in server.demo_patients(5) if p["status"] == "active"]
        for card, (name, (w, h)) in zip(cards, SIZES.items(), strict=False):
            shoot(app, server, card, name, w, h, out)
    finally:
        stopped(server)
    return 0


if __name__ == "__main__":
    run(main)
