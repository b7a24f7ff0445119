"""Screenshots of the inpatient screens on a real X display, in the ordinary mode and in
elder-care mode (长辈模式), at 1920x1080 landscape and 1080x1920 portrait.

    xvfb-run -a -s "-screen 0 1920x1920x24" .venv/bin/python scripts/screenshots_inpatient.py [out]

Starts a private reference gateway per size and mode (the journeys change its demo stays),
scans the demo wristbands, and drives the real window: the home with the stay's next step,
the summary card (low balance), the amounts, the keypad, the confirmation, the QR, the
deposit receipt; the daily list; the discharge with a refund and with money due; a refusal.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshots_elder import Shooter as ElderShooter  # noqa: E402
from shots import pump, run, stopped, wait_for  # noqa: E402

from kiosk.scan import ScanEvent, SourceKind  # noqa: E402
from kiosk.session import EndReason  # noqa: E402
from testbed.gateway_process import GatewayProcess  # noqa: E402
from ui.screens.generic import SummaryScreen  # noqa: E402
from ui.screens.patient import PatientScreen  # noqa: E402
from ui.screens.pay import PayScreen  # noqa: E402
from ui.services.inpatient_screens import (  # noqa: E402
    AmountKeypadScreen,
    AmountScreen,
    DailyListScreen,
    StayScreen,
)
from ui.services.result import ResultScreen  # noqa: E402

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
STORIES = ("comfortable", "low", "refund", "due", "pending", "comfortable2")


class Shooter(ElderShooter):
    """The elder screenshots' window and helpers; shots named by mode, wristbands scanned."""

    def __init__(self, app, server: GatewayProcess, name: str, size: tuple[int, int], out: Path, elder: bool) -> None:
        super().__init__(app, server, name, size, out)
        self.elder = elder

    def shot(self, label: str, english: bool = False) -> None:
        if english:
            self.window.header.language_button.click()
            pump()
        pump(200)
        mode = "elder" if self.elder else "ordinary"
        self.window.grab().save(str(self.out / f"inpatient-{mode}-{self.name}-{label}.png"))
        if english:
            self.window.header.language_button.click()

    def wristband(self, story: str) -> PatientScreen:
        self.session.end(EndReason.FINISHED)
        pump()
        if self.elder:
            # The home screen's button, then the scan at once: the home turns a mode nobody
            # used back off after its idle time, which this script's clock says has passed.
            self.window.home.senior.click()
        with closing(sqlite3.connect(f"file:{self.server.db_path}?mode=ro", uri=True)) as conn:
            number = conn.execute("SELECT inpatient_no FROM admissions ORDER BY admission_id").fetchall()[
                STORIES.index(story)][0]
        self.window.handle_scan(ScanEvent(number, SourceKind.DEMO))
        home = self.until(PatientScreen)
        if not self.elder and self.window.elder.on:
            # An elder's age turned the mode on: these shots show the ordinary look.
            self.window.elder.mode.choose(False)
            pump()
        return home

    def service(self, home: PatientScreen) -> None:
        if not home.menu_shown and home.other_services is not None:
            home.other_services.click()
            pump()
        home.button_for("inpatient").click()

    def pay(self) -> ResultScreen:
        self.until(PayScreen)
        self.shot("pay-qr")
        step = self.window.services.flow.pay_step
        self.server.confirm_payment(step.order.payment_id)
        step.poll_now()
        result = self.until(ResultScreen)
        wait_for(lambda: result.job_state is not None, 20)
        return result


def journeys(s: Shooter) -> None:
    home = s.wristband("low")
    s.shot("1-home-next-step")
    s.service(home)
    s.until(StayScreen)
    s.shot("2-summary-low-balance")
    s.shot("2-summary-low-balance-en", english=True)
    s.top.top_up_button.click()
    s.until(AmountScreen)
    s.shot("3-amounts")
    s.top.other_button.click()
    keypad = s.until(AmountKeypadScreen)
    for key in "2500":
        keypad.keys[key].click()
    s.shot("4-keypad")
    keypad.ok.click()
    s.until(SummaryScreen)
    s.shot("5-confirm-top-up")
    s.top.action.click()
    s.pay()
    s.shot("6-deposit-receipt")
    s.shot("6-deposit-receipt-en", english=True)

    s.service(s.wristband("comfortable"))
    s.until(StayScreen).daily_list_button.click()
    s.until(DailyListScreen)
    s.top.previous.click()
    wait_for(lambda: isinstance(s.top, DailyListScreen) and s.top.previous.isEnabled() is not None)
    pump(500)
    s.shot("7-daily-list")
    s.shot("7-daily-list-en", english=True)
    s.top.print_stay_button.click()
    result = s.until(ResultScreen)
    wait_for(lambda: result.job_state is not None, 20)
    s.shot("8-list-printed")

    s.service(s.wristband("pending"))
    s.until(StayScreen)
    s.shot("9-summary-discharge-refused")

    home = s.wristband("refund")
    next(b for b in home.action_buttons if b.property("service") == "inpatient").click()
    s.until(SummaryScreen)
    s.shot("10-discharge-refund")
    s.shot("10-discharge-refund-en", english=True)
    s.top.action.click()
    result = s.until(ResultScreen)
    wait_for(lambda: result.job_state is not None, 20)
    s.shot("11-discharge-refunded")

    home = s.wristband("due")
    next(b for b in home.action_buttons if b.property("service") == "inpatient").click()
    s.until(SummaryScreen)
    s.shot("12-discharge-due")
    s.top.action.click()
    s.pay()
    s.shot("13-discharge-paid")


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for elder in (False, True):
        for name, size in SIZES.items():
            db = out / f"inpatient-gateway-{name}-{elder}.sqlite"
            for stale in out.glob(db.name + "*"):
                stale.unlink()
            server = GatewayProcess(db)
            try:
                shooter = Shooter(app, server, name, size, out, elder)
                try:
                    journeys(shooter)
                finally:
                    shooter.close()
            finally:
                stopped(server)
    return 0


if __name__ == "__main__":
    run(main)
