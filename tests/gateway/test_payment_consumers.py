"""The payments store writes only its own table; what a payment means to the service that
sold something is that service's consumer's business."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from gateway.core.db import Database
from gateway.store import payments, schema
from gateway.store.billing import PreviewPayments
from gateway.store.registration import LockPayments

NOW = 1_800_000_000.0
WRITES = {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE}


class FakeConsumer:
    purpose = "registration"

    def __init__(self) -> None:
        self.paid_calls: list[tuple[str, float]] = []

    def amount_due(self, conn, reference, patient_id, now) -> int:
        return 500

    def paid(self, conn, reference, hold_until, now) -> None:
        self.paid_calls.append((reference, hold_until))


@pytest.fixture
def conn(tmp_path):
    db = Database(tmp_path / "gw.sqlite")
    with closing(db.prepare()) as first:
        schema.migrate(first)
    connection = db.connect()
    connection.execute("INSERT INTO patients (patient_id, name, gender, birth_date, id_number,"
                       " region_code, phone, visit_card_no, insured) VALUES ('P1', '王伟', 'M',"
                       " '1990-01-01', '510107199001011234', '510107', '13800000000', '1', 0)")
    yield connection
    connection.close()


def _written_tables(conn: sqlite3.Connection) -> set[str]:
    tables: set[str] = set()

    def authorise(action, table, *_):
        if action in WRITES:
            tables.add(table)
        return sqlite3.SQLITE_OK

    conn.set_authorizer(authorise)
    return tables


def test_paying_tells_the_consumer_and_writes_only_payments(conn, monkeypatch):
    fake = FakeConsumer()
    monkeypatch.setitem(payments._CONSUMERS, "registration", fake)
    written = _written_tables(conn)
    payment_id = payments.create(conn, "P1", "registration", "LK1", 500, NOW)
    payments.confirm(conn, payment_id, "wechat", NOW + 5)
    assert fake.paid_calls == [("LK1", NOW + 5 + payments.PAID_HOLD_S)]
    payments.consume(conn, payment_id, patient_id="P1", purpose="registration",
                     reference="LK1", amount_fen=500, consumer="R1", now=NOW + 6)
    assert written == {"payments"}


def test_refunds_and_failures_need_nothing_of_the_consumer(conn, monkeypatch):
    fake = FakeConsumer()
    monkeypatch.setitem(payments._CONSUMERS, "registration", fake)
    written = _written_tables(conn)
    paid = payments.create(conn, "P1", "registration", "LK1", 500, NOW)
    payments.confirm(conn, paid, "alipay", NOW + 1)
    payments.refund(conn, payments.get(conn, paid), NOW + 2)
    declined = payments.create(conn, "P1", "registration", "LK2", 500, NOW)
    payments.fail(conn, declined, NOW + 3)
    assert written == {"payments"} and len(fake.paid_calls) == 1


def test_registration_and_billing_register_their_consumers():
    assert isinstance(payments.consumer("registration"), LockPayments)
    assert isinstance(payments.consumer("bills"), PreviewPayments)
    with pytest.raises(LookupError):
        payments.consumer("parking")
