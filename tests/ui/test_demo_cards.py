"""The demo panel's card buttons feed simulated devices that the kiosk's own readers read:
the ID card through the simulated reader on a pseudo-terminal, the insurance card through a
private pcscd's virtual reader; without a virtual reader to take it, the panel says so."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt

from kiosk.session import EndReason
from ui.demo_cards import SS_UNAVAILABLE

pytestmark = pytest.mark.gateway


def _holder(gateway_server) -> dict:
    return next(p for p in gateway_server.demo_patients(4) if p["status"] == "active")


def test_insert_id_card_and_insurance_card_identify_through_the_readers(
    make_kiosk, gateway_server, qtbot, pcscd
):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token,
                       demo={"scan_panel": True, "card_devices": True, "vpcd_port": pcscd.port})
    panel, window = kiosk.window.demo_panel, kiosk.window
    qtbot.waitUntil(lambda: "id_card" in panel.buttons, timeout=10_000)
    assert panel.buttons["id_card"].text() == "插入身份证"
    assert panel.buttons["ss_card"].text() == "插入社保卡"
    holder = _holder(gateway_server)
    qtbot.waitUntil(lambda: window.devices.running == 2, timeout=10_000)
    with qtbot.waitSignal(window.identified, timeout=10_000) as found:
        qtbot.mouseClick(panel.buttons["id_card"], Qt.MouseButton.LeftButton)
    assert found.args[0].patient_id == holder["patient_id"]
    assert window.demo_panel._cards.id_reader.reads == 1  # read by the reader, on the wire
    kiosk.session.end(EndReason.FINISHED)
    with qtbot.waitSignal(window.identified, timeout=15_000) as found:
        qtbot.mouseClick(panel.buttons["ss_card"], Qt.MouseButton.LeftButton)
    assert found.args[0].patient_id == holder["patient_id"]
    assert panel.cards_note.isHidden()
    window.close()


def test_without_a_virtual_reader_the_panel_says_the_insurance_card_is_unavailable(
    make_kiosk, gateway_server, qtbot
):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    kiosk = make_kiosk(gateway_server.url, gateway_server.token,
                       demo={"scan_panel": True, "card_devices": True, "vpcd_port": port})
    panel = kiosk.window.demo_panel
    qtbot.waitUntil(lambda: "ss_card" in panel.buttons, timeout=10_000)
    qtbot.mouseClick(panel.buttons["ss_card"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.cards_note.isHidden(), timeout=10_000)
    assert panel.cards_note.text() == SS_UNAVAILABLE.zh
    assert "apt-get install pcscd vsmartcard-vpcd" in panel.cards_note.text()
    kiosk.window.close()
