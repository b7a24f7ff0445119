"""The demo phone pages: a health-card screen with a live QR code."""

import re

import pytest
import requests

pytestmark = pytest.mark.gateway


def test_index_lists_masked_cards(gateway_server, demo_people):
    page = requests.get(gateway_server.url + "/ehc/", timeout=5)
    assert page.status_code == 200
    assert page.text.count('href="/ehc/cards/') == len(demo_people)
    assert "已注销" in page.text and "本院未建档" in page.text
    full_names = [p.name for p in demo_people if len(p.name) >= 2]
    assert not any(name in page.text for name in full_names)


def test_card_page_shows_a_working_dynamic_code(gateway_server, demo_people):
    person = next(p for p in demo_people if p.patient_id and p.card_status == "active")
    page = requests.get(f"{gateway_server.url}/ehc/cards/{person.health_card_id}", timeout=5)
    assert page.status_code == 200
    assert "电子健康卡" in page.text and "<svg" in page.text
    assert person.name not in page.text and person.id_number not in page.text
    assert person.id_number[:6] + "********" + person.id_number[-4:] in page.text
    code = requests.get(
        f"{gateway_server.url}/ehc/cards/{person.health_card_id}/code.json", timeout=5
    ).json()
    assert re.fullmatch(person.health_card_id + r":0:[0-9A-F]{32}", code["text"])
    assert code["svg"].startswith("<svg") and code["lifetime_s"] == 60
    identified = gateway_server.identify(code["text"]).json()
    assert identified["patient"]["patient_id"] == person.patient_id
    for asset in ("card.js", "ehc.css"):
        assert requests.get(f"{gateway_server.url}/ehc/static/{asset}", timeout=5).ok


def test_cancelled_card_page(gateway_server, demo_people):
    person = next(p for p in demo_people if p.card_status == "cancelled")
    page = requests.get(f"{gateway_server.url}/ehc/cards/{person.health_card_id}", timeout=5)
    assert "该卡已注销" in page.text and "<svg" not in page.text


@pytest.mark.parametrize(("card", "status", "zh"), [
    ("0" * 64, 404, "健康卡不存在"),
    ("not-a-card", 422, "请求参数错误"),
])
def test_a_refused_card_page_is_a_page_as_documented(gateway_server, card, status, zh):
    """A phone's browser shows what it is given: the refusal is a page in both languages,
    and the served document says text/html for it (schemathesis checks every page too)."""
    page = requests.get(f"{gateway_server.url}/ehc/cards/{card}", timeout=5)
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert zh in page.text and "<h1>" in page.text
    spec = requests.get(gateway_server.url + "/openapi.json", timeout=5).json()
    documented = spec["paths"]["/ehc/cards/{health_card_id}"]["get"]["responses"][str(status)]
    assert list(documented["content"]) == ["text/html"]
    # The page's own script reads JSON: its refusals stay the envelope.
    code = requests.get(f"{gateway_server.url}/ehc/cards/{'0' * 64}/code.json", timeout=5)
    assert code.status_code == 404 and code.json()["error"]["code"] == "unknown_code"
