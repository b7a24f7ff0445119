"""Self-registration: the offer at identify, and the keyed create-patient endpoint."""

import uuid

import pytest
from fastapi.testclient import TestClient
from stdnum.cn import ric

from gateway.app import create_app
from gateway.core.settings import Settings

TOKEN = "enrolment-token"
NOW = 1_800_000_000.0  # 2027-01-15 in Shanghai


def id_number(born: str, serial: str = "123") -> str:
    body = "110101" + born.replace("-", "") + serial
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("enrol") / "gw.sqlite"
    return create_app(Settings(db_path=path, device_tokens=(TOKEN,), demo=True,
                               identify_limit=1_000_000), lambda: NOW)


@pytest.fixture
def client(app):
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


def _unregistered_code(client) -> str:
    listing = client.get("/demo/v1/patients?limit=5").json()["patients"]
    card = next(p for p in listing if p["status"] == "unregistered")["health_card_id"]
    return client.post(f"/demo/v1/cards/{card}/codes", json={"kind": "dynamic"}).json()["text"]


def _create(client, body, key=None):
    return client.post("/api/v1/patients", json={"consent": True, **body},
                       headers={"Idempotency-Key": key or str(uuid.uuid4())})


def _id_card(number, name="王小明", **extra):
    born = ric.get_birth_date(number).isoformat()
    gender = "M" if int(number[16]) % 2 else "F"
    return {"source": "id_card", "name": name, "gender": gender, "nation": "01",
            "birth_date": born, "id_number": number, "address": "北京市东城区",
            "valid_to": "2035-01-01", **extra}


def test_a_known_resident_is_offered_registration_and_becomes_a_patient(client):
    code = _unregistered_code(client)
    refused = client.post("/api/v1/identify", json={"text": code, "source": "camera"})
    assert refused.status_code == 404
    error = refused.json()["error"]
    assert error["code"] == "not_registered"
    offer = error["detail"]["enrolment"]
    assert "*" in offer["name"] and "*" in offer["id_number"]
    assert "****" in offer["phone"] and offer["guardian_required"] is False

    key = str(uuid.uuid4())
    # No phone given: the platform's is kept.
    body = {"identity": {"source": "offer", "offer_id": offer["offer_id"]}, "phone": None}
    first = _create(client, body, key)
    assert first.status_code == 201, first.text
    made = first.json()
    assert made["created"] is True and made["matched_by"] == "enrolment"
    assert len(made["visit_card_barcode"]) == 10
    assert made["patient"]["visit_card_no"].endswith(made["visit_card_barcode"][-4:])
    # The same key again: the same answer, nothing created twice.
    again = _create(client, body, key)
    assert again.json() == made and again.headers["Idempotent-Replayed"] == "true"
    # A new intent for the same resident finds the record now.
    fresh = client.post("/api/v1/identify", json={"text": code, "source": "camera"})
    assert fresh.status_code == 200
    assert fresh.json()["patient"]["patient_id"] == made["patient"]["patient_id"]
    # The visit opened by registration reaches the patient's services.
    bills = client.get("/api/v1/patients/me/bills",
                       headers={"X-Visit-Token": made["visit_token"]})
    assert bills.status_code == 200


def test_an_offer_belongs_to_its_kiosk_and_expires(client, app):
    response = _create(client, {"identity": {"source": "offer", "offer_id": "not-an-offer-id"},
                                "phone": "13912345678"})
    assert response.json()["error"]["code"] == "enrolment_offer_unknown"


