"""systemd's service notification protocol (sd_notify(3)): READY, WATCHDOG and STATUS.

Under a unit with ``Type=notify`` and ``WatchdogSec=``, systemd passes ``$NOTIFY_SOCKET``
(a datagram socket, ``@`` for the abstract namespace) and ``$WATCHDOG_USEC``. The kiosk says
``READY=1`` once its home screen is up and pings ``WATCHDOG=1`` from the GUI thread, so a
frozen GUI stops the pings and systemd restarts the kiosk. Outside systemd (a developer's
shell, the tests' default) there is no socket and every call does nothing.

The protocol is a few lines over a Unix socket; the libraries that wrap it are unmaintained
or need libsystemd, so it is written out here.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

logger = logging.getLogger(__name__)

SOCKET_ENV = "NOTIFY_SOCKET"
WATCHDOG_ENV = "WATCHDOG_USEC"
WATCHDOG_PID_ENV = "WATCHDOG_PID"


class Notifier:
    """Sends notifications to the service manager, if there is one."""

    def __init__(self, address: str | None, watchdog_usec: int | None = None) -> None:
        if address and address.startswith("@"):
            address = "\0" + address[1:]  # the abstract namespace
        self._address = address or None
        self.watchdog_usec = watchdog_usec

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Notifier:
        env = os.environ if env is None else env
        usec = env.get(WATCHDOG_ENV)
        pid = env.get(WATCHDOG_PID_ENV)
        # The watchdog is meant for the main process only (WATCHDOG_PID says which).
        mine = pid is None or pid == str(os.getpid())
        watchdog = int(usec) if usec and usec.isdigit() and int(usec) > 0 and mine else None
        return cls(env.get(SOCKET_ENV), watchdog)

    @property
    def active(self) -> bool:
        return self._address is not None

    def watchdog_interval_s(self) -> float | None:
        """How often to ping: half the watchdog timeout, as sd_watchdog_enabled(3) advises."""
        return self.watchdog_usec / 2_000_000 if self.watchdog_usec else None

    def ready(self, status: str = "") -> None:
        self._send("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def watchdog(self) -> None:
        self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        self._send(f"STATUS={text}")

    def stopping(self) -> None:
        self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        if self._address is None:
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.settimeout(1.0)
                sock.sendto(message.encode(), self._address)
        except OSError as exc:
            # The kiosk must go on serving patients even if its supervisor cannot be told.
            logger.warning("service manager not notified: %s", type(exc).__name__)
