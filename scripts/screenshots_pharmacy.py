"""Screenshots of the pharmacy counter workstation on a real X display.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots_pharmacy.py [OUT]

Starts a private reference gateway, signs in as the demo pharmacist, and walks a patient
through verification and dispensing at the two common desk sizes, 1920x1080 and 1366x768.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import pump, run, stopped, wait_for  # noqa: E402

from kiosk.gateway_client import GatewayClient  # noqa: E402
from kiosk.scan import ScanEvent, SourceKind  # noqa: E402
from kiosk.settings import parse_settings  # noqa: E402
from testbed.gateway_process import GatewayProcess  # noqa: E402
from ui.pharmacy.wiring import build_counter_window  # noqa: E402

SIZES = {"1920x1080": (1920, 1080), "1366x768": (1366, 768)}






def boxes(server, drug_code: str, state: str = "fresh", limit: int = 5) -> list[dict]:
    return server.get("/demo/v1/boxes", params={"drug_code": drug_code, "state": state,
                                                "limit": limit}).json()["boxes"]


def shoot(app, server, patient: dict, name: str, size: tuple[int, int], out: Path, data: Path) -> None:
    settings = parse_settings({
        "kiosk": {"role": "pharmacy-counter"},
        "gateway": {"url": server.url, "health_interval_s": 600},
        "printing": {"slip": {"type": "folder", "path": str(data / "labels")},
                     "a4": {"type": "folder", "path": str(data / "labels")},
                     "queue_db": str(data / f"print-{name}.db"), "poll_interval_s": 0.05},
        "pharmacy": {"audit_log": str(data / f"audit-{name}.jsonl")},
    })
    client = GatewayClient(server.url, server.token)
    window = build_counter_window(app, settings, client, time_source=server.time_source)
    window.setGeometry(0, 0, *size)
    window.show()
    window.start()
    pump()
    window.grab().save(str(out / f"pharmacy-{name}-signin.png"))
    window.signin.staff_no.setText("1001")
    window.signin.password.setText("demo-1001")
    window.signin.button.click()
    screen = window.counter_screen
    wait_for(lambda: bool(screen.queue.entries))
    pump()
    window.grab().save(str(out / f"pharmacy-{name}-queue.png"))
    screen.queue.call_next_button.click()
    wait_for(lambda: "已呼叫" in screen.notice.text())
    window.handle_scan(ScanEvent(server.code(patient["health_card_id"]), SourceKind.SERIAL))
    wait_for(lambda: screen.found is not None)
    pump()
    window.grab().save(str(out / f"pharmacy-{name}-patient.png"))
    items = screen.found.items
    first = items[0]
    window.handle_scan(ScanEvent(boxes(server, first.drug_code)[0]["code"], SourceKind.SERIAL))
    window.handle_scan(ScanEvent(boxes(server, "YP00101")[0]["code"], SourceKind.SERIAL))
    window.handle_scan(ScanEvent(boxes(server, first.drug_code, "expired")[0]["code"], SourceKind.SERIAL))
    window.handle_scan(ScanEvent(boxes(server, first.drug_code, "dispensed")[0]["code"], SourceKind.SERIAL))
    wait_for(lambda: screen.scans.table.rowCount() == 4 and not screen.busy)
    pump()
    window.grab().save(str(out / f"pharmacy-{name}-refused.png"))
    for item in items:
        have = screen.verifier.count(item.item_id)
        for box in boxes(server, item.drug_code, limit=item.qty + 1)[have:item.qty]:
            window.handle_scan(ScanEvent(box["code"], SourceKind.SERIAL))
            wait_for(lambda: not screen.busy)
    wait_for(lambda: screen.dispense_button.isEnabled())
    pump()
    window.grab().save(str(out / f"pharmacy-{name}-verified.png"))
    screen.dispense_button.click()
    wait_for(lambda: "已打印" in screen.notice.text() or "失败" in screen.notice.text())
    pump()
    window.grab().save(str(out / f"pharmacy-{name}-dispensed.png"))
    window.lock()
    pump()
    window.grab().save(str(out / f"pharmacy-{name}-locked.png"))
    window.close()
    pump(500)
    client.close()
    window.deleteLater()
    pump()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        import os

        os.environ["KIOSK_DATA_DIR"] = str(data)
        server = GatewayProcess(data / "gateway.sqlite")
        try:
            patients = server.demo_patients(8)
            for (name, size), position in zip(SIZES.items(), (1, 5), strict=True):
                shoot(app, server, patients[position], name, size, out, data)
        finally:
            stopped(server)
    return 0


if __name__ == "__main__":
    run(main)
