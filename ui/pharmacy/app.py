"""Runs the pharmacy counter role (``kiosk.role = "pharmacy-counter"``): a normal window,
maximised unless ``--windowed``; staff keep other programs (HIS, phone) beside it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication

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
    window = build_counter_window(app, settings, client, lifetimes=[heartbeat])
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
