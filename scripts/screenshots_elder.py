"""Screenshots of the screens in elder-care mode (长辈模式) on a real X display.

    xvfb-run -a -s "-screen 0 1920x1920x24" .venv/bin/python scripts/screenshots_elder.py [out]

Starts a private reference gateway whose clock reads 09:00 of today, and at 1920x1080 and
1080x1920: the home with Senior mode on, the ID keypad (typing, wrong, valid), an elder's
home with the next steps first and the menu behind 其他业务, both reports printed at one
touch, paying a bill from its next step, checking in from its next step, Call staff (on
the way, acknowledged), the idle warning, a refused scan, and the other services' first
screens (my card, registration, guidance, medicine pickup, health services), and
registration's three soonest times with every other time behind 其他时间.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import pump, run, stopped, wait_for  # noqa: E402

from kiosk.gateway_client import GatewayClient  # noqa: E402
from kiosk.scan import ScanEvent, SourceKind  # noqa: E402
from kiosk.session import EndReason, Session  # noqa: E402
from kiosk.settings import parse_settings  # noqa: E402
from testbed.gateway_process import GatewayProcess  # noqa: E402
from testbed.suite_time import on_suite_day  # noqa: E402
from ui.screens.generic import ChoiceScreen  # noqa: E402
from ui.screens.patient import PatientScreen  # noqa: E402
from ui.screens.pay import PayScreen  # noqa: E402
from ui.services.result import ResultScreen  # noqa: E402
from ui.wiring import build_window  # noqa: E402

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Shooter:
    def __init__(self, app, server, name: str, size: tuple[int, int], out: Path) -> None:
        self.server, self.name, self.out = server, name, out
        settings = parse_settings({
            "gateway": {"url": server.url},
            "voice": {"enabled": False},
            "printing": {"slip": {"type": "folder", "path": str(out / "printed")},
                         "a4": {"type": "folder", "path": str(out / "printed")}, "poll_interval_s": 0.1},
        })
        self.client = GatewayClient(server.url, server.token)
        self.session = Session(settings.session.idle_timeout_s, settings.session.warning_s)
        self.clock = Clock()
        self.window = build_window(app, settings, self.client, self.session, clock=self.clock,
                                   time_source=server.time_source)
        self.window.setGeometry(0, 0, *size)
        self.window.show()
        self.window.start()
        wait_for(lambda: self.window.footer.help_button.isVisible())
        pump()

    @property
    def top(self):
        return self.window.stack.currentWidget()

    def until(self, kind) -> object:
        wait_for(lambda: isinstance(self.top, kind), 20)
        pump()
        return self.top

    def shot(self, label: str, english: bool = False) -> None:
        if english:
            self.window.header.language_button.click()
            pump()
        pump(200)
        self.window.grab().save(str(self.out / f"elder-{self.name}-{label}.png"))
        if english:
            self.window.header.language_button.click()

    def home_of(self, card: dict) -> PatientScreen:
        self.session.end(EndReason.FINISHED)
        pump()
        self.window.handle_scan(ScanEvent(self.server.code(card["health_card_id"]), SourceKind.DEMO))
        home = self.until(PatientScreen)
        assert self.window.elder.on, "an elder's age turns the mode on"
        return home

    def action(self, home: PatientScreen, service: str) -> None:
        next(b for b in home.action_buttons if b.property("service") == service).click()

    def close(self) -> None:
        self.session.end(EndReason.FINISHED)
        self.window.close()
        self.client.close()
        self.window.deleteLater()
        pump()


def elders_by_first_step(server) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for card in server.scenarios()["elders"]:
        visit = server.visit(card["health_card_id"])
        actions = server.get("/api/v1/patients/me/next-actions", headers=visit).json()["actions"]
        if actions:
            key = actions[0]["service"]
            if key == "reports" and actions[0]["count"] != 2:
                continue
            found.setdefault(key, card)
    return found


def home_and_keypad(s: Shooter, card: dict) -> None:
    s.window.home.senior.click()
    pump()
    s.shot("01-home-senior-mode")
    s.shot("01-home-senior-mode-en", english=True)
    s.window.home.type_id_button.click()
    keypad = s.window.keypad.screen
    number = s.server.patient_record(card["health_card_id"])["id_number"]
    for key in number[:9]:
        keypad.press(key)
    s.shot("02-keypad-typing")
    for key in number[9:-1] + ("0" if number[-1] != "0" else "1"):
        keypad.press(key)
    s.shot("02-keypad-wrong")
    keypad.delete.click()
    keypad.press(number[-1])
    s.shot("02-keypad-valid")
    keypad.leave()
    s.window.handle_scan(ScanEvent("not-a-code-at-all", SourceKind.DEMO))
    pump(300)
    s.shot("03-refused-scan")
    s.window.message.dismissed.emit()
    pump()


def next_steps_and_reports(s: Shooter, card: dict) -> None:
    home = s.home_of(card)
    s.shot("04-next-steps")
    s.shot("04-next-steps-en", english=True)
    home.show_menu()
    s.shot("05-other-services")
    home.show_next_steps()
    s.action(home, "reports")
    result = s.until(ResultScreen)
    wait_for(lambda: result.job_state is not None, 30)
    s.shot("06-reports-printed")
    result.done.click()
    pump()
    s.window.footer.help_button.click()
    wait_for(lambda: s.window.help.request is not None)
    s.shot("07-call-staff")
    staff = s.server.staff_headers()
    rid = s.window.help.request.request_id
    s.server.post(f"/api/v1/help-requests/{rid}/acknowledge", headers={**staff, "Idempotency-Key": f"shot-ack-{rid}"})
    s.window.help._follow()
    wait_for(lambda: s.window.help.request is not None and s.window.help.request.acknowledged)
    s.shot("07-call-staff-acknowledged")
    s.shot("07-call-staff-acknowledged-en", english=True)
    s.window.help.cancel()
    pump()
    s.clock.now += s.session.idle_timeout_s - 10
    s.window.idle.tick()
    pump()
    s.shot("08-idle-warning")
    s.window.overlay.more_time.emit()
    for key in ("my_card", "registration", "guidance", "pharmacy", "health"):
        s.window.services.patient_home()
        pump()
        s.window.patient_home.screen.show_menu()
        s.window.patient_home.screen.button_for(key).click()
        wait_for(lambda: not isinstance(s.top, PatientScreen) and s.top is not s.window.busy, 20)
        pump(300)
        s.shot(f"09-{key}")


def payment(s: Shooter, card: dict) -> None:
    home = s.home_of(card)
    s.shot("10-pay-next-step")
    s.action(home, "payment")
    wait_for(lambda: s.top is not s.window.busy and s.top is not home, 20)
    pump()
    if hasattr(s.top, "self_pay_button"):
        s.shot("11-pay-voucher")
        s.top.self_pay_button.click()
        wait_for(lambda: hasattr(s.top, "confirmed") and s.top is not s.window.busy, 20)
    pump()
    s.shot("12-pay-confirm")
    s.top.action.click()
    s.until(PayScreen)
    s.shot("13-pay-qr")
    step = s.window.services.flow.pay_step
    s.server.confirm_payment(step.order.payment_id)
    step.poll_now()
    result = s.until(ResultScreen)
    wait_for(lambda: result.job_state is not None, 20)
    s.shot("14-pay-result")


def registration_times(s: Shooter, card: dict) -> None:
    home = s.home_of(card)
    wait_for(lambda: "registration" in home.service_keys(), 20)
    if not home.menu_shown:
        home.other_services.click()
    home.button_for("registration").click()
    for _step in ("department", "doctor"):
        screen = s.until(ChoiceScreen)
        next(b for b in screen.buttons if b.isEnabled()).click()
        wait_for(lambda screen=screen: s.top is not screen and s.top is not s.window.busy, 20)
    short = s.until(ChoiceScreen)
    s.shot("17-registration-soonest-times")
    s.shot("17-registration-soonest-times-en", english=True)
    short.buttons[-1].click()
    wait_for(lambda: s.top is not short, 20)
    pump()
    s.shot("18-registration-all-times")


def check_in(s: Shooter, card: dict) -> None:
    home = s.home_of(card)
    s.shot("15-check-in-next-step")
    s.action(home, "check_in")
    result = s.until(ResultScreen)
    wait_for(lambda: result.job_state is not None, 20)
    s.shot("16-check-in-result")


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for name, size in SIZES.items():
        server = GatewayProcess(out / f"elder-{name}-gateway.sqlite", start_time=on_suite_day(dt.time(9)))
        try:
            elders = elders_by_first_step(server)
            shooter = Shooter(app, server, name, size, out)
            try:
                home_and_keypad(shooter, elders["reports"])
                next_steps_and_reports(shooter, elders["reports"])
                payment(shooter, elders["payment"])
                check_in(shooter, elders["check_in"])
                registration_times(shooter, elders["reports"])
            finally:
                shooter.close()
        finally:
            stopped(server)
    return 0


if __name__ == "__main__":
    run(main)
