"""``python -m ui --self-test``: what an operator runs to check an installation, headless.

Local checks first (they need no network): parked outbox messages waiting for staff, and
every CUPS scheduler the printers use must not keep printed documents. Then the gateway:
reachable over the configured trust, and a demo patient can be identified. Then the device
status the maintenance view shows (``self-test STATUS`` lines): printers with paper and
toner, backlogs, disk, gateway latency. Problems print ``self-test FAILED`` and make the
exit code 1 (a full disk is one); ``self-test WARNING`` lines (a printer not ready) do not.
"""

from __future__ import annotations

import os
import sys

from kiosk.errors import KioskError
from kiosk.gateway_client import GatewayClient
from kiosk.outbox import Outbox
from kiosk.paths import data_dir
from kiosk.settings import Settings
from kiosk.settings_printing import CupsPrinterSettings


def parked_messages() -> list[str]:
    folder = data_dir()
    path = folder / "outbox.db"
    if not path.is_file():
        return []
    outbox = Outbox(path)
    try:
        count = outbox.dead()
    finally:
        outbox.close()
    if not count:
        return []
    return [f"{count} parked outbox message(s) wait for staff: "
            f"python -m kiosk.outbox list --data-dir {folder}"]


def cups_spool(settings: Settings) -> tuple[list[str], list[str]]:
    """(failures, warnings) about the schedulers behind the configured CUPS printers."""
    from printing.cups_printer import CupsPrinter
    from printing.cups_spool import spool_problem

    failures, warnings, seen = [], [], set()
    for printer in (settings.printing.a4, settings.printing.slip):
        if not isinstance(printer, CupsPrinterSettings):
            continue
        server = printer.server or os.environ.get("CUPS_SERVER") or "the default CUPS server"
        if server in seen:
            continue
        seen.add(server)
        try:
            problem = spool_problem(CupsPrinter(printer.queue, server=printer.server,
                                                timeout=printer.timeout_s))
        except KioskError as exc:  # unreachable, refused, or pycups missing
            warnings.append(f"could not read the settings of {server} ({exc.code}): "
                            "check PreserveJobFiles No by hand")
            continue
        if problem:
            failures.append(f"{server}: {problem}")
    return failures, warnings


def gateway(client: GatewayClient) -> tuple[str | None, str | None]:
    """(failure, success line) of the gateway check."""
    if not client.health():
        why = f" ({client.last_failure})" if client.last_failure else ""
        return f"gateway {client.base_url} is not reachable{why}", None
    try:
        capabilities = client.capabilities()
        patients = [p for p in client.demo_patients(1) if p.get("status") == "active"]
        if not patients:
            return "the gateway offers no demo patient", None
        code = client.demo_code(patients[0]["health_card_id"], "dynamic")
        result = client.identify(code, "manual")
    except KioskError as exc:
        return exc.message.en, None
    return None, (
        f"gateway {client.base_url} ({capabilities.hospital_code or 'hospital'}) "
        f"identified demo patient {result.patient.patient_id} "
        f"({result.patient.masked_name}, {result.patient.masked_id_number})"
    )


def device_status(client: GatewayClient, settings: Settings) -> tuple[list[str], list[str], list[str]]:
    """(status lines, failures, warnings) from the same model the maintenance view and the
    metrics read: printers with paper and toner, backlogs, disk, gateway latency."""
    from kiosk.device_status import Health, StatusBoard, program_version
    from ui.print_service import PrintService
    from ui.status_probe import StatusProbe

    folder = data_dir()
    board = StatusBoard(settings.kiosk.terminal_id, settings.kiosk.role.value, program_version())
    board.set_disk_floor(settings.disk.min_free_mb * 1024 * 1024)
    warnings: list[str] = []
    printer = outbox = None
    try:
        printer = PrintService.from_settings(settings.printing, folder)
    except KioskError as exc:
        warnings.append(f"printing not available: {exc.message.en}")
    if (folder / "outbox.db").is_file():
        outbox = Outbox(folder / "outbox.db")
    try:
        status = StatusProbe(board, client=client, printer=printer, outbox=outbox,
                             data_dir=folder).refresh()
    finally:
        if printer is not None:
            printer.close()
        if outbox is not None:
            outbox.close()
    lines = [f"[{health.value}] {text.en}" for health, text in status.lines()]
    failures = [text.en for health, text in status.lines()
                if health is Health.FAULT and text.en.startswith("Disk")]
    warnings += [text.en for health, text in status.lines()
                 if health is not Health.OK and text.en.startswith("Printer")]
    return lines, failures, warnings


def self_test(client: GatewayClient, settings: Settings) -> int:
    failures, warnings = cups_spool(settings)
    warnings += parked_messages()
    failure, ok = gateway(client)
    if failure:
        failures.insert(0, failure)
    lines, device_failures, device_warnings = device_status(client, settings)
    failures += device_failures
    warnings += device_warnings
    for line in lines:
        print(f"self-test STATUS: {line}")
    for line in warnings:
        print(f"self-test WARNING: {line}", file=sys.stderr)
    for line in failures:
        print(f"self-test FAILED: {line}", file=sys.stderr)
    if failures:
        return 1
    print(f"self-test OK: {ok}")
    return 0
