"""Helpers for the reports, guidance, pharmacy and health journeys.

Each of those test modules runs its own reference gateway (these journeys print reports,
file requests and record consents, and must not depend on what other modules did to the
shared demo patients). Demo patients by index among the active ones (gateway.demo.plans):
0 has everything, 1 a pending report and no family doctor, 2 a critical result and a
contract, 3 a report already printed to the limit and nothing planned today, 4 nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.privacy import mask_id_number, mask_name
from kiosk.session import EndReason
from testbed.gateway_process import GatewayProcess
from tests.ui.flows import click, current, paged_away
from tests.ui.helpers import all_strings_in_tree, visible_texts

EVERYTHING, PENDING, CRITICAL, PRINTED, NOTHING = range(5)


def private_gateway(tmp_path_factory: pytest.TempPathFactory, *extra: str) -> Iterator[GatewayProcess]:
    server = GatewayProcess(tmp_path_factory.mktemp("gateway") / "gw.sqlite", extra_args=extra)
    try:
        yield server
    finally:
        server.stop()


def record_of(gateway: GatewayProcess, card: dict) -> dict:
    return gateway.patient_record(card["health_card_id"])


def visit_headers(gateway: GatewayProcess, card: dict) -> dict[str, str]:
    return gateway.visit(card["health_card_id"])


def texts(widget: QWidget) -> str:
    return "\n".join(visible_texts(widget))


def button_with(widget: QWidget, text: str) -> QAbstractButton:
    # A button on another page of a list counts: ``click`` turns to its page first.
    buttons = [b for b in widget.findChildren(QAbstractButton)
               if text in b.text() and (b.isVisible() or paged_away(b) is not None)]
    assert buttons, f"no button with {text!r} on {type(widget).__name__}: {texts(widget)}"
    return buttons[0]


def press(qtbot, kiosk, text: str) -> QWidget:
    """Press the button showing ``text`` on the current screen; returns that screen."""
    screen = current(kiosk)
    click(qtbot, button_with(screen, text))
    return screen


def wait_away(qtbot, kiosk, screen: QWidget, timeout: int = 10_000) -> QWidget:
    qtbot.waitUntil(lambda: current(kiosk) is not screen and current(kiosk) is not kiosk.window.busy,
                    timeout=timeout)
    return current(kiosk)


def wait_text(qtbot, kiosk, text: str, timeout: int = 10_000) -> QWidget:
    qtbot.waitUntil(lambda: current(kiosk) is not kiosk.window.busy and text in texts(current(kiosk)),
                    timeout=timeout)
    return current(kiosk)


def usage_scenes(gateway: GatewayProcess, patient_id: str) -> list[str]:
    with sqlite3.connect(f"file:{gateway.db_path}?mode=ro", uri=True, timeout=5) as conn:
        rows = conn.execute(
            "SELECT scene FROM usage_reports WHERE patient_id = ? ORDER BY received_at", (patient_id,)
        ).fetchall()
    return [r[0] for r in rows]


def end_and_check_wiped(kiosk, qtbot, record: dict, *extra: str) -> None:
    """End the session; then nothing of the patient may be left in any widget."""
    kiosk.session.end(EndReason.FINISHED)
    assert current(kiosk) is kiosk.window.home
    secrets = [
        record["name"], mask_name(record["name"]), record["id_number"],
        mask_id_number(record["id_number"]), record["visit_card_no"], *extra,
    ]
    qtbot.waitUntil(
        lambda: not any(s in t for t in all_strings_in_tree() for s in secrets), timeout=3000
    )
