"""A private pcscd with the virtual reader driver (vsmartcard-vpcd), and a virtual card.

pcscd listens on a fixed socket (``/run/pcscd/pcscd.comm``), so a private one runs in its
own mount namespace with that folder bound to a temporary one; the kiosk's PC/SC client
finds it through ``PCSCLITE_CSOCK_NAME``. The vpcd driver waits for a card on a TCP port
of ours; :class:`VirtualCard` (drivers.ss_card_sim) connects to it (inserting the card) and answers APDUs the
way the test says, in vpicc's framing (2-byte big-endian length, then the payload; a
1-byte payload is power off / on / reset / ATR). Closing it removes the card.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path

from drivers.ss_card_sim import ATR, Apdu, VirtualCard

__all__ = ["ATR", "Apdu", "PcscUnavailable", "PrivatePcscd", "VirtualCard"]

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
START_TIMEOUT_S = 10.0


class PcscUnavailable(RuntimeError):
    """pcscd or the virtual reader driver is missing: ``make sysdeps`` installs them."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivatePcscd:
    def __init__(self, folder: Path) -> None:
        if shutil.which("pcscd") is None or not VPCD_DRIVER.exists():
            raise PcscUnavailable("pcscd and vsmartcard-vpcd are needed (make sysdeps)")
        self.folder = folder
        self.port = _free_port()
        conf = folder / "reader.conf.d"
        run = folder / "run"
        conf.mkdir(parents=True)
        run.mkdir()
        (conf / "vpcd").write_text(
            f'FRIENDLYNAME "Kiosk Virtual PCD"\nDEVICENAME   /dev/null:0x{self.port:04X}\n'
            f"LIBPATH      {VPCD_DRIVER}\nCHANNELID    0x{self.port:04X}\n"
        )
        self.socket = run / "pcscd.comm"
        # /run/pcscd is made at boot by the package's tmpfiles rule: a machine that installed
        # pcscd since it booted (or has no systemd) has no mount point yet.
        script = f"mkdir -p /run/pcscd && mount --bind {run} /run/pcscd && exec pcscd -f -i -c {conf}"
        self._process = subprocess.Popen(
            ["unshare", "-m", "sh", "-c", script], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )
        self._ready = threading.Event()
        self.log: list[str] = []
        self._follower = threading.Thread(target=self._follow, daemon=True)
        self._follower.start()
        if not self._ready.wait(START_TIMEOUT_S):
            self.stop()
            raise PcscUnavailable("pcscd did not start: " + " | ".join(self.log[-5:]))
        os.environ["PCSCLITE_CSOCK_NAME"] = str(self.socket)

    def _follow(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self.log.append(line.rstrip())
            if "daemon ready" in line:
                self._ready.set()

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(5)
        # The follower reads to the end of the output, which the exit closed; only then is
        # the pipe closed here (closing it under a reading thread would fail that thread).
        self._follower.join(5)
        if self._process.stdout is not None:
            self._process.stdout.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m testbed.pcsc FOLDER``: a private pcscd for the demo, until stdin closes or
    SIGTERM. Prints ``PCSC READY <vpcd port> <socket>`` once it serves."""
    import signal
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m testbed.pcsc FOLDER (a folder that does not exist yet)", file=sys.stderr)
        return 2
    try:
        daemon = PrivatePcscd(Path(args[0]))
    except PcscUnavailable as exc:
        print(f"pcscd not started: {exc}", file=sys.stderr)
        return 1
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    print(f"PCSC READY {daemon.port} {daemon.socket}", flush=True)
    try:
        stopping.wait()
    except KeyboardInterrupt:
        pass
    daemon.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
