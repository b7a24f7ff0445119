"""At the identify step a payment code is refused in plain words before the network, its
digits in no log; a code of an unknown shape goes to the gateway only when configured."""

from __future__ import annotations

import logging

import pytest

from tests.ui.helpers import visible_texts, wedge_scan

pytestmark = pytest.mark.gateway

WECHAT = "134567890123456789"
PROVINCIAL = "GD1:Zm9vYmFyYmF6cXV4LWVuY3J5cHRlZC1ieS10aGUtcHJvdmluY2U"


def test_a_payment_code_is_refused_as_one_and_never_logged(kiosk, qtbot, caplog):
    caplog.set_level(logging.DEBUG)
    window = kiosk.window
    with qtbot.waitSignal(window.failed, timeout=5000) as failed:
        wedge_scan(qtbot, window.home, WECHAT)
    assert failed.args == ["code_rejected"]
    shown = "\n".join(visible_texts(window.message))
    assert "这是付款码，请出示电子健康卡。" in shown
    assert all(WECHAT[:10] not in r.getMessage() for r in caplog.records)


def test_an_unknown_shape_is_refused_here_unless_passed_on(make_kiosk, gateway_server, qtbot):
    local = make_kiosk(gateway_server.url, gateway_server.token)
    with qtbot.waitSignal(local.window.failed, timeout=5000) as failed:
        wedge_scan(qtbot, local.window.home, PROVINCIAL)
    assert failed.args == ["code_rejected"]  # refused before the network
    local.window.close()

    passing = make_kiosk(gateway_server.url, gateway_server.token,
                         codes={"pass_unknown_codes": True})
    with qtbot.waitSignal(passing.window.failed, timeout=10_000) as failed:
        wedge_scan(qtbot, passing.window.home, PROVINCIAL)
    # The gateway judged it: this one's platform reads no such codes, and says so.
    assert failed.args == ["malformed_code"]
