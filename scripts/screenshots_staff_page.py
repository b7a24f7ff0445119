"""Screenshots of the gateway's staff help page in headless Chromium (no X display needed).

    .venv/bin/python scripts/screenshots_staff_page.py [out]

Starts a private reference gateway, posts three kiosks' calls, lets one wait past the
overdue time and answers another, then shoots the sign-in form (with a wrong password's
error) and the list at a desk monitor's size and a phone's.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testbed.browser import chromium  # noqa: E402
from testbed.gateway_process import GatewayProcess  # noqa: E402

OUT = ROOT / "out" / "screenshots"
SIZES = {"desk": (1280, 720), "phone": (390, 844)}
CALLS = (("KIOSK-OP1-01", "payment.bills", 200), ("KIOSK-OP1-03", "reports.print", 40),
         ("KIOSK-IP2-01", "home", 10))


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        server = GatewayProcess(Path(folder) / "gw.sqlite")
        try:
            device = {"Authorization": f"Bearer {server.token}"}
            ids = []
            for n, (terminal, screen, waited) in enumerate(CALLS):
                asked = server.post("/api/v1/help-requests", json={"terminal_id": terminal, "screen": screen,
                                                                   "waited_s": waited},
                                    headers={**device, "Idempotency-Key": f"shot-call-{n}"})
                ids.append(asked.json()["request_id"])
            server.advance(150)  # the first two are overdue by now, unless answered
            staff = server.staff_headers()
            server.post(f"/api/v1/help-requests/{ids[1]}/acknowledge",
                        headers={**staff, "Idempotency-Key": "shot-acknowledge"})
            with chromium() as browser:
                for name, (width, height) in SIZES.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(f"{server.url}/staff/help")
                    page.fill("input[name=staff_no]", "1001")
                    page.fill("input[name=password]", "wrong")
                    page.click("button[type=submit]")
                    page.locator("#error:not(:empty)").wait_for()
                    page.screenshot(path=str(out / f"staff-page-{name}-1-sign-in.png"))
                    page.fill("input[name=password]", "demo-1001")
                    page.click("button[type=submit]")
                    page.locator("#requests tbody tr").nth(len(CALLS) - 1).wait_for()
                    page.screenshot(path=str(out / f"staff-page-{name}-2-requests.png"), full_page=True)
                    page.close()
        finally:
            server.stop()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
