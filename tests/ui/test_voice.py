"""Spoken prompts: each screen's question is spoken (really synthesised by espeak-ng), and
nothing personal ever is."""

from __future__ import annotations

import shutil
import wave

import pytest

from kiosk.privacy import mask_id_number, mask_name
from kiosk.session import EndReason
from tests.ui.helpers import wedge_scan
from ui import strings as S
from ui.voice import Voice

pytestmark = [
    pytest.mark.gateway,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed (scripts/sysdeps.sh)"),
]


def duration_s(path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def test_prompts_are_spoken_and_never_personal(make_kiosk, gateway_server, qtbot, tmp_path):
    recorded = tmp_path / "voice"
    recorded.mkdir()
    voice = Voice(record_to=recorded)
    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    kiosk.window.set_voice(voice)
    try:
        card = next(p for p in gateway_server.demo_patients(3) if p["status"] == "active")
        record = gateway_server.patient_record(card["health_card_id"])
        with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
            wedge_scan(qtbot, kiosk.window.home, gateway_server.code(card["health_card_id"]))
        home = kiosk.window.patient_home.screen
        assert (S.YOUR_NEXT_STEP if home.action_buttons else S.CHOOSE_SERVICE).zh in voice.spoken
        # The warning's words: the longer ones when this patient's age turned elder-care mode on.
        warning = S.STILL_THERE_ELDER if kiosk.window.elder.on else S.STILL_THERE
        # The idle warning is spoken too: a patient who looked away hears it.
        kiosk.clock.advance(kiosk.session.check(kiosk.clock()).remaining_s - 5)
        kiosk.window.idle.tick()
        assert kiosk.window.overlay.isVisible() and voice.spoken[-1] == warning.zh
        # Switching language says the question again, in the new language.
        kiosk.window.header.language_button.click()
        assert voice.spoken[-1] == warning.en
        kiosk.window.header.language_button.click()
        kiosk.session.end(EndReason.FINISHED)
        assert voice.spoken[-1] == S.HOME_TITLE.zh
        qtbot.waitUntil(lambda: any(duration_s(p) > 1.0 for p in recorded.glob("*.wav") if p.stat().st_size > 44), timeout=20_000)
    finally:
        voice.stop()
    spoken = "\n".join(voice.spoken)
    for secret in (record["name"], mask_name(record["name"]), record["id_number"], mask_id_number(record["id_number"])):
        assert secret not in spoken


def test_a_new_screen_cuts_the_prompt_still_playing(tmp_path):
    voice = Voice(record_to=tmp_path)
    try:
        for _ in range(5):
            voice.say(S.HOME_TITLE, "zh")
        voice.say(S.CHOOSE_SERVICE, "en")
    finally:
        voice.stop()
    assert voice.spoken[-1] == S.CHOOSE_SERVICE.en
    assert len(list(tmp_path.glob("*.wav"))) < 6  # superseded prompts were dropped, not queued


def test_the_patient_is_told_to_take_the_paper(make_kiosk, gateway_server, qtbot, tmp_path):
    from printing.queue import QueueState
    from ui.services.report_view import ReportPrintScreen
    from ui.services.reports_text import PRINTED as REPORT_PRINTED
    from ui.services.result import ResultScreen

    voice = Voice(record_to=tmp_path)
    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    kiosk.window.set_voice(voice)
    try:
        card = next(p for p in gateway_server.demo_patients(3) if p["status"] == "active")
        with qtbot.waitSignal(kiosk.window.identified, timeout=10_000):
            wedge_scan(qtbot, kiosk.window.home, gateway_server.code(card["health_card_id"]))
        services = kiosk.window.services
        for kind, taken in ((ResultScreen, S.PRINTED), (ReportPrintScreen, REPORT_PRINTED)):
            screen = kind(services, S.REG_DONE, [])
            services.push(screen)
            screen._show_state(QueueState.COMPLETED)  # the print queue reports the job done
            assert voice.spoken[-1] == taken.zh
        kiosk.session.end(EndReason.FINISHED)
    finally:
        voice.stop()
