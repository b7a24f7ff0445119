"""Every identify path and every error, against the real gateway process."""

import pytest
from stdnum.cn import ric

pytestmark = pytest.mark.gateway


@pytest.fixture(scope="module")
def listing(gateway_server):
    return gateway_server.demo_patients(limit=30)


def _first(listing, status, **extra):
    return next(
        p for p in listing if p["status"] == status and all(p[k] == v for k, v in extra.items())
    )


def _ok(gateway_server, text, matched_by):
    response = gateway_server.identify(text)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["matched_by"] == matched_by
    return body["patient"]


def _error(gateway_server, text, status, code):
    response = gateway_server.identify(text)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"] and error["message_zh"]
    # Never echo the scan.
    assert text.strip() not in response.text
    return error


def test_every_identifier_resolves_to_the_same_patient(gateway_server, listing, demo_people):
    card = _first(listing, "active", insured=True)["health_card_id"]
    person = next(p for p in demo_people if p.health_card_id == card)
    by_static = _ok(gateway_server, gateway_server.code(card, kind="static"), "ehc_static")
    by_dynamic = _ok(gateway_server, gateway_server.code(card), "ehc_dynamic")
    by_id = _ok(gateway_server, person.id_number, "id_number")
    by_visit = _ok(gateway_server, person.visit_card_no, "visit_card")
    voucher = gateway_server.code(card, kind="insurance")
    by_voucher = _ok(gateway_server, voucher, "insurance_voucher")
    assert by_static == by_dynamic == by_id == by_visit == by_voucher
    assert by_static["health_card_id"] == card
    assert by_static["insurance"] == {
        "insured": True,
        "insurance_no": by_static["id_number"],
        "region": by_static["insurance"]["region"],
    }


def test_identity_leaves_masked(gateway_server, listing, demo_people):
    """The kiosk shows and prints only masked forms, so it is given nothing else."""
    card = _first(listing, "active", insured=True)["health_card_id"]
    person = next(p for p in demo_people if p.health_card_id == card)
    response = gateway_server.identify(gateway_server.code(card))
    patient = response.json()["patient"]
    assert patient["id_number"] == person.id_number[:6] + "*" * 8 + person.id_number[-4:]
    assert patient["insurance"]["insurance_no"] == patient["id_number"]
    assert patient["visit_card_no"] == "*" * 6 + person.visit_card_no[-4:]
    assert patient["name"][0] == person.name[0] and "*" in patient["name"]
    for secret in (person.name, person.id_number, person.visit_card_no):
        assert secret not in response.text


def test_patient_shape(gateway_server, listing):
    patient = _ok(gateway_server, gateway_server.code(listing[0]["health_card_id"]), "ehc_dynamic")
    assert set(patient) == {
        "patient_id", "name", "gender", "birth_date", "age", "id_type", "id_number",
        "health_card_id", "visit_card_no", "insurance",
    }
    assert patient["id_type"] == "01"
    assert patient["patient_id"].startswith("P") and len(patient["patient_id"]) == 9
    assert len(patient["visit_card_no"]) == 10 and patient["visit_card_no"][-4:].isdigit()
    assert patient["gender"] in ("M", "F")


@pytest.mark.parametrize("org_code", ["5100A0013", "35020001001"])
@pytest.mark.parametrize("kind", ["static", "dynamic"])
def test_org_code_suffix_is_accepted(gateway_server, listing, kind, org_code):
    text = gateway_server.code(listing[1]["health_card_id"], kind=kind, org_code=org_code)
    assert text.endswith("::" + org_code)
    assert _ok(gateway_server, text, "ehc_" + kind)["health_card_id"] == listing[1][
        "health_card_id"
    ]


def test_scanner_noise_is_tolerated(gateway_server, listing):
    text = gateway_server.code(listing[2]["health_card_id"])
    _ok(gateway_server, text.lower() + "\r\n", "ehc_dynamic")


def test_legacy_15_digit_id(gateway_server, demo_people):
    person = next(p for p in demo_people if p.legacy_id_number and p.card_status == "active")
    patient = _ok(gateway_server, person.legacy_id_number, "id_number")
    assert patient["id_number"] == person.id_number[:6] + "*" * 8 + person.id_number[-4:]
    assert patient["health_card_id"] == person.health_card_id


