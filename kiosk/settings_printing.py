"""Printing configuration: which printer prints what, and how the print queue behaves.

Embedded in the main settings as the ``[printing]`` table. Each printer is a tagged table
(``type = "cups" | "escpos" | "folder" | "qt"``): an unknown type or a misspelt key is a
validation error at start-up, never a surprise at the first print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CupsPrinterSettings(_Strict):
    type: Literal["cups"] = "cups"
    queue: str = Field(description="CUPS queue name (lpstat -p).", min_length=1, max_length=127,
                       pattern=r"^[^\s/#]+$")
    server: str | None = Field(
        None, description="Scheduler: host, host:port or socket path. None: CUPS_SERVER or the "
        "system default.")
    timeout_s: float = Field(10.0, ge=0.5, le=120, description="Deadline of every CUPS request.")
    options: dict[str, str] = Field(
        default_factory=dict, description="IPP job options, e.g. {media = \"A4\", sides = "
        "\"one-sided\"}.")


class EscposPrinterSettings(_Strict):
    type: Literal["escpos"] = "escpos"
    connection: Literal["network", "serial", "usb"] = Field(
        "network", description="How the receipt printer is attached.")
    host: str = Field("127.0.0.1", description="Network printers: address.")
    port: int = Field(9100, ge=1, le=65535, description="Network printers: raw TCP port.")
    device: str = Field("/dev/ttyUSB0", description="Serial printers: device path or COM port.")
    baudrate: int = Field(115200, ge=1200, le=921600, description="Serial printers: baud rate.")
    usb_vendor_id: int = Field(0x0416, ge=0, le=0xFFFF, description="USB printers: vendor id.")
    usb_product_id: int = Field(0x5011, ge=0, le=0xFFFF, description="USB printers: product id.")
    dots_per_line: int = Field(576, ge=256, le=1024,
                               description="Printable width in dots (576 for 80 mm at 203 dpi).")
    timeout_s: float = Field(5.0, ge=0.5, le=60, description="Connect/send/status deadline.")
    query_status: bool = Field(
        True, description="Ask the printer for its paper sensor (DLE EOT 4) before flows.")


class FolderPrinterSettings(_Strict):
    type: Literal["folder"] = "folder"
    path: Path = Field(description="Folder that receives one PDF per job (development only).")


class QtPrinterSettings(_Strict):
    type: Literal["qt"] = "qt"
    printer_name: str | None = Field(
        None, description="System printer name (Windows/macOS); None: the default printer.")


PrinterSettings = Annotated[
    CupsPrinterSettings | EscposPrinterSettings | FolderPrinterSettings | QtPrinterSettings,
    Field(discriminator="type"),
]


class PrintingSettings(_Strict):
    a4: PrinterSettings = Field(
        default_factory=lambda: CupsPrinterSettings(queue="KioskA4"),
        description="Printer for A4 lab and imaging reports.")
    slip: PrinterSettings = Field(
        default_factory=lambda: EscposPrinterSettings(),
        description="80 mm printer for registration slips, receipts and medication labels.")
    queue_db: Path | None = Field(
        None, description="SQLite file of the durable print queue; None: print-queue.db in the "
        "kiosk's data folder.")
    retry_initial_s: float = Field(
        2.0, ge=0.1, le=60, description="First retry delay while a printer is offline/stopped.")
    retry_max_s: float = Field(60.0, ge=1, le=3600, description="Longest retry delay (backoff cap).")
    poll_interval_s: float = Field(
        1.0, ge=0.05, le=30, description="How often submitted jobs are checked for completion.")
    reprint_limit: int = Field(
        2, ge=0, le=20, description="Reprints allowed per document after the first print.")
    failed_retention_s: int = Field(
        3600, ge=0, le=7 * 86400,
        description="How long a failed job's document stays in the queue for a reprint.")
    record_retention_days: int = Field(
        30, ge=1, le=366,
        description="How long a finished job's record (no document) stays in the queue, for "
        "reprint counts and staff questions; then it is deleted.")
    font: str | None = Field(
        None, description="Chinese TrueType font as path[#subfont]; None: looked up.")

    @model_validator(mode="after")
    def _backoff_ordered(self) -> PrintingSettings:
        if self.retry_max_s < self.retry_initial_s:
            raise ValueError("retry_max_s must be >= retry_initial_s")
        return self
