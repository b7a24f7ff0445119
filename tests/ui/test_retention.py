"""The running kiosk purges old intents and parked outbox messages: at start, and on its
timer. Before, ``IntentStore.purge`` existed but nothing called it, and parked messages
were never dropped."""

from __future__ import annotations

import time

import pytest

from kiosk.intents import IntentStore
from kiosk.outbox import Outbox
from kiosk.paths import data_dir

pytestmark = pytest.mark.gateway

DAY_S = 86400


def unknown_topic(topic: str, body: dict) -> None:
    raise ValueError(topic)


def test_the_kiosk_purges_old_stores_at_start_and_logs_what_stays_parked(
    make_kiosk, gateway_server, qtbot, caplog
):
    folder = data_dir()
    long_ago = time.time() - 40 * DAY_S
    old_intents = IntentStore(folder / "intents.db", clock=lambda: long_ago)
    old_intents.key("pay", "registration:old")
    old_intents.close()
    intents = IntentStore(folder / "intents.db")
    intents.key("pay", "registration:new")
    intents.close()
    old_outbox = Outbox(folder / "outbox.db", clock=lambda: long_ago)
    old_outbox.put("mystery", {"n": 1})
    old_outbox.drain(unknown_topic)
    old_outbox.close()
    outbox = Outbox(folder / "outbox.db")
    young = outbox.put("mystery", {"n": 2})
    outbox.drain(unknown_topic)
    outbox.close()

    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    housekeeping = kiosk.window.housekeeping
    qtbot.waitUntil(lambda: housekeeping.last is not None, timeout=10_000)
    assert (housekeeping.last.intents, housekeeping.last.parked) == (1, 1)
    context = kiosk.window.services.context
    assert context.intents.open_scopes("pay") == ["registration:new"]
    assert [m.id for m in context.outbox.parked()] == [young]
    assert any("1 parked message(s) wait for staff" in r.getMessage() for r in caplog.records)


def test_the_purge_runs_again_on_its_timer(make_kiosk, gateway_server, qtbot):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token, stores={"purge_interval_s": 60})
    housekeeping = kiosk.window.housekeeping
    qtbot.waitUntil(lambda: housekeeping.last is not None, timeout=10_000)
    assert housekeeping._timer.isActive() and housekeeping._timer.interval() == 60_000
    first = housekeeping.last
    housekeeping._timer.timeout.emit()  # what the timer does every purge_interval_s
    qtbot.waitUntil(lambda: housekeeping.last is not first, timeout=10_000)
