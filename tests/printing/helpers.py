"""Test utilities: bounded polling, PDF inspection, a fake network receipt printer."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

RT_STATUS_PAPER = b"\x10\x04\x04"
PAPER_OK = 0x12
PAPER_OUT = 0x72


def wait_until(condition: Callable[[], object], timeout: float = 15.0,
               interval: float = 0.05, what: str = "condition") -> object:
    """Poll `condition` until it is truthy or `timeout` passes (then fail)."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        pause.wait(interval)  # an Event that is never set: a bounded pause between polls


def pdf_text(pdf: bytes | Path) -> str:
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          timeout=30, check=True)
    return done.stdout.decode("utf-8")


def pdf_fonts(pdf: bytes | Path) -> list[dict[str, str]]:
    """Rows of `pdffonts`: name, type, emb (yes/no). pdffonts reads only files."""
    if isinstance(pdf, bytes):
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(pdf)
            fh.flush()
            return pdf_fonts(Path(fh.name))
    done = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=30,
                          check=True)
    rows = []
    for line in done.stdout.splitlines()[2:]:
        parts = line.split()
        # name, type (may be two words), encoding, emb, sub, uni, object, id
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
    return rows


def pdf_pages(pdf: bytes) -> int:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, timeout=30,
                          check=True)
    for line in done.stdout.decode().splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo printed no page count")


class FakeReceiptPrinter:
    """A TCP listener on 127.0.0.1 standing in for a network ESC/POS printer.

    Records the bytes of every connection and answers the paper-sensor query (DLE EOT 4) with
    `paper_byte`, as a real printer does.
    """

    def __init__(self) -> None:
        self.paper_byte = PAPER_OK
        self.jobs: list[bytes] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-escpos", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                data = bytearray()
                while True:
                    try:
                        chunk = conn.recv(65536)
                    except TimeoutError:
                        break
                    if not chunk:
                        break
                    data += chunk
                    if data.endswith(RT_STATUS_PAPER):
                        conn.sendall(bytes([self.paper_byte]))
                self.jobs.append(bytes(data))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()
