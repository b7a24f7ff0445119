"""The one interface every printer implements, and the states the kiosk reasons about.

The kiosk reads :meth:`Printer.state` before a flow that must print, so a patient hears
"the receipt printer is out of paper" before paying rather than after. Job ids are opaque
strings: a CUPS job number, or a local id for printers that print synchronously.
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from kiosk.errors import ConfigError, DeviceError, Text


class Status(enum.StrEnum):
    READY = "ready"
    PAPER_OUT = "paper_out"
    STOPPED = "stopped"  # paused by staff or by an error the device reported
    OFFLINE = "offline"  # cannot be reached (scheduler down, cable out, socket refused)
    REJECTING = "rejecting"  # reachable but refuses new jobs
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterState:
    status: Status
    reason: str = ""  # device/scheduler wording, for staff and logs; never personal data
    toner: str = "unknown"  # "ok", "low", "empty" where the printer reports its supplies

    @property
    def ready(self) -> bool:
        return self.status is Status.READY


class JobState(enum.StrEnum):
    PENDING = "pending"  # waiting in the printer's queue (also while the printer is stopped)
    HELD = "held"
    PROCESSING = "processing"
    STOPPED = "stopped"
    COMPLETED = "completed"
    CANCELED = "canceled"
    ABORTED = "aborted"
    UNKNOWN = "unknown"  # the printer no longer knows the job (history purged, scheduler reset)

    @property
    def finished(self) -> bool:
        return self in (JobState.COMPLETED, JobState.CANCELED, JobState.ABORTED)


@runtime_checkable
class Printer(Protocol):
    name: str
    # True if find_job can tell whether a title was submitted (CUPS, folder). Receipt printers
    # cannot: after a crash mid-send the queue then asks staff instead of printing again.
    tracks_titles: bool

    def submit(self, pdf: bytes, title: str) -> str:
        """Send one document; returns the printer's job id. Raises :class:`PrinterError`."""
        ...

    def job_state(self, job_id: str) -> JobState: ...

    def state(self) -> PrinterState: ...

    def find_job(self, title: str) -> str | None:
        """The id of a job submitted with this exact title, if the printer still knows it.

        Used after a crash to learn whether a submission went through; only meaningful when
        ``tracks_titles`` is true.
        """
        ...


class FinishedJobs:
    """The ids of the last ``keep`` jobs a printer that prints synchronously has finished.

    The print queue asks for a job's state until it is finished, then never again; a set of
    every id would grow by one entry a print for as long as the kiosk runs.
    """

    def __init__(self, keep: int = 256) -> None:
        self._keep = keep
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, job_id: str) -> None:
        self._ids[job_id] = None
        while len(self._ids) > self._keep:
            self._ids.popitem(last=False)

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)


class PrinterError(DeviceError):
    code = "printer_error"
    message = Text(zh="打印机暂时无法使用。", en="The printer is not available.")


class PrinterOffline(PrinterError):
    """Transient: the printer or its scheduler cannot be reached; retry later."""

    code = "printer_offline"
    message = Text(zh="打印机未连接。", en="The printer cannot be reached.")


class PrinterRejecting(PrinterError):
    """The queue refuses jobs (disabled by staff for maintenance): needs a person."""

    code = "printer_rejecting"
    message = Text(zh="打印机暂停接收打印任务。", en="The printer is not accepting jobs.")


class PrinterConfigError(ConfigError):
    """Raised at start-up: unknown printer type, missing native library, bad address."""

    code = "printer_config"
    message = Text(zh="打印机配置有误。", en="The printer configuration is invalid.")
