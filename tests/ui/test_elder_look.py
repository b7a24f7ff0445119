"""A senior mode chosen on the home screen and then left untouched ends after the elder
idle time, so the next person does not find it on; the check runs only while it is on."""

from __future__ import annotations

import pytest

from tests.ui.flows import click

pytestmark = pytest.mark.gateway


def test_a_chosen_mode_left_untouched_ends(make_kiosk, gateway_server, qtbot):
    kiosk = make_kiosk(gateway_server.url, gateway_server.token)
    window, look = kiosk.window, kiosk.window.elder
    assert not look._timer.isActive()  # nothing to watch in the ordinary mode
    click(qtbot, window.home.senior)
    assert look.on and look._timer.isActive()

    kiosk.clock.advance(look.mode.idle_timeout_s - 1)
    look._check_home()
    assert look.on  # not yet

    kiosk.clock.advance(2)
    look._check_home()
    assert not look.on and window.styleSheet() == ""
    assert not look._timer.isActive()
