"""Screenshots of the reports, guidance, pharmacy and health-service screens on a real X display.

    xvfb-run -a -s "-screen 0 1920x1920x24" .venv/bin/python scripts/screenshots_patient_services.py [out]

Starts a private reference gateway, drives the real window through each flow with the demo
patients (0 has everything, 1 a pending report, 2 a critical result, 3 a used print and no
plan today, 4 nothing), and saves PNGs at 1920x1080 landscape and 1080x1920 portrait.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QAbstractButton, QApplication  # noqa: E402
from shots import pump, run, stopped, wait_for  # noqa: E402

from kiosk.gateway_client import GatewayClient  # noqa: E402
from kiosk.scan import ScanEvent, SourceKind  # noqa: E402
from kiosk.session import EndReason, Session  # noqa: E402
from kiosk.settings import parse_settings  # noqa: E402
from testbed.gateway_process import GatewayProcess  # noqa: E402
from ui.paged import PagedList  # noqa: E402
from ui.screens.patient import PatientScreen  # noqa: E402
from ui.wiring import build_window  # noqa: E402

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}






class Shooter:
    def __init__(self, app, server, name: str, size: tuple[int, int], out: Path) -> None:
        self.server, self.name, self.out = server, name, out
        printed = str(out / "printed")
        settings = parse_settings({
            "gateway": {"url": server.url},
            "printing": {"slip": {"type": "folder", "path": printed},
                         "a4": {"type": "folder", "path": printed}, "poll_interval_s": 0.1},
        })
        self.client = GatewayClient(server.url, server.token)
        self.session = Session(settings.session.idle_timeout_s, settings.session.warning_s)
        self.window = build_window(app, settings, self.client, self.session, clock=lambda: 1000.0,
                                   time_source=server.time_source)
        self.window.setGeometry(0, 0, *size)
        self.window.show()
        self.window.start()
        pump()
        self.cards = [p for p in server.demo_patients(10) if p["status"] == "active"]

    @property
    def top(self):
        return self.window.stack.currentWidget()

    def settled(self) -> object:
        wait_for(lambda: self.top is not self.window.busy)
        pump()
        return self.top

    def shot(self, label: str, english: bool = False) -> None:
        if english:
            self.window.header.language_button.click()
            pump()
        self.window.grab().save(str(self.out / f"{self.name}-{label}{'-en' if english else ''}.png"))
        if english:
            self.window.header.language_button.click()
            pump()

    def patient(self, index: int) -> None:
        self.session.end(EndReason.FINISHED)
        pump()
        text = self.server.code(self.cards[index]["health_card_id"])
        self.window.handle_scan(ScanEvent(text, SourceKind.DEMO))
        wait_for(lambda: isinstance(self.top, PatientScreen) and self.top.service_keys())
        pump()

    def service(self, key: str) -> object:
        wait_for(lambda: key in self.top.service_keys())
        self.top.button_for(key).click()
        return self.settled()

    def press(self, text: str) -> object:
        before = self.top
        button = next(b for b in before.findChildren(QAbstractButton) if text in b.text()
                      and (b.isVisible() or self._paged(b) is not None))
        paged = self._paged(button)
        if paged is not None:
            paged.show_page(paged.page_of(button))  # as 下一页 would
            pump()
        button.click()
        pump(100)
        return self.settled()

    @staticmethod
    def _paged(button):
        paged = next((p for p in button.window().findChildren(PagedList) if button in p.items), None)
        return None if paged is None or button.isVisible() else paged

    def scroll_end(self) -> None:
        """The last page of a paged list, or the end of a scrolling one."""
        paged = getattr(self.top, "list", None)
        if paged is not None:
            paged.show_page(len(paged.pages) - 1)
            pump()
            return
        scroll = getattr(self.top, "body_scroll", None)
        if scroll is not None:
            scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
            pump()

    def close(self) -> None:
        self.session.end(EndReason.FINISHED)
        self.window.close()
        self.client.close()
        self.window.deleteLater()
        pump()


def reports(s: Shooter) -> None:
    s.patient(0)
    s.service("reports")
    s.shot("reports-list")
    s.shot("reports-list", english=True)
    s.press("血常规")
    s.shot("reports-lab-overview")
    s.top.show_details()
    pump()
    s.shot("reports-lab")
    s.shot("reports-lab", english=True)
    s.scroll_end()
    s.shot("reports-lab-end")
    s.press("打印报告")
    wait_for(lambda: "取走" in "".join(w.text() for w in s.top.findChildren(type(s.top.title))), 20)
    s.shot("reports-printed")
    s.press("打印其他报告")
    s.press("胸部CT")
    s.top.show_details()
    pump()
    s.shot("reports-imaging")
    s.patient(2)
    s.service("reports")
    s.press("肾功能")
    s.shot("reports-critical")
    s.shot("reports-critical", english=True)
    # Pending and printed reports are not pressable: their list line says when, or where.
    s.patient(1)
    s.service("reports")
    s.shot("reports-pending")
    s.patient(3)
    s.service("reports")
    s.shot("reports-limit")
    s.patient(4)
    s.service("reports")
    s.shot("reports-empty")


def guidance(s: Shooter) -> None:
    s.patient(0)
    s.service("guidance")
    s.shot("guidance-itinerary")
    s.shot("guidance-itinerary", english=True)
    s.press("按症状推荐科室")
    s.shot("guidance-areas")
    s.press("头部")
    s.press("头痛")
    s.press("头晕")
    s.shot("guidance-symptoms")
    s.shot("guidance-symptoms", english=True)
    s.press("下一步")
    s.shot("guidance-recommend")
    s.shot("guidance-recommend", english=True)
    s.patient(1)
    s.service("guidance")
    s.press("按症状推荐科室")
    s.press("头部")
    s.press("突发言语不清")
    s.press("下一步")
    s.shot("guidance-urgent")
    s.shot("guidance-urgent", english=True)
    s.patient(3)
    s.service("guidance")
    s.shot("guidance-empty")


def pharmacy(s: Shooter) -> None:
    s.patient(0)
    s.service("pharmacy")
    s.shot("pharmacy-list")
    s.shot("pharmacy-list", english=True)
    s.scroll_end()
    s.shot("pharmacy-list-end")
    s.patient(4)
    s.service("pharmacy")
    s.shot("pharmacy-empty")


def health(s: Shooter) -> None:
    s.patient(0)
    s.service("health")
    s.shot("health-menu")
    s.press("家庭医生")
    s.shot("health-contract")
    s.window.services.pop()
    s.press("健康档案")
    s.shot("health-consent")
    s.shot("health-consent", english=True)
    s.press("同意并查看")
    s.shot("health-record")
    s.shot("health-record", english=True)
    s.window.services.pop_to(s.window.services.flow.menu)
    s.press("慢病续方")
    s.shot("health-renewals")
    s.press("阿托伐他汀钙片")  # today's amlodipine still waits at the window
    s.shot("health-renewal-confirm")
    s.press("提交续方申请")
    s.shot("health-renewal-done")
    s.patient(1)
    s.service("health")
    s.press("家庭医生")
    s.shot("health-teams")
    s.press("锦江社区家庭医生二团队")
    s.shot("health-sign-confirm")
    s.press("提交签约申请")
    s.shot("health-sign-done")
    s.patient(4)
    s.service("health")
    s.press("慢病续方")
    s.shot("health-renewals-empty")


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for name, size in SIZES.items():
        # A fresh gateway per size: printing and requests change the demo patients' records.
        server = GatewayProcess(out / f"gateway-{name}.sqlite")
        try:
            shooter = Shooter(app, server, name, size, out)
            try:
                for flow in (reports, guidance, pharmacy, health):
                    flow(shooter)
            finally:
                shooter.close()
        finally:
            stopped(server)
    return 0


if __name__ == "__main__":
    run(main)
