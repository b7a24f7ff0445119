"""Scan to screen: a scan completes → the patient's home is painted, in the real window.

    python -m bench.scan_to_screen [-n 60] [--json OUT]

``wedge``: the scanner's burst is typed into the window as key events (the wedge filter sees
them as a scanner's), and the clock starts at the Enter that ends it. ``camera``: recorded
1280x720 frames go through the kiosk's own camera handoff and decode worker (the configured
decoder, the stable-scan check of 3 frames) at the configured 15 frames a second: a second
of an empty desk, then a printed health code; the clock starts when the first frame showing
the code is handed over. A camera cannot do better than the two frame intervals (133 ms)
the stable check waits. Both then run the
real path: classify, identify against the gateway process on loopback (demo data), the
patient screen built and painted. Each iteration is a new patient; the session is ended
between them. One process, one core's worth of client; the gateway runs beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import segno
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bench.kiosk_harness import KioskRig, wait_until
from bench.stats import describe
from drivers.camera import CameraSource
from drivers.decode import make_decoder
from drivers.decoders import Decoder
from kiosk.settings_scanning import CameraSettings

FRAME_INTERVAL_S = 1 / CameraSettings().fps  # the configured default rate


def wedge_once(rig: KioskRig, card: str) -> float:
    code = rig.gateway.code(card)
    QTest.keyClicks(rig.window.home, code)
    rig.probe.arm()
    started = time.perf_counter()
    QTest.keyClick(rig.window.home, Qt.Key.Key_Return)
    wait_until(rig.painted, "the patient home after a wedge scan")
    elapsed = (rig.probe.painted_at - started) * 1000
    rig.end_session()
    return elapsed


def desk_frame(text: str | None, seed: int) -> np.ndarray:
    """A 1280x720 camera view of a desk, with a printed code on it when ``text`` is given."""
    frame = np.full((720, 1280), 120, np.uint8)
    if text is not None:
        qr = np.array(segno.make(text, error="m").matrix, dtype=np.uint8)
        symbol = cv2.resize(np.where(qr, 0, 255).astype(np.uint8), None, fx=6, fy=6,
                            interpolation=cv2.INTER_NEAREST)
        symbol = cv2.copyMakeBorder(symbol, 24, 24, 24, 24, cv2.BORDER_CONSTANT, value=250)
        y, x = (720 - symbol.shape[0]) // 2, (1280 - symbol.shape[1]) // 2
        frame[y:y + symbol.shape[0], x:x + symbol.shape[1]] = symbol
    noise = np.random.default_rng(seed).normal(0, 4, frame.shape)
    noisy = cv2.GaussianBlur(frame, (3, 3), 0) + noise
    return cv2.cvtColor(np.clip(noisy, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


class RecordedCamera:
    """The kiosk's camera source, its latest-frame handoff and decode worker as they run,
    fed recorded frames at the camera's rate instead of from a device."""

    def __init__(self, rig: KioskRig, decoder: str | Decoder | None = None) -> None:
        scanning = rig.settings.scanning
        self.source = CameraSource(CameraSettings(device="recorded"),
                                   decoder=decoder or scanning.decoder,
                                   stable_frames=scanning.stable_frames,
                                   hold_off_s=scanning.hold_off_s)
        self.source._on_scan = rig.window.devices.scanned.emit  # as DeviceSources delivers
        self.worker = threading.Thread(target=self.source._decode_loop, daemon=True)
        self.worker.start()
        self.empty = [desk_frame(None, seed) for seed in range(4)]

    def play(self, frames: list[np.ndarray], stop: threading.Event) -> float:
        """Puts ``frames`` (then the last one, repeated) at the frame rate until ``stop``;
        returns when the first of them was put."""
        started = time.perf_counter()
        n = 0
        while not stop.is_set():
            self.source._slot.put(frames[min(n, len(frames) - 1)])
            n += 1
            stop.wait(max(0.0, started + n * FRAME_INTERVAL_S - time.perf_counter()))
        return started

    def close(self) -> None:
        self.source._stopping.set()
        self.source._slot.close()
        self.worker.join()


def camera_once(rig: KioskRig, camera: RecordedCamera, card: str, seed: int) -> float:
    """A second of an empty desk (the decoder busy on frames with nothing to read), then the
    patient's printed code; timed from the first frame that shows it."""
    empty = [camera.empty[i % 4] for i in range(int(1 / FRAME_INTERVAL_S))]
    stop = threading.Event()
    threading.Timer(len(empty) * FRAME_INTERVAL_S, stop.set).start()
    camera.play(empty, stop)
    frame = desk_frame(rig.gateway.code(card, kind="static"), seed)
    rig.probe.arm()
    stop = threading.Event()
    started: list[float] = []
    feeder = threading.Thread(target=lambda: started.append(camera.play([frame], stop)))
    feeder.start()
    try:
        wait_until(rig.painted, "the patient home after camera frames")
    finally:
        stop.set()
        feeder.join()
    elapsed = (rig.probe.painted_at - started[0]) * 1000
    rig.end_session()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=60, help="scans of each kind (plus 3 warm-up)")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    rig = KioskRig()
    results = {}
    try:
        cards = rig.cards
        wedge = [wedge_once(rig, cards[i % len(cards)]) for i in range(args.n + 3)][3:]
        results["wedge scan → patient home painted"] = describe(wedge)
        # The camera's stream pipeline, then (for comparison) the whole-image one it replaced.
        for label, decoder in (("", None), (", whole-image pipeline", make_decoder("kiosk"))):
            camera = RecordedCamera(rig, decoder)
            try:
                frames = [camera_once(rig, camera, cards[(i + 100) % len(cards)], i)
                          for i in range(args.n + 3)][3:]
            finally:
                camera.close()
            results[f"camera frame → patient home painted{label}"] = describe(frames)
    finally:
        rig.close()
    for what, d in results.items():
        print(f"{what}: median {d['median_ms']} ms, p95 {d['p95_ms']} ms, max {d['max_ms']} ms"
              f" (n={d['n']})")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
