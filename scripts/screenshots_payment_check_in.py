"""Screenshots of the payment and check-in screens on a real X display.

    xvfb-run -a -s "-screen 0 1920x1920x24" .venv/bin/python scripts/screenshots_payment_check_in.py [out]

Starts private reference gateways (for check-in, one whose clock reads 09:00 of today, so
there are appointments to check in for), drives the real window through both flows, and
saves PNGs at 1920x1080 landscape and 1080x1920 portrait.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import pump, wait_for  # noqa: E402

from kiosk.gateway_client import GatewayClient  # noqa: E402
from kiosk.scan import ScanEvent, SourceKind  # noqa: E402
from kiosk.session import EndReason, Session  # noqa: E402
from kiosk.settings import parse_settings  # noqa: E402
from testbed.gateway_process import GatewayProcess  # noqa: E402
from testbed.suite_time import on_suite_day  # noqa: E402
from ui.screens.generic import ChoiceScreen, NoticeScreen, SummaryScreen  # noqa: E402
from ui.screens.patient import PatientScreen  # noqa: E402
from ui.screens.pay import PayScreen  # noqa: E402
from ui.services.insured_payment import NO_ACCOUNT  # noqa: E402
from ui.services.payment_screens import BillsScreen, VoucherScreen  # noqa: E402
from ui.services.result import ResultScreen  # noqa: E402
from ui.wiring import build_window  # noqa: E402

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}






class Shooter:
    def __init__(self, app, server, name: str, size: tuple[int, int], out: Path) -> None:
        self.server, self.name, self.out = server, name, out
        settings = parse_settings({
            "gateway": {"url": server.url},
            "printing": {"slip": {"type": "folder", "path": str(out / "printed")},
                         "a4": {"type": "folder", "path": str(out / "printed")}, "poll_interval_s": 0.1},
        })
        self.client = GatewayClient(server.url, server.token)
        self.session = Session(settings.session.idle_timeout_s, settings.session.warning_s)
        self.window = build_window(app, settings, self.client, self.session, clock=lambda: 1000.0,
                                   time_source=server.time_source)
        self.window.setGeometry(0, 0, *size)
        self.window.show()
        self.window.start()
        pump()

    @property
    def top(self):
        return self.window.stack.currentWidget()

    def until(self, kind) -> object:
        wait_for(lambda: isinstance(self.top, kind))
        pump()
        return self.top

    def shot(self, label: str, english: bool = False) -> None:
        if english:
            self.window.header.language_button.click()
            pump()
        pump(200)
        self.window.grab().save(str(self.out / f"{self.name}-{label}.png"))
        if english:
            self.window.header.language_button.click()

    def scan(self, text: str) -> None:
        self.window.handle_scan(ScanEvent(text, SourceKind.DEMO))

    def visit(self, card: str, service: str):
        self.session.end(EndReason.FINISHED)
        pump()
        self.scan(self.server.code(card))
        wait_for(lambda: isinstance(self.top, PatientScreen) and service in self.top.service_keys())
        self.top.button_for(service).click()

    def close(self) -> None:
        self.session.end(EndReason.FINISHED)
        self.window.close()
        self.client.close()
        self.window.deleteLater()
        pump()


def payment(s: Shooter, scenarios: dict) -> None:
    server = s.server
    people = scenarios["unpaid_bills"]
    insured = [p for p in people if p["insured"]]
    two = next((p for p in insured if len(server.get("/api/v1/patients/me/bills",
                headers=server.visit(p["health_card_id"])).json()["bills"]) >= 2), insured[0])
    card = two["health_card_id"]
    s.visit(card, "payment")
    bills = s.until(BillsScreen)
    s.shot("pay-1-bills")
    s.shot("pay-1-bills-en", english=True)
    if len(bills.cards) > 1:
        bills.cards[-1].toggle.click()
        s.shot("pay-1b-bills-one-skipped")
        bills.cards[-1].toggle.click()
    bills.action.click()
    voucher = s.until(VoucherScreen)
    s.shot("pay-2-voucher")
    s.scan(server.code(card))
    wait_for(lambda: voucher.hint.isVisible())
    s.shot("pay-2b-voucher-not-a-voucher")
    s.scan(server.code(card, kind="insurance"))
    s.until(SummaryScreen)
    s.shot("pay-3-confirm-insured")
    s.shot("pay-3-confirm-insured-en", english=True)
    # The demo account may cover the whole bill; without it there is cash to pay by QR.
    choice = getattr(s.top, "account_choice", None)
    if choice is not None and choice.text() in (NO_ACCOUNT.zh, NO_ACCOUNT.en):
        with_account = s.top
        with_account.account_choice.click()
        wait_for(lambda: isinstance(s.top, SummaryScreen) and s.top is not with_account)
        s.shot("pay-3b-confirm-without-account")
    s.top.action.click()
    s.until(PayScreen)
    s.shot("pay-4-qr")
    step = s.window.services.flow.pay_step
    server.confirm_payment(step.order.payment_id)
    step.poll_now()
    result = s.until(ResultScreen)
    wait_for(lambda: result.job_state is not None, 20)
    s.shot("pay-5-result")
    s.shot("pay-5-result-en", english=True)

    # Cancelled payment, then nothing to pay.
    other = next(p for p in people if p["health_card_id"] != card)["health_card_id"]
    s.visit(other, "payment")
    s.until(BillsScreen).action.click()
    wait_for(lambda: isinstance(s.top, VoucherScreen | SummaryScreen))
    if isinstance(s.top, VoucherScreen):
        s.top.self_pay_button.click()
    s.until(SummaryScreen)
    s.shot("pay-3b-confirm-self-pay")
    s.top.action.click()
    s.until(PayScreen).cancel.click()
    s.until(NoticeScreen)
    s.shot("pay-6-cancelled")
    s.visit(card, "payment")
    s.until(ChoiceScreen)
    s.shot("pay-7-nothing-to-pay")


def check_in(s: Shooter, scenarios: dict) -> None:
    server = s.server
    booked = [p["health_card_id"] for p in scenarios["appointment_today"]]
    s.visit(booked[0], "check_in")
    s.until(ChoiceScreen)
    s.shot("checkin-1-choose")
    s.shot("checkin-1-choose-en", english=True)
    s.top.buttons[0].click()
    result = s.until(ResultScreen)
    wait_for(lambda: result.job_state is not None, 20)
    s.shot("checkin-2-result")
    s.shot("checkin-2-result-en", english=True)
    s.visit(booked[0], "check_in")
    s.until(ChoiceScreen).buttons[0].click()
    s.until(ResultScreen)
    s.shot("checkin-3-already")
    nobody = next(p["health_card_id"] for p in server.demo_patients(30)
                  if p["status"] == "active" and p["health_card_id"] not in booked)
    s.visit(nobody, "check_in")
    s.until(ChoiceScreen)
    s.shot("checkin-4-none")


def registration_insured(s: Shooter, scenarios: dict) -> None:
    """An insured patient's registration: the e-voucher, then the fee's split (fund, account,
    cash, the balance after) with the account choice, then the result."""
    server = s.server
    card = next(p["health_card_id"] for p in scenarios["unpaid_bills"] if p["insured"])
    s.visit(card, "registration")
    screen = None
    for _ in range(3):  # department, doctor and session, time
        wait_for(lambda prev=screen: isinstance(s.top, ChoiceScreen) and s.top is not prev)
        pump()
        screen = s.top
        next(b for b in screen.buttons if b.isEnabled()).click()
    confirm = s.until(SummaryScreen)
    s.shot("reg-insured-1-confirm")
    confirm.action.click()
    s.until(VoucherScreen)
    s.scan(server.code(card, kind="insurance"))
    wait_for(lambda: isinstance(s.top, SummaryScreen) and s.top is not confirm)
    pump()
    s.shot("reg-insured-2-split")
    s.shot("reg-insured-2-split-en", english=True)
    s.top.action.click()
    wait_for(lambda: isinstance(s.top, PayScreen | ResultScreen))
    pump()
    s.shot("reg-insured-3-next")


def shoot(app, server, flow, name: str, size: tuple[int, int], out: Path) -> None:
    try:
        scenarios = server.scenarios()
        shooter = Shooter(app, server, name, size, out)
        try:
            flow(shooter, scenarios)
        finally:
            shooter.close()
    finally:
        server.stop()
        QCoreApplication.processEvents()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for name, size in SIZES.items():
        # Fresh gateways per size: both flows change the demo data they show. Payment runs
        # on the real clock (the QR's countdown is real); check-in on a gateway whose clock
        # reads 09:00 today, so there are appointments to check in for at any hour.
        for stale in out.glob(f"gateway-{name}-*"):
            stale.unlink()
        shoot(app, GatewayProcess(out / f"gateway-{name}-pay.sqlite"), payment, name, size, out)
        shoot(app, GatewayProcess(out / f"gateway-{name}-reg.sqlite"), registration_insured, name, size,
              out)
        shoot(app, GatewayProcess(out / f"gateway-{name}-checkin.sqlite", start_time=on_suite_day(dt.time(9, 0))),
              check_in, name, size, out)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "screenshots-payment-check-in"))
