"""The staff help page in a real browser (headless Chromium) against a real gateway: a
member of staff signs in, sees the kiosk's call appear, answers it and closes it, and the
kiosk side reads each step back. The page's script runs under its own strict CSP here, so
an inline script or a blocked request would break this test, not only a patient's wait.
(Waits go through locators: the CSP refuses the string evaluation ``wait_for_function``
would need.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from testbed.browser import chromium

pytestmark = pytest.mark.gateway

BODY = {"terminal_id": "KIOSK-OP1-03", "screen": "reports.print", "waited_s": 40}


def status_of(server, request_id: str) -> str:
    answer = server.get(f"/api/v1/help-requests/{request_id}",
                        headers={"Authorization": f"Bearer {server.token}"})
    assert answer.status_code == 200, answer.text
    return answer.json()["status"]


def test_staff_answer_and_close_a_call_in_a_browser(start_gateway):
    server = start_gateway()
    asked = server.post("/api/v1/help-requests", json=BODY,
                        headers={"Authorization": f"Bearer {server.token}", "Idempotency-Key": "browser-ask-1"})
    assert asked.status_code == 201, asked.text
    request_id = asked.json()["request_id"]
    refused: list[str] = []  # answers of 400 and over
    broken: list[str] = []  # the page's script failing, a CSP violation among them

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.on("response", lambda r: refused.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)
        page.on("pageerror", lambda e: broken.append(str(e)))
        # A failed fetch is also a console error; those are in ``refused`` already.
        page.on("console", lambda m: broken.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.goto(f"{server.url}/staff/help")
        page.fill("input[name=staff_no]", "1001")
        page.fill("input[name=password]", "wrong-password")
        page.click("button[type=submit]")
        expect(page.locator("#error")).not_to_be_empty()
        assert refused == [f"401 POST {server.url}/staff/help/session"]
        refused.clear()
        assert page.locator("#requests").count() == 0  # still the sign-in form

        page.fill("input[name=staff_no]", "1001")
        page.fill("input[name=password]", "demo-1001")
        page.click("button[type=submit]")
        row = page.locator("#requests tbody tr", has_text="KIOSK-OP1-03")
        row.wait_for()
        assert "reports.print" in row.inner_text() and "待响应" in row.inner_text()

        row.get_by_role("button", name="响应 / On my way").click()
        expect(row.locator(".state")).to_contain_text("已响应")
        assert status_of(server, request_id) == "acknowledged"

        row.get_by_role("button", name="完成 / Close").click()
        page.locator("#empty").wait_for()
        assert status_of(server, request_id) == "closed"
        assert page.locator("#requests").is_hidden()

        page.click("#sign-out")
        page.locator("form#signin").wait_for()
    assert not refused, f"the page met refusals: {refused}"
    assert not broken, f"the page's script reported errors: {broken}"