def test_an_id_card_read_registers_a_resident_without_a_health_card(client):
    number = id_number("1980-05-06", "451")
    response = _create(client, {"identity": _id_card(number), "phone": "13800001111"})
    assert response.status_code == 201, response.text
    made = response.json()
    assert made["health_card_registered"] is True
    assert made["patient"]["health_card_id"]  # a card was registered and bound
    # Already registered: that record, 200.
    again = _create(client, {"identity": _id_card(number), "phone": "13800001111"})
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["patient"]["patient_id"] == made["patient"]["patient_id"]
    assert again.json()["visit_card_barcode"] is None  # a name and an ID number fetch no card
    # The platform now knows the card: a code for it identifies the new patient.
    card = made["patient"]["health_card_id"]
    code = client.post(f"/demo/v1/cards/{card}/codes", json={"kind": "static"}).json()["text"]
    found = client.post("/api/v1/identify", json={"text": code, "source": "camera"}).json()
    assert found["patient"]["patient_id"] == made["patient"]["patient_id"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"phone": "12345"}, "invalid_phone"),
        ({"phone": None}, "invalid_phone"),  # an ID card carries no phone to keep
        ({"consent": False}, "consent_required"),
        ({"identity": {"valid_to": "2020-01-01"}}, "id_card_expired"),
        ({"identity": {"birth_date": "1981-05-06"}}, "identity_mismatch"),
    ],
)
def test_clear_refusals(client, change, code):
    number = id_number("1975-02-03", "672")
    body = {"identity": _id_card(number), "phone": "13800002222"}
    for key, value in change.items():
        if isinstance(value, dict):
            body[key] = {**body[key], **value}
        else:
            body[key] = value
    response = _create(client, body)
    assert response.status_code in (409, 422), response.text
    assert response.json()["error"]["code"] == code


def test_a_registered_id_number_with_another_name_is_a_mismatch(client):
    number = id_number("1990-07-08", "135")
    assert _create(client, {"identity": _id_card(number), "phone": "13800003333"}).status_code == 201
    other = _create(client, {"identity": _id_card(number, name="李四"), "phone": "13800003333"})
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "identity_mismatch"


def test_children_and_newborns_need_an_adult_guardian(client):
    child = id_number("2018-03-04", "218")
    body = {"identity": _id_card(child, name="王小小"), "phone": "13800004444"}
    assert _create(client, body).json()["error"]["code"] == "guardian_required"
    minor = {"name": "王大", "id_number": id_number("2012-01-01", "311")}
    assert _create(client, {**body, "guardian": minor}).json()["error"]["code"] == "guardian_invalid"
    parent = {"name": "王大明", "id_number": id_number("1985-01-01", "311")}
    assert _create(client, {**body, "guardian": parent}).status_code == 201

    newborn = {"source": "birth_certificate", "name": "王宝宝", "gender": "F",
               "birth_date": "2027-01-10", "certificate_no": "P123456789"}
    refused = _create(client, {"identity": newborn, "phone": "13800004444"})
    assert refused.json()["error"]["code"] == "guardian_required"
    made = _create(client, {"identity": newborn, "phone": "13800004444", "guardian": parent})
    assert made.status_code == 201, made.text
    assert made.json()["patient"]["id_type"] == "08"


def _enrol(born: str) -> dict:
    return {"identity": _id_card(id_number(born)), "phone": "13800001111"}


def test_create_patient_is_under_identifys_limit_per_device(tmp_path):
    # Answering an identity with its record is a lookup: repeated, it is a guess and counts
    # like an unmatched identify; a record made does not.
    app = create_app(Settings(db_path=tmp_path / "gw.sqlite", device_tokens=(TOKEN, "other"),
                              demo=True, identify_limit=2, identify_window_s=60), lambda: NOW)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        made = [_create(client, _enrol(f"1990-03-0{n}")) for n in range(1, 5)]
        assert [r.status_code for r in made] == [201] * 4
        known = _enrol("1990-03-01")
        assert [_create(client, known).status_code for _ in range(2)] == [200, 200]
        refused = _create(client, known)
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "too_many_identify_attempts"
        assert client.post("/api/v1/identify", json={"text": "9000000001", "source": "manual"}
                           ).status_code == 429  # the same window as identify's
        other = client.post("/api/v1/patients", json={"consent": True, **known},
                            headers={"Idempotency-Key": str(uuid.uuid4()),
                                     "Authorization": "Bearer other"})
        assert other.status_code == 200  # per device
