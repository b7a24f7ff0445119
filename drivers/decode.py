"""The kiosk's decode pipeline and the decoder chosen in configuration.

``decode(image)`` leads with zxing-cpp at full size, which measured best by far
(docs/benchmarks.md). Only when it finds nothing does the pipeline spend more time: Data
Matrix, then filtered and reduced copies (moiré, dim screens, glare), then a second library;
a sheet of several codes runs them all. Frames that read first time, the common case at a
kiosk, therefore cost one zxing call. A camera uses :class:`StreamDecoder`, which runs one
retry per unread frame. ``decode`` shares one pipeline; threads use ``make_decoder``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np

from drivers.decoders import (
    KIOSK_FORMATS,
    Decoder,
    OpenCVDecoder,
    PyzbarDecoder,
    Read,
    ZxingDecoder,
    to_gray,
)
from kiosk.errors import DeviceError

logger = logging.getLogger(__name__)

DecoderName = Literal["kiosk", "zxing", "pyzbar", "opencv", "opencv-aruco"]
DECODER_NAMES: tuple[str, ...] = ("kiosk", "zxing", "pyzbar", "opencv", "opencv-aruco")

# Camera frames above this are shrunk first: zxing's time grows with pixels, and a code that
# fills a useful part of a kiosk camera's view still has >= 3 px per module at this size.
MAX_SIDE = 1280
# A first attempt that reads this many codes has a sheet in view; the retries then look for
# more (+1 code of 225 on the print set; a phone shows one code, so kiosks rarely pay it).
SHEET_READS = 2
# Looked for only when nothing cheaper was read: Data Matrix detection is most of zxing's
# time on a frame with nothing in it, which is most of what a kiosk camera sees.
COSTLY_FORMATS = frozenset({"DataMatrix"})


def _downscale(gray: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    import cv2

    side = max(gray.shape[:2])
    if side <= max_side:
        return gray, 1.0
    factor = max_side / side
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    return small, factor


def _rescale(reads: list[Read], factor: float) -> list[Read]:
    if factor == 1.0:
        return reads
    return [
        Read(r.text, r.raw, r.symbology, tuple((x / factor, y / factor) for x, y in r.polygon))
        for r in reads
    ]


class KioskDecoder:
    """zxing-cpp first, at full size; only on a miss, zxing on cleaned-up (and, for large
    frames, reduced) copies, then zbar.

    The first attempt is split by cost: the symbologies a patient shows (QR, Code 128 and the
    other cheap ones) first, and only when they read nothing the Data Matrix detector, which
    alone costs three times as much as all the rest on a 1280x720 frame. Together the two
    look for every kiosk symbology at full size, as zxing-cpp alone does.

    Each retry was kept because it added reads on both benchmark sets without adding wrong
    reads (docs/benchmarks.md): a light blur and a morphological close remove display-pixel
    moiré, histogram equalisation rescues dim screens, the global binariser handles glare
    gradients, and zbar (raw bytes, QR and Code 128 only) reads a few symbols zxing cannot.
    The retries look only for the cheap symbologies: they are for phone screens and cards.
    """

    def __init__(self, *, formats: Sequence[str] = KIOSK_FORMATS, max_side: int = MAX_SIDE) -> None:
        import cv2

        self._cv2 = cv2
        cheap = tuple(f for f in formats if f not in COSTLY_FORMATS)
        costly = tuple(f for f in formats if f in COSTLY_FORMATS)
        self._zxing = ZxingDecoder(formats=cheap)
        self._zxing_costly = ZxingDecoder(formats=costly) if costly else None
        # Retries on filtered copies skip zxing's own downscaling where the filter already
        # did that job, which halves their cost.
        self._zxing_full = ZxingDecoder(formats=cheap, try_downscale=False)
        self._zxing_global = ZxingDecoder(formats=cheap, binarizer="GlobalHistogram")
        self._kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
        self._zbar: Decoder | None
        try:
            self._zbar = PyzbarDecoder(symbols=("QRCODE", "CODE128"))
        except DeviceError:
            # zbar only adds a few reads; a kiosk without libzbar still scans with zxing.
            logger.warning("libzbar not found: the kiosk decoder runs without its zbar fallback")
            self._zbar = None
        self._max_side = max_side

    def steps(self, full: np.ndarray) -> list[Callable[[], list[Read]]]:
        """The retries after a first attempt that read nothing, in order, each giving reads
        in the frame's own coordinates. A large frame is retried reduced: averaging pixels
        cuts the sensor noise of dark frames, and the filters cost a third of the time."""
        cv2 = self._cv2
        small, factor = _downscale(full, self._max_side)

        def on_small(decode: Callable[[np.ndarray], list[Read]], prepare=None):
            return lambda: _rescale(decode(prepare(small) if prepare else small), factor)

        steps = [lambda: self._zxing_costly(full)] if self._zxing_costly is not None else []
        if factor != 1.0:
            steps.append(on_small(self._zxing))
        if min(small.shape[:2]) < 16:
            return steps  # nothing a filter can rescue; also keeps 1-px images out of OpenCV
        steps += [
            on_small(self._zxing, lambda g: cv2.GaussianBlur(g, (3, 3), 0)),
            on_small(self._zxing_full, lambda g: cv2.morphologyEx(g, cv2.MORPH_CLOSE, self._kernel)),
            on_small(self._zxing_full, cv2.equalizeHist),
            on_small(self._zxing_global),
        ]
        if self._zbar is not None:
            steps.append(on_small(self._zbar))
        return steps

    def first(self, full: np.ndarray) -> list[Read]:
        """The first attempt: the cheap symbologies on the whole frame at full size."""
        return self._zxing(full)

    def __call__(self, image: np.ndarray) -> list[Read]:
        full = to_gray(image)
        # First at full size, as zxing-cpp alone reads: a reduced frame read first lost codes
        # zxing finds in very dark or bright photographs and small codes among several on a
        # sheet (docs/benchmarks.md).
        reads = self.first(full)
        if len(reads) >= SHEET_READS:
            # A sheet of codes: others on it may need a filter that a first read skipped.
            return _merge(reads, *(step() for step in self.steps(full)))
        if reads:
            return reads
        for step in self.steps(full):
            reads = step()
            if reads:
                return reads
        return []


class StreamDecoder:
    """The kiosk pipeline for a camera's stream of frames of one scene.

    A frame with nothing readable costs every retry, 240 ms for a 1280x720 frame on a busy
    2-core kiosk, and the frame that shows the patient's code then waits for it (p95 790 ms
    from that frame to the patient's home, docs/benchmarks.md). Here each frame that the
    first attempt cannot read runs one retry, the next frame the next one, so every retry
    still comes round within a few frames; a retry that reads is tried first on the frames
    after it, so a code that only it reads is read frame after frame, as the stable-scan
    check needs.
    """

    def __init__(self, still: KioskDecoder | None = None) -> None:
        self._still = still or KioskDecoder()
        self._next = 0
        self._sticky: int | None = None

    def __call__(self, image: np.ndarray) -> list[Read]:
        full = to_gray(image)
        reads = self._still.first(full)
        if reads:
            return reads
        steps = self._still.steps(full)
        if not steps:
            return []
        if self._sticky is not None and self._sticky < len(steps):
            reads = steps[self._sticky]()
            if reads:
                return reads
        self._sticky = None
        index = self._next % len(steps)
        self._next = index + 1
        reads = steps[index]()
        if reads:
            self._sticky = index
        return reads


def _merge(*groups: list[Read]) -> list[Read]:
    """Reads of several attempts, each symbol once (the first attempt's position kept)."""
    seen: set[tuple[str, str]] = set()
    merged = []
    for reads in groups:
        for r in reads:
            if (r.text, r.symbology) not in seen:
                seen.add((r.text, r.symbology))
                merged.append(r)
    return merged


class _Gray:
    """Adapts a greyscale-only library decoder to take any frame."""

    def __init__(self, decoder: Decoder) -> None:
        self._decoder = decoder

    def __call__(self, image: np.ndarray) -> list[Read]:
        return self._decoder(to_gray(image))


_FACTORIES: dict[str, Callable[[], Decoder]] = {
    "kiosk": KioskDecoder,
    "zxing": lambda: _Gray(ZxingDecoder()),
    "pyzbar": lambda: _Gray(PyzbarDecoder()),
    "opencv": lambda: _Gray(OpenCVDecoder()),
    "opencv-aruco": lambda: _Gray(OpenCVDecoder(aruco=True)),
}


# The libraries as they come, for the benchmark: their own charset handling included.
_RAW_FACTORIES: dict[str, Callable[[], Decoder]] = {
    **_FACTORIES,
    "zxing": lambda: _Gray(ZxingDecoder(kiosk_text=False)),
    "pyzbar": lambda: _Gray(PyzbarDecoder(raw_bytes=False)),
    "opencv": lambda: _Gray(OpenCVDecoder(kiosk_text=False)),
    "opencv-aruco": lambda: _Gray(OpenCVDecoder(aruco=True, kiosk_text=False)),
}


def make_decoder(name: str = "kiosk", *, raw_library: bool = False, stream: bool = False) -> Decoder:
    """Build the named decoder; raises DeviceError naming a missing library.

    The library decoders use the kiosk's charset handling unless ``raw_library`` is set.
    ``stream``: for a camera's frames (the kiosk pipeline spreads its retries over them).
    """
    if stream and name == "kiosk":
        return StreamDecoder()
    try:
        factory = (_RAW_FACTORIES if raw_library else _FACTORIES)[name]
    except KeyError:
        raise ValueError(f"unknown decoder {name!r}; choose one of {', '.join(DECODER_NAMES)}") from None
    return factory()


_default: Decoder | None = None


def decode(image: np.ndarray) -> list[Read]:
    """Decode with the kiosk pipeline (one shared instance; use make_decoder per thread)."""
    global _default
    if _default is None:
        _default = KioskDecoder()
    return _default(image)
