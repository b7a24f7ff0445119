"""The staff help page: only a signed-in staff member gets the list and may answer requests;
the session lives in a locked-down cookie; every answer carries a strict CSP."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.core.settings import Settings
from gateway.pages.staff_help import COOKIE, CSP
from gateway.store.staff import seed_staff
from testbed.addresses import JUST_ABOVE, JUST_BELOW, NEXT_TO_V6_LOOPBACK
from tests.gateway.service_client import TOKEN, Clock, error_code, key

PAGE = "/staff/help"
KIOSK = {"Authorization": f"Bearer {TOKEN}"}
BODY = {"terminal_id": "KIOSK-OP1-03", "screen": "reports.print", "waited_s": 40}
STATIC = resources.files("gateway.pages") / "static"


@pytest.fixture
def app(tmp_path):
    # No --demo: the page is part of every gateway; only the staff accounts are seeded here.
    app = create_app(Settings(db_path=tmp_path / "gw.sqlite", device_tokens=(TOKEN,)), Clock())
    with app.state.gateway.db.transaction() as conn:
        seed_staff(conn)
    return app


@pytest.fixture
def browser(app):
    """A browser on the hospital network: no device token, HTTPS (the cookie is Secure)."""
    with TestClient(app, base_url="https://testserver",
                    headers={"Origin": "https://testserver"}) as client:
        yield client


def _sign_in(browser, staff_no="1001", password=None):
    return browser.post(f"{PAGE}/session", json={"staff_no": staff_no,
                                                 "password": password or f"demo-{staff_no}"})


def _ask(browser) -> str:
    asked = browser.post("/api/v1/help-requests", json=BODY, headers=key(KIOSK))
    assert asked.status_code == 201, asked.text
    return asked.json()["request_id"]


def _secured(response) -> None:
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_without_a_session_only_the_sign_in_form(browser):
    _ask(browser)
    page = browser.get(PAGE)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    _secured(page)
    assert 'id="signin"' in page.text and 'id="requests"' not in page.text
    assert "KIOSK-OP1-03" not in page.text
    for method, path in (("GET", f"{PAGE}/requests"),
                         ("POST", f"{PAGE}/requests/H0000000000000000/close"),
                         ("DELETE", f"{PAGE}/session")):
        refused = browser.request(method, path, headers=key())
        assert error_code(refused, 401) == "staff_session_expired", path
        _secured(refused)
    _secured(browser.get(f"{PAGE}/nowhere"))


def test_sign_in_sets_a_locked_down_cookie_and_serves_the_list(browser):
    wrong = _sign_in(browser, password="not-it")
    assert error_code(wrong, 401) == "bad_credentials" and "set-cookie" not in wrong.headers
    signed_in = _sign_in(browser)
    assert signed_in.status_code == 201, signed_in.text
    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
        assert attribute in cookie
    token = browser.cookies[COOKIE]
    assert token not in signed_in.text  # scripts never see the session
    assert signed_in.json()["staff"]["name"] == "陈静"
    page = browser.get(PAGE)
    _secured(page)
    assert 'id="requests"' in page.text and "陈静" in page.text and 'id="signin"' not in page.text
    # The page's session is the page's: a workstation cannot act with it.
    api = browser.get("/api/v1/help-requests", headers={**KIOSK, "X-Staff-Session": token})
    assert error_code(api, 401) == "staff_session_expired"


def test_staff_answer_requests_on_the_page(browser):
    request_id = _ask(browser)
    _sign_in(browser)
    listed = browser.get(f"{PAGE}/requests")
    assert listed.status_code == 200, listed.text
    assert [r["request_id"] for r in listed.json()["requests"]] == [request_id]
    idem = key()
    taken = browser.post(f"{PAGE}/requests/{request_id}/acknowledge", headers=idem)
    assert taken.status_code == 200 and taken.json()["acknowledged_by"] == "陈静"
    replay = browser.post(f"{PAGE}/requests/{request_id}/acknowledge", headers=idem)
    assert replay.json() == taken.json() and replay.headers["Idempotent-Replayed"] == "true"
    followed = browser.get(f"/api/v1/help-requests/{request_id}", headers=KIOSK).json()
    assert (followed["status"], followed["acknowledged_by"]) == ("acknowledged", "陈静")
    closed = browser.post(f"{PAGE}/requests/{request_id}/close", headers=key())
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = browser.post(f"{PAGE}/requests/{request_id}/close", headers=key())
    assert error_code(again, 409) == "help_request_closed"
    assert browser.get(f"{PAGE}/requests").json()["requests"] == []
    unkeyed = browser.post(f"{PAGE}/requests/{request_id}/close")
    assert error_code(unkeyed, 400) == "idempotency_key_required"


def test_changes_from_another_site_are_refused(browser):
    request_id = _ask(browser)
    foreign = {"Origin": "https://elsewhere.example"}
    assert error_code(browser.post(f"{PAGE}/session", headers=foreign, json={
        "staff_no": "1001", "password": "demo-1001"}), 403) == "foreign_origin"
    _sign_in(browser)
    refused = browser.post(f"{PAGE}/requests/{request_id}/acknowledge", headers=key(foreign))
    assert error_code(refused, 403) == "foreign_origin"
    assert browser.get(f"/api/v1/help-requests/{request_id}", headers=KIOSK).json()[
        "status"] == "open"
    # Behind a TLS proxy the browser's host may come as X-Forwarded-Host.
    proxied = {"Origin": "https://help.hospital.example",
               "X-Forwarded-Host": "help.hospital.example"}
    taken = browser.post(f"{PAGE}/requests/{request_id}/acknowledge", headers=key(proxied))
    assert taken.status_code == 200, taken.text


def test_a_session_is_its_cookie_not_the_address_it_came_from(app, browser):
    # Behind a reverse proxy (or NAT) the address a request arrives from is not the
    # browser's and may change: the session is the cookie's token and its record here.
    _sign_in(browser)
    token = browser.cookies[COOKIE]
    with TestClient(app, base_url="https://testserver", client=(JUST_ABOVE, 50000),
                    cookies={COOKIE: token}) as proxied:
        assert proxied.get(f"{PAGE}/requests").status_code == 200
    # A token the page never issued, or a workstation's staff session, opens nothing.
    workstation = browser.post("/api/v1/staff/sessions", headers=KIOSK,
                               json={"staff_no": "1001", "password": "demo-1001"})
    assert workstation.status_code == 201, workstation.text
    for forged in ("not-a-session", workstation.json()["staff_session"]):
        with TestClient(app, base_url="https://testserver", cookies={COOKIE: forged}) as other:
            assert error_code(other.get(f"{PAGE}/requests"), 401) == "staff_session_expired"


def _guess_from(app, peer: str, forwarded: str | None = None):
    headers = {"Origin": "https://testserver"} | (
        {"X-Forwarded-For": forwarded} if forwarded else {})
    with TestClient(app, base_url="https://testserver", client=(peer, 50000),
                    headers=headers) as client:
        return _sign_in(client, password="guess")


def test_sign_in_failures_are_counted_per_client_behind_trusted_proxies_only(tmp_path):
    proxy, browser_a, browser_b = JUST_ABOVE, JUST_BELOW, NEXT_TO_V6_LOOPBACK
    app = create_app(Settings(db_path=tmp_path / "gw.sqlite", device_tokens=(TOKEN,),
                              trusted_proxies=(proxy,)), Clock())
    with app.state.gateway.db.transaction() as conn:
        seed_staff(conn)
    for _ in range(5):
        assert error_code(_guess_from(app, proxy, browser_a), 401) == "bad_credentials"
    assert error_code(_guess_from(app, proxy, browser_a), 429) == "too_many_attempts"
    # Another browser behind the same proxy is not locked out by the first one's guesses.
    assert error_code(_guess_from(app, proxy, browser_b), 401) == "bad_credentials"
    # A peer that is no trusted proxy cannot choose its address by the header: its guesses
    # count against its own (browser_b had one already, through the proxy).
    statuses = [_guess_from(app, browser_b, f"{browser_a}, {n}").status_code for n in range(5)]
    assert statuses == [401, 401, 401, 401, 429]


def test_failed_sign_ins_are_limited(browser):
    for _ in range(5):
        assert error_code(_sign_in(browser, password="guess"), 401) == "bad_credentials"
    assert error_code(_sign_in(browser), 429) == "too_many_attempts"


def test_sign_out_ends_the_session(browser):
    _sign_in(browser)
    out = browser.delete(f"{PAGE}/session")
    assert out.status_code == 204 and f"{COOKIE}=" in out.headers["set-cookie"]
    assert 'id="signin"' in browser.get(PAGE).text
    assert error_code(browser.get(f"{PAGE}/requests"), 401) == "staff_session_expired"


def test_assets_are_the_pages_own_and_nothing_inline(browser):
    for name, kind in (("staff-help.js", "text/javascript"), ("staff-help.css", "text/css")):
        asset = browser.get(f"{PAGE}/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
        _secured(asset)
    for name in ("signin.html", "requests.html", "../staff_help.py"):
        assert browser.get(f"{PAGE}/static/{name}").status_code == 404, name
    for name in ("signin.html", "requests.html", "staff-help.js", "staff-help.css"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), name  # no CDN
        if name.endswith(".html"):
            scripts = re.findall(r"<script[^>]*>", text)
            assert scripts and all('src="/staff/help/static/' in s for s in scripts), name
            assert not re.search(r"\sstyle=|\son[a-z]+=", text), name  # no inline code
        if name.endswith(".js"):
            assert "innerHTML" not in text and "eval(" not in text
