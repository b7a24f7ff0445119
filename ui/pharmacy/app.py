"""Runs the pharmacy counter role (``kiosk.role = "pharmacy-counter"``): a normal window,
maximised unless ``--windowed``; staff keep other programs (HIS, phone) beside it."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from kiosk.errors import KioskError
from kiosk.gateway_client import GatewayClient
from kiosk.notify import Notifier
from kiosk.settings import Settings
from ui.heartbeat import Heartbeat
from ui.pharmacy.wiring import build_counter_window


def run_counter(
    app: QApplication,
    settings: Settings,
    client: GatewayClient,
    *,
    windowed: bool,
    install: Callable[[object], None],
) -> int:
    heartbeat = Heartbeat(Notifier.from_env(), "pharmacy counter ready")
    try:
        window = build_counter_window(app, settings, client, lifetimes=[heartbeat])
    except KioskError as exc:  # e.g. an audit log whose key is no longer in the keyring
        print(f"{exc.message.en}\n{exc.next_step.en}", file=sys.stderr)
        return 2
    install(window)
    if windowed:
        window.resize(1366, 768)
        window.show()
    else:
        window.showMaximized()
    window.start()
    code = app.exec()
    window.stop()
    return code