def test_expired_dynamic_code(gateway_server, listing):
    text = gateway_server.code(listing[0]["health_card_id"], age_s=61)
    error = _error(gateway_server, text, 410, "expired_code")
    assert error["message_zh"] == "有效时间已过期"


def test_expired_insurance_voucher(gateway_server, listing):
    card = _first(listing, "active", insured=True)["health_card_id"]
    _error(gateway_server, gateway_server.code(card, kind="insurance", age_s=600), 410,
           "expired_code")


@pytest.mark.parametrize("kind", ["static", "dynamic"])
def test_cancelled_card(gateway_server, listing, kind):
    card = _first(listing, "cancelled")["health_card_id"]
    error = _error(gateway_server, gateway_server.code(card, kind=kind), 403, "card_cancelled")
    assert error["message_zh"] == "该卡已注销"


def test_cancelled_card_holder_still_found_by_id_without_the_card(gateway_server, demo_people):
    person = next(p for p in demo_people if p.card_status == "cancelled")
    patient = _ok(gateway_server, person.id_number, "id_number")
    assert patient["patient_id"] == person.patient_id
    assert patient["health_card_id"] is None


@pytest.mark.parametrize("kind", ["static", "dynamic"])
def test_unregistered_resident(gateway_server, listing, kind):
    card = _first(listing, "unregistered")["health_card_id"]
    error = _error(gateway_server, gateway_server.code(card, kind=kind), 404, "not_registered")
    assert error["message_zh"] == "该居民未注册"


def test_unregistered_resident_by_id_number(gateway_server, demo_people):
    person = next(p for p in demo_people if p.patient_id is None)
    _error(gateway_server, person.id_number, 404, "not_registered")


def test_no_voucher_for_uninsured_or_unregistered(gateway_server, listing):
    uninsured = _first(listing, "active", insured=False)["health_card_id"]
    response = gateway_server.post(f"/demo/v1/cards/{uninsured}/codes", {"kind": "insurance"})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "not_insured")
    unregistered = _first(listing, "unregistered")["health_card_id"]
    response = gateway_server.post(f"/demo/v1/cards/{unregistered}/codes", {"kind": "insurance"})
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_registered")


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "A" * 64 + ":2",
        "A" * 64 + ":0:" + "B" * 31,
        "A" * 63 + ":1",
        "NHSA" + "0" * 31,
        "12345",
        "https://example.org/?q=1",
        "11010119900307123",  # 17 digits
        "110101199002307127",  # 30 February
    ],
)
def test_malformed(gateway_server, text):
    error = _error(gateway_server, text, 400, "malformed_code")
    assert error["message_zh"] == "二维码错误"


def test_bad_check_character(gateway_server, demo_people):
    number = demo_people[0].id_number
    wrong = next(c for c in "0123456789X" if c != number[-1])
    _error(gateway_server, number[:-1] + wrong, 400, "malformed_code")


def test_unknown_codes(gateway_server, listing, demo_people):
    known = {p.id_number for p in demo_people}
    body = "110101" + "19900307" + "123"
    stranger = body + ric.calc_check_digit(body + "0")
    assert stranger not in known
    _error(gateway_server, stranger, 404, "unknown_code")
    _error(gateway_server, "9999999999", 404, "unknown_code")
    _error(gateway_server, "F" * 64 + ":1", 404, "unknown_code")
    error = _error(gateway_server, "F" * 64 + ":0:" + "A" * 32, 404, "unknown_code")
    assert error["message_zh"] == "健康卡不存在"
    _error(gateway_server, "NHSA" + "A" * 32, 404, "unknown_code")
    # A real token presented with another card's id.
    token = gateway_server.code(listing[0]["health_card_id"]).split(":")[2]
    _error(gateway_server, f"{listing[1]['health_card_id']}:0:{token}", 404, "unknown_code")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": "", "source": "demo"},
        {"text": "x" * 513, "source": "demo"},
        {"text": "0002000005", "source": "bluetooth"},
        {"text": 42, "source": "demo"},
        [],
    ],
)
def test_validation_errors_use_the_envelope(gateway_server, body):
    response = gateway_server.post("/api/v1/identify", body)
    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "invalid_request",
            "message": "The request body or parameters are invalid.",
            "message_zh": "请求参数错误",
        }
    }


def test_not_json(gateway_server):
    response = gateway_server.post(
        "/api/v1/identify", data=b"\xff\xfe{", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
