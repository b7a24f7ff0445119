"""``python -m ui --self-test``: what an operator runs to check an installation, headless.

Local checks first (they need no network): parked outbox messages waiting for staff, and
every CUPS scheduler the printers use must not keep printed documents. Then the gateway:
reachable over the configured trust, and a demo patient can be identified. Problems print
``self-test FAILED`` and make the exit code 1; ``self-test WARNING`` lines do not.
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


def self_test(client: GatewayClient, settings: Settings) -> int:
    failures, warnings = cups_spool(settings)
    warnings += parked_messages()
    failure, ok = gateway(client)
    if failure:
        failures.insert(0, failure)
    for line in warnings:
        print(f"self-test WARNING: {line}", file=sys.stderr)
    for line in failures:
        print(f"self-test FAILED: {line}", file=sys.stderr)
    if failures:
        return 1
    print(f"self-test OK: {ok}")
    return 0
