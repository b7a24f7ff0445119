"""Paying by the payment code the patient shows (付款码) over the real socket: a charge at
once, one that waits for the password, one refused, one reversed; repeats never charge
twice; bad input is a clear 4xx that changes nothing; the code is kept nowhere."""

import pytest

from tests.gateway.service_client import error_code, key, rows

pytestmark = pytest.mark.gateway


@pytest.fixture(scope="module")
def gateway_server(private_gateway):
    return private_gateway


@pytest.fixture
def order(gateway_server):
    """A registration-free order: a pre-settlement of one patient's unpaid bills."""

    def make(index: int = 0):
        people = gateway_server.scenarios()["unpaid_bills"]
        headers = gateway_server.visit(people[-1 - index]["health_card_id"])
        bills = gateway_server.get(
            "/api/v1/patients/me/bills", params={"status": "unpaid"}, headers=headers
        ).json()["bills"]
        preview = gateway_server.post(
            "/api/v1/settlements/previews",
            {"bill_ids": [bills[0]["bill_id"]], "insurance_voucher": None},
            headers=key(headers),
        ).json()
        made = gateway_server.post(
            "/api/v1/payments",
            {
                "purpose": "bills",
                "reference": preview["preview_id"],
                "amount_fen": preview["self_pay_fen"],
            },
            headers=key(headers),
        )
        assert made.status_code == 201, made.text
        return headers, made.json(), preview

    yield make
    gateway_server.next_charge("pass")


def charge(server, headers, payment_id, code, idem=None):
    return server.post(
        f"/api/v1/payments/{payment_id}/code", {"payment_code": code}, headers=idem or key(headers)
    )


def provider(server, payment_id):
    return rows(
        server.db_path,
        "SELECT state, amount_fen, kind FROM provider_charges WHERE out_trade_no = ?",
        payment_id,
    )


def test_a_charge_succeeds_once_and_pays_the_order(gateway_server, order):
    headers, made, preview = order(0)
    code = gateway_server.payment_code("alipay")
    idem = key(headers)
    first = charge(gateway_server, headers, made["payment_id"], code, idem)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "success" and first.json()["method"] == "alipay"
    # The reply lost and the kiosk retries: the same answer, no second charge.
    again = charge(gateway_server, headers, made["payment_id"], code, idem)
    assert again.json() == first.json() and again.headers.get("Idempotent-Replayed") == "true"
    # Another key, another code, the same order: still the first charge.
    other = charge(gateway_server, headers, made["payment_id"], gateway_server.payment_code())
    assert other.status_code == 200 and other.json()["trade_no"] == first.json()["trade_no"]
    assert provider(gateway_server, made["payment_id"]) == [
        ("SUCCESS", preview["self_pay_fen"], "micropay")
    ]
    settled = gateway_server.post(
        "/api/v1/settlements",
        {"preview_id": preview["preview_id"], "payment_id": made["payment_id"]},
        headers=key(headers),
    )
    assert settled.status_code == 201, settled.text
    assert (
        settled.json()["trade_no"]
        == rows(
            gateway_server.db_path,
            "SELECT trade_no FROM provider_charges WHERE out_trade_no = ?",
            made["payment_id"],
        )[0][0]
    )


def test_a_charge_waits_for_the_password_then_succeeds(gateway_server, order):
    headers, made, _ = order(1)
    gateway_server.next_charge("password")
    first = charge(gateway_server, headers, made["payment_id"], gateway_server.payment_code())
    assert first.json()["status"] == "processing"
    poll = gateway_server.get(f"/api/v1/payments/{made['payment_id']}", headers=headers)
    assert poll.json()["status"] == "processing"
    # The QR of the same order cannot be paid beside the code.
    assert gateway_server.post(f"/demo/v1/payments/{made['payment_id']}/confirm").status_code == 409
    gateway_server.answer_password(made["payment_id"])
    poll = gateway_server.get(f"/api/v1/payments/{made['payment_id']}", headers=headers)
    assert poll.json()["status"] == "success" and poll.json()["trade_no"]


def test_a_refused_charge_fails_the_order(gateway_server, order):
    headers, made, _ = order(2)
    gateway_server.next_charge("fail")
    answer = charge(gateway_server, headers, made["payment_id"], gateway_server.payment_code())
    assert answer.json()["status"] == "failed"
    assert provider(gateway_server, made["payment_id"])[0][0] == "PAYERROR"


def test_an_unknown_outcome_is_reversed_and_a_late_charge_refused(gateway_server, order):
    headers, made, _ = order(3)
    gateway_server.next_charge("password")
    charge(gateway_server, headers, made["payment_id"], gateway_server.payment_code())
    reversed_ = gateway_server.post(
        f"/api/v1/payments/{made['payment_id']}/reverse", {}, headers=key(headers)
    )
    assert reversed_.status_code == 200 and reversed_.json()["status"] == "failed"
    assert provider(gateway_server, made["payment_id"])[0][0] == "REVOKED"
    # The password typed after the reversal takes no money.
    gateway_server.answer_password(made["payment_id"])
    assert provider(gateway_server, made["payment_id"])[0][0] == "REVOKED"
    # An order reversed before its charge ever arrived can no longer be charged.
    headers, made, _ = order(4)
    gateway_server.post(f"/api/v1/payments/{made['payment_id']}/reverse", {}, headers=key(headers))
    late = charge(gateway_server, headers, made["payment_id"], gateway_server.payment_code())
    assert late.status_code == 409 or late.json()["status"] == "failed"
    # Closed, not charged: the provider keeps no charge record for it (nothing to reconcile).
    assert provider(gateway_server, made["payment_id"]) == []
    assert rows(gateway_server.db_path, "SELECT 1 FROM provider.provider_closed"
                " WHERE out_trade_no = ?", made["payment_id"]) == [(1,)]


def test_bad_input_is_refused_and_changes_nothing(gateway_server, order):
    headers, made, _ = order(5)
    pid = made["payment_id"]
    for bad in ("9" * 18, "16000000000000000000", "abc"):
        answer = charge(gateway_server, headers, pid, bad)
        assert answer.status_code in (400, 422), answer.text
        assert bad not in answer.text  # the refusal never quotes the code
    unknown = charge(gateway_server, headers, "PAY" + "0" * 24, gateway_server.payment_code())
    assert error_code(unknown, 404) == "payment_not_found"
    missing_key = gateway_server.post(
        f"/api/v1/payments/{pid}/code",
        {"payment_code": gateway_server.payment_code()},
        headers=headers,
    )
    assert error_code(missing_key, 400) == "idempotency_key_required"
    someone_else = gateway_server.visit(
        gateway_server.scenarios()["unpaid_bills"][0]["health_card_id"]
    )
    assert (
        error_code(charge(gateway_server, someone_else, pid, gateway_server.payment_code()), 404)
        == "payment_not_found"
    )


def test_the_payment_code_is_kept_nowhere(gateway_server, order):
    headers, made, _ = order(6)
    code = gateway_server.payment_code()
    assert charge(gateway_server, headers, made["payment_id"], code).status_code == 200
    for path in gateway_server.db_path.parent.iterdir():
        if path.is_file():
            assert code.encode() not in path.read_bytes(), path.name
