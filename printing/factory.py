"""One factory from settings to a :class:`~printing.printer.Printer`.

Called at start-up: an unknown type is already rejected by the settings schema, and a
missing native library (pycups, pyusb, Qt print support) raises
:class:`~printing.printer.PrinterConfigError` here rather than at the first print.
"""

from __future__ import annotations

from kiosk.settings_printing import (
    CupsPrinterSettings,
    EscposPrinterSettings,
    FolderPrinterSettings,
    PrinterSettings,
    QtPrinterSettings,
)
from printing.printer import Printer, PrinterConfigError


def create_printer(settings: PrinterSettings, *, name: str) -> Printer:
    if isinstance(settings, CupsPrinterSettings):
        from printing.cups_printer import CupsPrinter

        return CupsPrinter(settings.queue, server=settings.server, timeout=settings.timeout_s,
                           options=settings.options, name=name)
    if isinstance(settings, EscposPrinterSettings):
        from printing.escpos_printer import EscposPrinter

        return EscposPrinter(settings, name=name)
    if isinstance(settings, FolderPrinterSettings):
        from printing.folder_printer import FolderPrinter

        return FolderPrinter(settings.path, name=name)
    if isinstance(settings, QtPrinterSettings):
        from printing.qt_printer import QtPrinter

        return QtPrinter(settings.printer_name, name=name)
    raise PrinterConfigError(code="printer_type_unknown")
