"""Health services end to end: the family-doctor contract, asking a team to sign (once), the
health record only after on-screen consent recorded at the gateway (declining shows
nothing), chronic-prescription renewal (once), and the record gone when the session ends."""

from __future__ import annotations

import re

import pytest

from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.models import Visit
from kiosk.usecases.health import HealthAPI
from tests.ui.flows import click, current, identify, open_service, wait_for_screen
from tests.ui.services import patient_services as ps
from ui.screens.generic import ChoiceScreen, NoticeScreen, SummaryScreen
from ui.services.cards import ListScreen

pytestmark = pytest.mark.gateway


def open_health(kiosk, qtbot, item: str):
    open_service(kiosk, qtbot, "health")
    menu = wait_for_screen(kiosk, qtbot, ChoiceScreen)
    assert len(menu.buttons) == 3
    ps.press(qtbot, kiosk, item)
    return menu, ps.wait_away(qtbot, kiosk, menu)


def test_current_family_doctor_contract(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.CRITICAL)
    _, screen = open_health(kiosk, qtbot, "家庭医生")
    assert isinstance(screen, SummaryScreen)
    shown = ps.texts(screen)
    assert "您的家庭医生" in shown and "有效期至" in shown
    # The number to call is whole, right above "请联系您的家庭医生".
    assert re.search(r"010-6[0-9]{7}", shown) and "****" not in shown
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_ask_a_team_to_sign_once(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.PENDING)
    _, teams = open_health(kiosk, qtbot, "家庭医生")
    assert isinstance(teams, ChoiceScreen) and teams.buttons
    click(qtbot, teams.buttons[0])
    confirm = ps.wait_away(qtbot, kiosk, teams)
    click(qtbot, confirm.action)
    done = ps.wait_text(qtbot, kiosk, "签约申请已提交")
    click(qtbot, done.action)  # Done
    assert current(kiosk).__class__.__name__ == "PatientScreen"
    info = gateway.get("/api/v1/patients/me/family-doctor", headers=ps.visit_headers(gateway, card)).json()
    assert info["pending_request"]["status"] == "submitted"
    # Next time the kiosk says it is in review rather than offering the teams again.
    _, again = open_health(kiosk, qtbot, "家庭医生")
    assert "签约申请审核中" in ps.texts(again)
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_health_record_only_after_consent(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.EVERYTHING)
    record = ps.record_of(gateway, card)
    menu, consent = open_health(kiosk, qtbot, "健康档案")
    assert isinstance(consent, ListScreen)
    assert "敏感个人信息" in ps.texts(consent)
    # Declining goes back and reads nothing; the gateway still refuses the record.
    ps.press(qtbot, kiosk, "不同意")
    assert current(kiosk) is menu
    visit = kiosk.session.visit
    refused = gateway.get("/api/v1/patients/me/health-record", headers={"X-Visit-Token": visit.token})
    assert refused.status_code == 403
    ps.press(qtbot, kiosk, "健康档案")
    consent = ps.wait_away(qtbot, kiosk, menu)
    ps.press(qtbot, kiosk, "同意并查看")
    summary = ps.wait_text(qtbot, kiosk, "健康档案摘要")
    shown = ps.texts(summary)
    assert "磺胺类药物" in shown and "高血压" in shown and "近期就诊" in shown
    allowed = gateway.get("/api/v1/patients/me/health-record", headers={"X-Visit-Token": visit.token})
    assert allowed.status_code == 200  # the consent was recorded at the gateway
    click(qtbot, summary.nav.back_button)
    assert current(kiosk) is menu  # not back onto the consent screen
    ps.end_and_check_wiped(kiosk, qtbot, record, "磺胺类药物")


def test_chronic_renewal_once(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.EVERYTHING)
    _, listing = open_health(kiosk, qtbot, "慢病续方")
    # Only what was taken home: today's amlodipine still waits at the window.
    assert isinstance(listing, ChoiceScreen) and len(listing.buttons) == 1
    assert "苯磺酸氨氯地平片" not in ps.texts(listing)
    ps.press(qtbot, kiosk, "阿托伐他汀")
    confirm = ps.wait_away(qtbot, kiosk, listing)
    click(qtbot, confirm.action)
    ps.wait_text(qtbot, kiosk, "续方申请已提交")
    kiosk.window.services.patient_home()
    # A second request for the same prescription in a new visit to the service: in review.
    _, listing = open_health(kiosk, qtbot, "慢病续方")
    ps.press(qtbot, kiosk, "阿托伐他汀")
    confirm = ps.wait_away(qtbot, kiosk, listing)
    click(qtbot, confirm.action)
    notice = wait_for_screen(kiosk, qtbot, NoticeScreen)
    assert "无需重复申请" in ps.texts(notice)
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_no_chronic_prescriptions_is_said_plainly(make_kiosk, gateway, qtbot):
    kiosk = make_kiosk(gateway.url, gateway.token)
    card = identify(kiosk, qtbot, gateway, ps.NOTHING)
    _, listing = open_health(kiosk, qtbot, "慢病续方")
    assert isinstance(listing, ChoiceScreen) and not listing.buttons
    assert "没有可以在这里续开" in ps.texts(listing)
    ps.end_and_check_wiped(kiosk, qtbot, ps.record_of(gateway, card))


def test_a_retried_request_is_filed_once(gateway, tmp_path):
    """The same intent sent twice (a lost reply) is one request at the gateway."""
    client = GatewayClient(gateway.url, gateway.token, retries=0, timeout_s=5)
    intents = IntentStore(tmp_path / "intents.db")
    try:
        card = [p for p in gateway.demo_patients(10) if p["status"] == "active"][ps.NOTHING]
        visit = Visit(ps.visit_headers(gateway, card)["X-Visit-Token"])
        api = HealthAPI(client, intents)
        first = api.request_signing(visit, "flow-1", "T02")
        again = api.request_signing(visit, "flow-1", "T02")
        assert first.request_id == again.request_id
    finally:
        client.close()
        intents.close()
