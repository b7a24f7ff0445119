"""The workstation's keyed audit chain against the real reference gateway: delivered in order
through the outbox, a lost reply retried without a gap, a restart mid-chain, and
``python -m kiosk.audit verify --config`` finding a truncated or rewritten log."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.audit import TOPIC, AuditKind, AuditLog, anchors, main, message_of, record, resume
from kiosk.audit_chain import line_of, verify
from kiosk.credentials import audit_key
from kiosk.gateway_client import GatewayClient
from kiosk.outbox import Outbox
from kiosk.pharmacy.counter import outbox_sender

pytestmark = pytest.mark.gateway
AT = dt.datetime(2027, 1, 15, 8, 5, tzinfo=dt.UTC)


class Workstation:
    """The pharmacy workstation's log and outbox (recorded into as the counter does), in a
    folder that survives a restart."""

    def __init__(self, folder, key, session):
        self.folder, self.key, self.session = folder, key, session
        self.start()

    def start(self):
        self.outbox = Outbox(self.folder / "outbox.db")
        self.log = AuditLog(self.folder / "audit.jsonl", self.key)
        resume(self.log, self.outbox)

    def record(self, kind=AuditKind.CALL):
        return record(self.log, self.outbox, kind, "1001", session=self.session, at=AT,
                      detail={"window": "3"})

    def stop(self):
        self.outbox.close()


@pytest.fixture
def station(gateway_server, memory_keyring, tmp_path):
    key = audit_key("ehc-kiosk", create=True)
    session = gateway_server.staff_headers("1001")["X-Staff-Session"]
    made = Workstation(tmp_path, key, session)
    client = GatewayClient(gateway_server.url, gateway_server.token, retries=0, timeout_s=5)
    yield made, client
    client.close()
    made.stop()


def _anchor(client, chain):
    return next(a for a in anchors(client) if a.chain == chain)


def test_events_reach_the_gateway_in_order_and_the_log_matches_its_anchor(station):
    ws, client = station
    for kind in (AuditKind.SIGN_IN, AuditKind.CALL, AuditKind.DISPENSE):
        ws.record(kind)
    assert ws.outbox.drain(outbox_sender(client)) == 3 and ws.outbox.dead() == 0
    anchor = _anchor(client, ws.log.chain)
    assert anchor.seq == 3
    verdict = verify(ws.log.path, ws.key, anchors(client))
    assert verdict.ok and verdict.confirmed == 3


def test_a_retry_of_a_delivered_event_is_idempotent_not_a_gap(station):
    ws, client = station
    first = ws.record()
    assert ws.outbox.drain(outbox_sender(client)) == 1
    ws.record()
    assert ws.outbox.drain(outbox_sender(client)) == 1
    # The first reply was lost: the outbox still had it and sends it again, late.
    ws.outbox.put(TOPIC, message_of(first, ws.session), chain=first["chain"])
    assert ws.outbox.drain(outbox_sender(client)) == 1 and ws.outbox.dead() == 0
    assert _anchor(client, ws.log.chain).seq == 2


def test_a_restart_mid_chain_continues_it_at_the_gateway(station):
    ws, client = station
    ws.record(AuditKind.SIGN_IN)
    ws.record()
    assert ws.outbox.drain(outbox_sender(client)) == 2
    ws.record()  # recorded, not yet delivered, when the workstation stops
    ws.stop()
    ws.start()
    assert ws.record(AuditKind.SIGN_OUT)["seq"] == 4
    assert ws.outbox.drain(outbox_sender(client)) == 2 and ws.outbox.dead() == 0
    assert verify(ws.log.path, ws.key, anchors(client)).confirmed == 4


def test_a_forged_event_is_refused_by_the_gateway_and_parked(station):
    ws, client = station
    real = ws.record()
    assert ws.outbox.drain(outbox_sender(client)) == 1
    forged = {**real, "event_id": "0" * 8 + real["event_id"][8:], "kind": "dispense",
              "prev_link": "f" * 64, "seq": 2}
    ws.outbox.put(TOPIC, message_of(forged, ws.session), chain=real["chain"])
    assert ws.outbox.drain(outbox_sender(client)) == 0
    [parked] = ws.outbox.parked()
    assert parked.reason == "409 audit_link_mismatch"
    assert _anchor(client, ws.log.chain).seq == 1


def _config(tmp_path, url):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[gateway]\nurl = "{url}"\nretries = 0\n', encoding="utf-8")
    return str(path)


def test_verify_against_the_gateway_finds_a_truncated_and_a_rewritten_log(
    station, gateway_server, memory_keyring, tmp_path, capsys
):
    ws, client = station
    memory_keyring.set_password("ehc-kiosk", "gateway-device-token", gateway_server.token)
    records = [ws.record() for _ in range(4)]
    assert ws.outbox.drain(outbox_sender(client)) == 4
    config, path = _config(tmp_path, gateway_server.url), str(ws.log.path)
    assert main(["verify", path, "--config", config]) == 0
    assert "the gateway accepted 4 of them" in capsys.readouterr().out
    # The tail deleted: intact by itself, which is what the old check reported.
    ws.log.path.write_bytes(b"".join(line_of(r) + b"\n" for r in records[:2]))
    assert main(["verify", path]) == 0
    capsys.readouterr()
    assert main(["verify", path, "--config", config]) == 1
    assert "BROKEN at line 3: truncated: the gateway accepted 4" in capsys.readouterr().out
    # Rewritten with the key itself from the third event on: not what the gateway accepted.
    rewritten = AuditLog(ws.log.path, ws.key)
    rewritten.append(AuditKind.CALL, "1002", at=AT)
    rewritten.append(AuditKind.CALL, "1002", at=AT)
    assert main(["verify", path, "--config", config]) == 1
    assert "BROKEN at line 4: not the event the gateway accepted" in capsys.readouterr().out
