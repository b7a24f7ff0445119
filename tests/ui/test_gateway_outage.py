"""The hospital gateway goes away and comes back: the kiosk says so, then recovers."""

from __future__ import annotations

import pytest

from tests.ui.helpers import wedge_scan

pytestmark = pytest.mark.gateway


def test_gateway_down_gives_clear_message_and_kiosk_recovers(make_kiosk, start_gateway, tmp_path, qtbot):
    server = start_gateway(db_path=tmp_path / "gw.sqlite")
    port, token = server.port, server.token
    card = next(p for p in server.demo_patients(3) if p["status"] == "active")
    code = server.code(card["health_card_id"], kind="static")
    kiosk = make_kiosk(server.url, token)
    window = kiosk.window

    server.stop()
    with qtbot.waitSignal(window.failed, timeout=10_000) as blocker:
        wedge_scan(qtbot, window.home, code)
    assert blocker.args == ["gateway_unavailable"]
    assert "hospital system" in window.message.message_text or "医院系统" in window.message.message_text
    assert window.offline.isVisibleTo(window)

    # Back on the same address with the same data: the next scan just works.
    start_gateway(port=port, db_path=tmp_path / "gw.sqlite", token=token)
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.message, code)
    assert not window.offline.isVisibleTo(window)


def test_health_monitor_notices_outage_and_return(make_kiosk, start_gateway, tmp_path, qtbot):
    server = start_gateway(db_path=tmp_path / "gw.sqlite")
    port, token = server.port, server.token
    kiosk = make_kiosk(server.url, token)
    monitor = kiosk.window.monitor
    server.stop()
    with qtbot.waitSignal(monitor.changed, timeout=10_000) as blocker:
        monitor.check()
    assert blocker.args == [False]
    start_gateway(port=port, db_path=tmp_path / "gw.sqlite", token=token)
    with qtbot.waitSignal(monitor.changed, timeout=10_000) as blocker:
        monitor.check()
    assert blocker.args == [True]
    assert not kiosk.window.offline.isVisibleTo(kiosk.window)


def test_services_missed_at_start_are_fetched_with_the_first_patient(make_kiosk, start_gateway, tmp_path, qtbot):
    """A kiosk that started while the gateway was away knows only "identify": the first
    patient's lookup asks for the hospital's services again, so their home is complete."""
    from PySide6.QtCore import QThreadPool

    from tests.ui.flows import current
    from ui import background
    from ui.screens.patient import PatientScreen

    server = start_gateway(db_path=tmp_path / "gw.sqlite")
    port, token = server.port, server.token
    card = next(p for p in server.demo_patients(3) if p["status"] == "active")
    code = server.code(card["health_card_id"], kind="static")
    server.stop()
    kiosk = make_kiosk(server.url, token)  # its start-up capabilities call fails
    # Wait until that call has come back (refused), so it cannot reach the gateway below.
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.waitUntil(lambda: background.pending() == 0, timeout=5000)
    assert not kiosk.window._capabilities_known
    start_gateway(port=port, db_path=tmp_path / "gw.sqlite", token=token)
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        wedge_scan(qtbot, current(kiosk), code)
    home = current(kiosk)
    assert isinstance(home, PatientScreen)
    assert {"registration", "payment", "reports"} <= set(home.service_keys())
