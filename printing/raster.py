"""PDF pages to monochrome images for printers that take bitmaps (thermal receipt printers).

Uses poppler's ``pdftoppm`` through pipes: the document never touches the disk.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from printing.printer import PrinterConfigError, PrinterError

logger = logging.getLogger(__name__)


def pdf_to_image(pdf: bytes, width_dots: int, *, timeout: float = 30.0) -> Image.Image:
    """The first page of `pdf` scaled to `width_dots`, thresholded to 1-bit."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise PrinterConfigError(code="printer_pdftoppm_missing")
    try:
        done = subprocess.run(
            [exe, "-png", "-gray", "-singlefile", "-scale-to-x", str(width_dots),
             "-scale-to-y", "-1", "-"],  # no output root: PNG goes to stdout
            input=pdf, capture_output=True, timeout=timeout, check=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise PrinterError(code="printer_raster_timeout") from exc
    except subprocess.CalledProcessError as exc:
        logger.warning("pdftoppm failed with exit status %d", exc.returncode)
        raise PrinterError(code="printer_raster_failed") from exc
    image = Image.open(io.BytesIO(done.stdout))
    image.load()
    # A fixed threshold keeps thin strokes of Chinese characters crisp (dithering blurs them).
    return image.convert("L").point(lambda v: 0 if v < 160 else 255, mode="1")


def pdf_pages_png(pdf: bytes, dpi: int, *, timeout: float = 60.0) -> list[bytes]:
    """Every page as PNG bytes. pdftoppm writes multi-page output only to files, so they go to
    a private temporary folder that is removed before returning."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise PrinterConfigError(code="printer_pdftoppm_missing")
    with tempfile.TemporaryDirectory(prefix="kiosk-raster-") as tmp:
        try:
            subprocess.run([exe, "-png", "-r", str(dpi), "-", str(Path(tmp) / "p")],
                           input=pdf, capture_output=True, timeout=timeout, check=True)
        except subprocess.TimeoutExpired as exc:
            raise PrinterError(code="printer_raster_timeout") from exc
        except subprocess.CalledProcessError as exc:
            raise PrinterError(code="printer_raster_failed") from exc
        return [page.read_bytes() for page in sorted(Path(tmp).glob("p-*.png"))]
