"""The kiosk program: ``python -m ui`` (or ``ehc-kiosk``).

    ehc-kiosk [--config FILE] [--windowed] [--self-test] [--enrol]

Start-up order: configuration (validated; a bad file stops here with the key named), logging
with personal data redacted, the device token from the keyring, the gateway client, and only
then Qt. ``--self-test`` checks an installation without a display (see :mod:`ui.self_test`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading

from kiosk.errors import KioskError
from kiosk.gateway_client import GatewayClient, build_client
from kiosk.privacy import install_log_redaction
from kiosk.session import Session
from kiosk.settings import Settings, load_settings
from kiosk.settings_check import warnings as settings_warnings

logger = logging.getLogger("ui.app")

NO_DISPLAY = """\
No display found (DISPLAY and WAYLAND_DISPLAY are not set), so the kiosk window cannot open.
On a machine without a screen, run it on a virtual display:
    xvfb-run -a -s "-screen 0 1920x1080x24" make demo
or check the installation without a window:
    .venv/bin/python -m ui --self-test
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ehc-kiosk", description="Hospital self-service kiosk")
    parser.add_argument("--config", help="configuration file (default: $KIOSK_CONFIG or the shipped default)")
    parser.add_argument("--windowed", action="store_true", help="run in a window instead of fullscreen")
    parser.add_argument("--self-test", action="store_true", help="check the installation and exit")
    parser.add_argument(
        "--hash-pin",
        action="store_true",
        help="ask for a maintenance PIN twice and print its hash for [maintenance] pin_hash, then exit",
    )
    parser.add_argument(
        "--enrol",
        action="store_true",
        help="read the gateway device token from standard input into the system keyring, then exit"
        " (the frozen build's way to enrol; same as python -m kiosk.credentials set)",
    )
    return parser.parse_args(argv)


def has_display() -> bool:
    if sys.platform != "linux":
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from kiosk.native_memory import limit_arenas

    limit_arenas()  # before any thread starts (see kiosk.native_memory)
    if args.hash_pin:
        return hash_pin_command()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_log_redaction()
    try:
        settings = load_settings(args.config)
        for line in settings_warnings(settings):
            logger.warning("SECURITY WARNING: %s", line)
        if args.enrol:
            from kiosk import credentials

            gw = settings.gateway
            return credentials.main(["set", "--service", gw.keyring_service, "--user", gw.keyring_user])
        client = build_client(settings)
    except KioskError as exc:
        print(f"{exc.message.en}\n{exc.next_step.en}", file=sys.stderr)
        return 2
    if args.self_test:
        from ui.self_test import self_test

        return self_test(client, settings)
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from kiosk.instance_lock import InstanceLock
    from kiosk.log_files import install_file_log
    from kiosk.paths import data_dir

    try:
        lock = InstanceLock.acquire(data_dir())  # a second kiosk on this folder stops here
    except KioskError as exc:
        print(f"{exc.message.en}\n{exc.next_step.en}", file=sys.stderr)
        return 2
    try:
        install_file_log(settings.logging, data_dir())
        return run_window(settings, client, windowed=args.windowed)
    finally:
        lock.release()


def hash_pin_command() -> int:
    import getpass

    from kiosk.pin import prompt_hash

    try:
        print(prompt_hash(getpass.getpass))
    except ValueError as exc:
        print(f"{exc}; nothing was printed, try again", file=sys.stderr)
        return 2
    return 0


def run_window(settings: Settings, client: GatewayClient, *, windowed: bool) -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.notify import Notifier
    from kiosk.settings import Role
    from ui.heartbeat import Heartbeat
    from ui.wiring import build_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if settings.kiosk.role is Role.PHARMACY_COUNTER:
        from ui.pharmacy.app import run_counter

        return run_counter(app, settings, client, windowed=windowed, install=install_excepthooks)
    heartbeat = Heartbeat(Notifier.from_env(), "patient kiosk ready")
    session = Session(settings.session.idle_timeout_s, settings.session.warning_s)
    window = build_window(app, settings, client, session, lifetimes=[heartbeat])
    install_excepthooks(window)
    if settings.kiosk.fullscreen and not windowed:
        window.showFullScreen()
    else:
        available = app.primaryScreen().availableGeometry()
        window.resize(*window_size(available.width(), available.height()))
        window.show()
    window.start()
    code = app.exec()
    window.stop()
    return code


def window_size(width: int, height: int) -> tuple[int, int]:
    """As large as the screen allows, up to a common kiosk panel of the screen's own
    orientation (1920x1080 lying, 1080x1920 standing): a portrait panel gets a portrait
    window, not a 1080x1080 square with the bottom left black."""
    cap_w, cap_h = (1920, 1080) if width >= height else (1080, 1920)
    return min(width, cap_w), min(height, cap_h)


def install_excepthooks(window) -> None:
    """Anything unexpected is logged (type and place only) and the kiosk returns home clean."""

    def on_exception(exc_type, exc, tb) -> None:
        logger.error("unexpected %s", exc_type.__name__, exc_info=(exc_type, exc, tb))
        try:
            window.reset_to_home()
        except Exception:  # the hook must never raise
            logger.exception("reset after an unexpected error failed")

    def on_thread_exception(hook_args: threading.ExceptHookArgs) -> None:
        logger.error("unexpected %s in thread %s", hook_args.exc_type.__name__, hook_args.thread)

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception

