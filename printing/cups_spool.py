"""Does a CUPS scheduler keep printed documents? (``PreserveJobFiles`` in its cupsd.conf)

A kiosk's reports carry a patient's results; CUPS keeps each job's document in its spool for
a day unless ``PreserveJobFiles No``. The self-test reads the scheduler's own configuration
over IPP (``/admin/conf/cupsd.conf``, what ``cupsctl`` edits) and reports a scheduler that
keeps them. Job history (``PreserveJobHistory``) holds only opaque titles and may stay on.
"""

from __future__ import annotations

import re

from printing.cups_printer import CupsPrinter

CONF_PATH = "/admin/conf/cupsd.conf"
# cupsd's own default when the directive is absent: keep documents for 86400 s.
DEFAULT = "86400"
_OFF = {"no", "off", "false", "disabled", "0"}
_DIRECTIVE = re.compile(r"^\s*PreserveJobFiles\s+(\S+)", re.IGNORECASE)


def preserve_job_files(conf: str) -> str:
    """The effective value in a cupsd.conf text: the last top-level directive, else the
    default. Directives inside ``<Location>``/``<Policy>`` sections are not server settings."""
    value, depth = DEFAULT, 0
    for line in conf.splitlines():
        stripped = line.strip()
        if stripped.startswith("</"):
            depth = max(0, depth - 1)
            continue
        if stripped.startswith("<"):
            depth += 1
            continue
        match = _DIRECTIVE.match(line)
        if match and depth == 0:
            value = match.group(1)
    return value


def keeps_documents(value: str) -> bool:
    return value.strip().lower() not in _OFF


def spool_problem(printer: CupsPrinter) -> str | None:
    """What is wrong with the scheduler behind ``printer``, or None when it keeps no
    documents. Raises :class:`printing.printer.PrinterError` when it cannot be asked."""
    value = preserve_job_files(printer.server_file(CONF_PATH))
    if keeps_documents(value):
        return (f"CUPS keeps printed documents in its spool (PreserveJobFiles {value}); "
                "set PreserveJobFiles No in cupsd.conf (cupsctl PreserveJobFiles=No)")
    return None
