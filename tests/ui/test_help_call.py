"""A call for staff never holds the kiosk forever: a call the gateway stops answering about
is given up with words that send the patient to a window, and a call staff acknowledged but
nobody closed lets the idle clock run again after the longest hold."""

from __future__ import annotations

import logging

import pytest

from tests.ui.flows import click, identify
from ui import strings as S
from ui.help_call import HOLD_MAX_S, LOST_AFTER_S

pytestmark = pytest.mark.gateway


def called(kiosk, qtbot) -> str:
    window = kiosk.window
    qtbot.waitUntil(window.footer.help_button.isVisible, timeout=10_000)
    click(qtbot, window.footer.help_button)
    qtbot.waitUntil(lambda: window.help.request is not None, timeout=10_000)
    assert kiosk.session.held
    return window.help.request.request_id


def test_a_call_the_gateway_stops_answering_about_is_given_up(make_kiosk, start_gateway, fault_proxy, qtbot,
                                                              caplog):
    server = start_gateway()
    proxy = fault_proxy(server.port, weights={"pass": 1})
    kiosk = make_kiosk(proxy.url, server.token, server.time_source)
    window = kiosk.window
    identify(kiosk, qtbot, server)
    called(kiosk, qtbot)
    proxy.close()  # the way to the gateway is gone from here on
    caplog.set_level(logging.INFO, logger="ui.help_call")

    kiosk.clock.advance(LOST_AFTER_S / 2)
    window.help._follow()
    qtbot.waitUntil(lambda: "help request not followed" in caplog.text, timeout=10_000)
    assert kiosk.session.held and window.help.request is not None  # one lost poll is not a lost call
    assert window.help_banner.text.text() == S.STAFF_COMING.zh

    kiosk.clock.advance(LOST_AFTER_S / 2 + 1)
    window.help._follow()
    qtbot.waitUntil(lambda: window.help_banner.text.text() == S.HELP_LOST.zh, timeout=10_000)
    assert window.help.request is None and not kiosk.session.held
    assert window.help_banner.isVisible()
    assert window.help_banner.cancel_button.text() == S.HELP_DISMISS.zh
    click(qtbot, window.help_banner.cancel_button)
    assert not window.help_banner.isVisible()


def test_an_acknowledged_call_nobody_closes_holds_the_kiosk_only_so_long(make_kiosk, start_gateway, qtbot):
    server = start_gateway()
    kiosk = make_kiosk(server.url, server.token, server.time_source)
    window = kiosk.window
    identify(kiosk, qtbot, server)
    rid = called(kiosk, qtbot)
    staff = server.staff_headers()
    ack = server.post(f"/api/v1/help-requests/{rid}/acknowledge", headers={**staff, "Idempotency-Key": f"ack-{rid}"})
    assert ack.status_code == 200, ack.text

    kiosk.clock.advance(HOLD_MAX_S - 1)
    window.help._follow()
    qtbot.waitUntil(lambda: window.help.request.acknowledged, timeout=10_000)
    assert kiosk.session.held

    kiosk.clock.advance(2)
    window.help._follow()
    assert not kiosk.session.held  # the idle warning may now ask if they are still there
    assert window.help.request is not None and window.help_banner.isVisible()  # still followed
    kiosk.clock.advance(kiosk.session.idle_timeout_s - kiosk.session.warning_s + 1)
    window.idle.tick()
    assert window.overlay.isVisible()
