"""Card readers named in ``[cards]`` feed the real window: the ID card reader on a
pseudo-terminal (the simulated reader answering its SAM protocol) and the social-security
card reader through a private pcscd with a virtual card. A reader that cannot be opened is
shown to staff, and the kiosk serves without it."""

from __future__ import annotations

import pytest

from drivers.id_card_sim import SimulatedIdReader, card_fields
from drivers.ss_card_sim import BasicDataCard, VirtualCard
from kiosk.cards import TAKE_ID_CARD, TAKE_SS_CARD
from tests.ui.helpers import visible_texts, wedge_scan
from ui.voice import Voice

pytestmark = pytest.mark.gateway


def _person(gateway_server) -> dict:
    card = next(p for p in gateway_server.demo_patients(6) if p["status"] == "active")
    return gateway_server.patient_record(card["health_card_id"])


@pytest.fixture
def listening(request):
    """A recording voice for the kiosk, stopped at the end of the test."""

    def listen(kiosk, folder):
        voice = Voice(record_to=folder)
        kiosk.window.set_voice(voice)
        request.addfinalizer(voice.stop)
        return voice

    return listen


@pytest.fixture
def sim():
    reader = SimulatedIdReader()
    yield reader
    reader.close()


def test_an_id_card_on_the_configured_reader_identifies_the_patient(make_kiosk, gateway_server, qtbot,
                                                                    sim, tmp_path, listening):
    record = _person(gateway_server)
    kiosk = make_kiosk(gateway_server.url, gateway_server.token,
                       cards={"id_card": {"port": sim.port, "poll_s": 0.05}})
    voice = listening(kiosk, tmp_path)
    qtbot.waitUntil(lambda: kiosk.window.devices.running == 1, timeout=5000)
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000) as found:
        sim.insert(card_fields(record["name"], record["gender"], record["id_number"]))
    assert found.args[0].patient_id == record["patient_id"]
    assert TAKE_ID_CARD.zh == "请取走身份证。" and TAKE_ID_CARD.zh in voice.spoken
    assert sim.reads == 1
    kiosk.window.close()


def test_a_reader_that_cannot_be_opened_is_shown_and_scans_still_work(make_kiosk, gateway_server, qtbot):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token,
                       cards={"id_card": {"port": "/dev/no-such-reader"}})
    assert kiosk.window.devices.problems and kiosk.window.devices.running == 0
    board = kiosk.window.monitoring.board
    qtbot.waitUntil(lambda: any(s.name == "id_card" for s in board.snapshot().scanners), timeout=5000)
    lines = [text.en for _health, text in board.snapshot().lines()]
    assert "Card reader id_card: disconnected" in lines
    assert kiosk.window.footer.device_state.text() == "身份证读卡器未连接"
    record = _person(gateway_server)
    with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
        wedge_scan(qtbot, kiosk.window.home, gateway_server.code(record["health_card_id"]))


def test_no_cards_section_no_readers(make_kiosk, gateway_server):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    assert kiosk.window.devices.running == 0 and not kiosk.window.devices.problems


def test_a_social_security_card_in_the_configured_reader_identifies_the_patient(
    make_kiosk, gateway_server, qtbot, pcscd, tmp_path, listening
):
    record = _person(gateway_server)
    kiosk = make_kiosk(gateway_server.url, gateway_server.token,
                       cards={"social_security": {"reader": "Kiosk Virtual PCD", "poll_s": 0.05}})
    voice = listening(kiosk, tmp_path)
    board = kiosk.window.monitoring.board
    qtbot.waitUntil(lambda: any(s.name == "social_security" and s.state == "connected"
                                for s in board.snapshot().scanners), timeout=10_000)
    card = VirtualCard(pcscd.port, BasicDataCard(record["id_number"], record["name"], "A12345678"))
    try:
        with qtbot.waitSignal(kiosk.window.identified, timeout=15_000) as found:
            pass
        assert found.args[0].patient_id == record["patient_id"]
        assert TAKE_SS_CARD.zh in voice.spoken
        assert record["name"] not in "\n".join(visible_texts(kiosk.window))
    finally:
        card.remove()
    kiosk.window.close()
