"""One adapter per decoding library, each turning a greyscale frame into :class:`Read` values.

Every adapter imports its library when it is built, so a missing wheel or native library
(libzbar for pyzbar) is a :class:`DeviceError` at start-up naming what to install, never an
ImportError at the first scan. Adapters are per-instance objects: OpenCV's detectors keep
state and are not shared between threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from drivers.charset import decode_payload, has_eci
from kiosk.errors import DeviceError, Text

logger = logging.getLogger(__name__)

Point = tuple[float, float]


@dataclass(frozen=True)
class Read:
    """One decoded symbol: text, the payload bytes when known, symbology and corner points."""

    text: str
    raw: bytes | None
    symbology: str
    polygon: tuple[Point, ...]

    def __repr__(self) -> str:  # payloads identify patients: keep them out of logs
        return f"Read(symbology={self.symbology}, len={len(self.text)})"


Decoder = Callable[[np.ndarray], list[Read]]


def missing_library(what: str, install: str) -> DeviceError:
    return DeviceError(
        Text(
            zh=f"扫码组件缺失：{what}。请安装：{install}",
            en=f"Scanning library missing: {what}. Install it with: {install}",
        ),
        code="decoder_missing",
    )


def to_gray(image: np.ndarray) -> np.ndarray:
    import cv2

    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


# Symbologies the kiosk meets: health codes (QR), visit cards, receipts and specimen labels
# (Code 128), drug boxes (GS1 DataMatrix, EAN-13). Leaving the rest off avoids the spurious
# linear reads that noisy photographs produce.
KIOSK_FORMATS = ("QRCode", "MicroQRCode", "Code128", "DataMatrix", "EAN13")


class ZxingDecoder:
    """zxing-cpp. ``kiosk_text`` re-decodes the raw bytes with :mod:`drivers.charset`."""

    def __init__(self, *, formats: tuple[str, ...] | None = None, kiosk_text: bool = True,
                 binarizer: str = "LocalAverage", try_downscale: bool = True) -> None:
        try:
            import zxingcpp
        except ImportError as exc:
            raise missing_library("zxing-cpp", "pip install zxing-cpp") from exc
        self._zx = zxingcpp
        self._formats: Any = (
            zxingcpp.barcode_formats_from_str(",".join(formats)) if formats else None
        )
        self._kiosk_text = kiosk_text
        self._binarizer = getattr(zxingcpp.Binarizer, binarizer)
        self._try_downscale = try_downscale

    def __call__(self, gray: np.ndarray) -> list[Read]:
        kwargs: dict[str, Any] = {
            "binarizer": self._binarizer,
            "try_downscale": self._try_downscale,
        }
        if self._formats is not None:
            kwargs["formats"] = self._formats
        found = self._zx.read_barcodes(gray, **kwargs)
        return [self._to_read(r) for r in found]

    def _to_read(self, r: Any) -> Read:
        raw = bytes(r.bytes)
        if self._kiosk_text:
            eci_text = r.text if has_eci(r.symbology_identifier) else None
            text = decode_payload(raw, eci_text)
        else:
            text = r.text
        p = r.position
        polygon = tuple(
            (float(q.x), float(q.y)) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        )
        return Read(text, raw, r.format.name, polygon)


_ZBAR_NAMES = {"QRCODE": "QRCode", "CODE128": "Code128", "EAN13": "EAN13", "CODE39": "Code39"}
# ZBAR_CFG_BINARY in zbar >= 0.23.1 (pyzbar's enum predates it): hand back the payload bytes
# untouched instead of zbar's charset guess, which turns GBK and some UTF-8 into nonsense.
_ZBAR_CFG_BINARY = 4


class PyzbarDecoder:
    """pyzbar (libzbar).

    ``raw_bytes=True`` asks zbar for the untouched payload and decodes it with
    :mod:`drivers.charset`; otherwise zbar's own UTF-8 transcoding is used, as plain
    pyzbar does. ``symbols`` limits the symbologies (zbar names, e.g. ``"QRCODE"``).
    """

    def __init__(self, *, raw_bytes: bool = True, symbols: tuple[str, ...] | None = None) -> None:
        try:
            from pyzbar import pyzbar
            from pyzbar.wrapper import ZBarSymbol
        except (ImportError, OSError) as exc:  # ImportError also when libzbar.so is missing
            raise missing_library(
                "libzbar (pyzbar)", "apt-get install libzbar0 && pip install pyzbar"
            ) from exc
        self._pyzbar = pyzbar
        self._symbols = [ZBarSymbol[name] for name in symbols] if symbols else None
        self._raw_bytes = raw_bytes

    def __call__(self, gray: np.ndarray) -> list[Read]:
        try:
            found = self._scan(gray) if self._raw_bytes else self._pyzbar.decode(gray, self._symbols)
        except Exception:  # zbar raises on structured-append and some damaged symbols
            logger.debug("pyzbar failed on a frame", exc_info=True)
            return []
        reads = []
        for r in found:
            raw = bytes(r.data)
            text = decode_payload(raw) if self._raw_bytes else raw.decode("utf-8", "replace")
            polygon = tuple((float(p.x), float(p.y)) for p in r.polygon)
            reads.append(Read(text, raw, _ZBAR_NAMES.get(r.type, r.type), polygon))
        return reads

    def _scan(self, gray: np.ndarray) -> list[Any]:
        """pyzbar.decode with binary output switched on; pyzbar offers no option for it."""
        from ctypes import c_void_p, cast

        from pyzbar import pyzbar as pz
        from pyzbar.wrapper import ZBarConfig, ZBarSymbol, zbar_image_scanner_set_config

        gray = np.ascontiguousarray(gray)
        height, width = gray.shape[:2]
        pixels = gray.tobytes()
        with pz._image_scanner() as scanner:
            if self._symbols:
                zbar_image_scanner_set_config(scanner, ZBarSymbol.NONE, ZBarConfig.CFG_ENABLE, 0)
                for symbol in self._symbols:
                    zbar_image_scanner_set_config(scanner, symbol, ZBarConfig.CFG_ENABLE, 1)
            zbar_image_scanner_set_config(scanner, ZBarSymbol.QRCODE, _ZBAR_CFG_BINARY, 1)
            with pz._image() as image:
                pz.zbar_image_set_format(image, pz._FOURCC["L800"])
                pz.zbar_image_set_size(image, width, height)
                pz.zbar_image_set_data(image, cast(pixels, c_void_p), len(pixels), None)
                if pz.zbar_scan_image(scanner, image) < 0:
                    return []
                return list(pz._decode_symbols(pz._symbols_for_image(image)))


class OpenCVDecoder:
    """OpenCV's QR detectors: the classic one, or the ArUco-based one (``aruco=True``)."""

    def __init__(self, *, aruco: bool = False, kiosk_text: bool = True) -> None:
        try:
            import cv2
        except ImportError as exc:
            raise missing_library("OpenCV", "pip install opencv-python-headless") from exc
        self._detector = cv2.QRCodeDetectorAruco() if aruco else cv2.QRCodeDetector()
        self._kiosk_text = kiosk_text

    def __call__(self, gray: np.ndarray) -> list[Read]:
        try:
            ok, texts, points, _ = self._detector.detectAndDecodeMulti(gray)
        except Exception:  # cv2.error on degenerate detections
            logger.debug("OpenCV QR detector failed on a frame", exc_info=True)
            return []
        if not ok or points is None:
            return []
        reads = []
        for text, quad in zip(texts, points, strict=False):
            if text:
                polygon = tuple((float(x), float(y)) for x, y in quad)
                reads.append(self._to_read(text, polygon))
        return reads

    def _to_read(self, text: str, polygon: tuple[Point, ...]) -> Read:
        if not self._kiosk_text:
            return Read(text, None, "QRCode", polygon)
        # OpenCV hands byte-mode payloads over as ISO 8859-1 text: that maps back to the
        # payload bytes, which then get the kiosk's charset rules (GBK would otherwise be
        # shown as Latin letters). Text it decoded otherwise (UTF-8) does not map back.
        try:
            raw = text.encode("latin-1")
        except UnicodeEncodeError:
            return Read(text, text.encode("utf-8"), "QRCode", polygon)
        return Read(decode_payload(raw), raw, "QRCode", polygon)
