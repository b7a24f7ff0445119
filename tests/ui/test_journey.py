"""The walking skeleton end to end: wedge scan → identified → idle timeout → clean home."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.privacy import mask_id_number, mask_name
from kiosk.session import EndReason
from tests.ui.helpers import all_strings_in_tree, visible_texts, wedge_scan

pytestmark = pytest.mark.gateway


def first_patient(gateway_server) -> dict:
    return next(p for p in gateway_server.demo_patients(5) if p["status"] == "active")


def patient_record(gateway_server, health_card_id: str) -> dict:
    return gateway_server.patient_record(health_card_id)


def test_wedge_scan_shows_masked_patient_then_idle_timeout_wipes_everything(kiosk, gateway_server, qtbot):
    card = first_patient(gateway_server)
    code = gateway_server.code(card["health_card_id"])
    window = kiosk.window
    with qtbot.waitSignal(window.identified, timeout=10_000) as blocker:
        wedge_scan(qtbot, window.home, code)
    patient = blocker.args[0]
    record = patient_record(gateway_server, card["health_card_id"])
    assert patient.patient_id == record["patient_id"]

    shown = visible_texts(window)
    joined = "\n".join(shown)
    assert mask_name(record["name"]) in joined
    assert mask_id_number(record["id_number"]) in joined
    assert record["name"] not in joined
    assert record["id_number"] not in joined
    assert window.stack.currentWidget() not in (window.home, window.busy, window.message)

    # The countdown appears before sign-out, and "more time" keeps the patient.
    kiosk.clock.advance(75)
    window.idle.tick()
    assert window.overlay.isVisible()
    assert "15" in window.overlay.countdown.text()
    qtbot.mouseClick(window.overlay.button, Qt.MouseButton.LeftButton)
    assert not window.overlay.isVisible()
    assert kiosk.session.patient is not None

    kiosk.clock.advance(91)
    window.idle.tick()
    assert window.stack.currentWidget() is window.home
    assert kiosk.session.patient is None
    secrets = (
        record["name"],
        mask_name(record["name"]),
        record["id_number"],
        mask_id_number(record["id_number"]),
        record["visit_card_no"],
    )
    # The patient's screens are deleted when control returns to the event loop.
    qtbot.waitUntil(
        lambda: not any(s in t for t in all_strings_in_tree() for s in secrets), timeout=3000
    )


def test_demo_code_kinds_identify_the_same_patient(kiosk, gateway_server, qtbot):
    card = first_patient(gateway_server)
    ids = set()
    for kind in ("static", "dynamic"):
        with qtbot.waitSignal(kiosk.window.identified, timeout=10_000) as blocker:
            wedge_scan(qtbot, kiosk.window.home, gateway_server.code(card["health_card_id"], kind=kind))
        ids.add(blocker.args[0].patient_id)
        kiosk.session.end(EndReason.FINISHED)
    assert len(ids) == 1


def test_another_card_mid_visit_asks_before_ending_the_session(kiosk, gateway_server, qtbot):
    first, second = [p for p in gateway_server.demo_patients(6) if p["status"] == "active"][:2]
    window = kiosk.window
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.home, gateway_server.code(first["health_card_id"], kind="static"))
    home = window.stack.currentWidget()
    # Their own card again (another kind of code): nothing happens.
    with qtbot.assertNotEmitted(window.identified, wait=0):
        wedge_scan(qtbot, home, gateway_server.code(first["health_card_id"]))
    assert not window.another_card.isVisible()
    # Someone else's card: the question covers the screen; the first patient stays.
    wedge_scan(qtbot, home, gateway_server.code(second["health_card_id"], kind="static"))
    assert window.another_card.isVisible()
    assert kiosk.session.patient.health_card_id == first["health_card_id"]
    qtbot.mouseClick(window.another_card.stay_button, Qt.MouseButton.LeftButton)
    assert not window.another_card.isVisible() and window.stack.currentWidget() is home
    assert kiosk.session.patient.health_card_id == first["health_card_id"]
    # Asked again, and this time the new card is served, as a new session.
    ended = []
    kiosk.session.on_ended(ended.append)
    wedge_scan(qtbot, home, gateway_server.code(second["health_card_id"], kind="static"))
    with qtbot.waitSignal(window.identified, timeout=10_000) as blocker:
        qtbot.mouseClick(window.another_card.switch_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].health_card_id == second["health_card_id"]
    assert ended == [EndReason.FINISHED] and not window.another_card.isVisible()


def test_overlays_hide_the_patient_behind_them(kiosk, gateway_server, qtbot):
    """Name and ID must not stay readable behind a dialog on a hall-facing screen: the
    cover leaves the screen behind it nearly uniform."""
    card = first_patient(gateway_server)
    window = kiosk.window
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.home, gateway_server.code(card["health_card_id"], kind="static"))
    home = window.stack.currentWidget()
    window.another_card.cover()
    qtbot.waitUntil(window.another_card.isVisible, timeout=2000)
    image = window.grab().toImage()
    # The strip at the top of the patient's screen, where the greeting and masked ID sit,
    # outside the dialog box in the middle.
    top = home.mapTo(window, home.rect().topLeft())
    values = {image.pixelColor(x, y).lightness()
              for x in range(top.x() + 10, top.x() + home.width() - 10, 7)
              for y in range(top.y() + 5, top.y() + 120, 3)}
    assert max(values) - min(values) <= 2, (min(values), max(values))
    window.another_card.hide()


def test_expired_code_says_refresh(kiosk, gateway_server, qtbot):
    card = first_patient(gateway_server)
    expired = gateway_server.code(card["health_card_id"], age_s=3600)
    with qtbot.waitSignal(kiosk.window.failed, timeout=10_000) as blocker:
        wedge_scan(qtbot, kiosk.window.home, expired)
    assert blocker.args == ["expired_code"]
    assert "expired" in kiosk.window.message.message_text or "过期" in kiosk.window.message.message_text
    assert "刷新" in kiosk.window.message.next_step_text
    assert kiosk.session.patient is None


def test_unknown_card_sends_patient_to_a_window(kiosk, qtbot):
    unknown = "0" * 63 + "1:1"
    with qtbot.waitSignal(kiosk.window.failed, timeout=10_000) as blocker:
        wedge_scan(qtbot, kiosk.window.home, unknown)
    assert blocker.args == ["unknown_code"]
    assert "人工窗口" in kiosk.window.message.next_step_text


def test_not_a_health_code_is_explained_without_asking_the_gateway(kiosk, qtbot):
    with qtbot.waitSignal(kiosk.window.failed, timeout=2000) as blocker:
        wedge_scan(qtbot, kiosk.window.home, "HELLO-WORLD-123")
    assert blocker.args == ["code_rejected"]
    assert kiosk.window.message.message_text


def test_error_screen_returns_home(kiosk, qtbot):
    with qtbot.waitSignal(kiosk.window.failed, timeout=2000):
        wedge_scan(qtbot, kiosk.window.home, "HELLO-WORLD-123")
    qtbot.mouseClick(kiosk.window.message.back, Qt.MouseButton.LeftButton)
    assert kiosk.window.stack.currentWidget() is kiosk.window.home


def test_language_switch_and_reset_at_session_end(kiosk, gateway_server, qtbot):
    window = kiosk.window
    qtbot.mouseClick(window.header.language_button, Qt.MouseButton.LeftButton)
    assert "electronic health card" in "\n".join(visible_texts(window.home))
    card = first_patient(gateway_server)
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.home, gateway_server.code(card["health_card_id"]))
    assert any(t.startswith("Hello") for t in visible_texts(window))
    kiosk.session.end(EndReason.FINISHED)
    assert "请出示电子健康卡二维码" in visible_texts(window.home)


def test_my_card_service_and_finish(kiosk, gateway_server, qtbot):
    window = kiosk.window
    card = first_patient(gateway_server)
    with qtbot.waitSignal(window.identified, timeout=10_000):
        wedge_scan(qtbot, window.home, gateway_server.code(card["health_card_id"]))
    screen = window.stack.currentWidget()
    assert "my_card" in screen.service_keys()
    qtbot.mouseClick(screen.button_for("my_card"), Qt.MouseButton.LeftButton)
    texts = "\n".join(visible_texts(window.stack.currentWidget()))
    record = patient_record(gateway_server, card["health_card_id"])
    assert mask_id_number(record["visit_card_no"]) in texts
    for secret in (record["name"], record["id_number"], record["visit_card_no"]):
        assert secret not in texts


def test_a_closed_window_leaves_no_store_open(make_kiosk, gateway_server):
    """The outbox, the intents and the print queue close with the window (each kiosk built
    left nine files open, until a long run ran out of the descriptors select() can watch)."""
    import os

    from kiosk.paths import data_dir

    def open_stores() -> list[str]:
        found = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue  # closed meanwhile
            if target.startswith(str(data_dir())) and ".db" in target:
                found.append(target)
        return found

    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    assert open_stores()  # a running kiosk keeps its stores open
    kiosk.window.close()
    assert open_stores() == []
