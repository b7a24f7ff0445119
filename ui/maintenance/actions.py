"""What the maintenance view's buttons do, without Qt: blocking calls the view runs through
the background helper, and the two ways out (restart, exit to desktop) the view calls on the
GUI thread.

Exit codes: the unit restarts the kiosk on any exit (``Restart=always``) except
:data:`EXIT_TO_DESKTOP`, which it lists in ``RestartPreventExitStatus=``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.clock import HospitalClock
from kiosk.errors import KioskError, Text
from kiosk.log_files import export_logs
from ui.status_probe import StatusProbe

RESTART = 0
EXIT_TO_DESKTOP = 64


class NoPrinting(KioskError):
    code = "printing_unavailable"
    message = Text("本机未配置打印。", "Printing is not set up on this kiosk.")


class MaintenanceActions:
    def __init__(self, *, probe: StatusProbe, printer, terminal_id: str, clock: HospitalClock,
                 data_dir: Path, export_dir: Path | None, quit: Callable[[int], None]) -> None:
        self._probe = probe
        self._printer = printer  # ui.print_service.PrintService or None
        self._terminal_id = terminal_id
        self._clock = clock
        self._data_dir = data_dir
        self._export_dir = export_dir
        self._quit = quit

    @property
    def printers(self) -> list[str]:
        return self._printer.printers if self._printer is not None else []

    def refresh(self) -> object:
        return self._probe.refresh()

    def test_print(self, printer: str) -> str:
        if self._printer is None:
            raise NoPrinting()
        when = self._clock.local(self._clock.now()).strftime("%Y-%m-%d %H:%M")
        job = self._printer.submit_test_page(printer, terminal_id=self._terminal_id, printed_at=when)
        self._probe.printers()
        return job

    def paper_replaced(self) -> int:
        if self._printer is None:
            raise NoPrinting()
        count = self._printer.paper_replaced()
        self._probe.printers()
        return count

    def export_logs(self) -> tuple[Path, int]:
        stamp = self._clock.local(self._clock.now()).strftime("%Y%m%d-%H%M%S")
        target = self._export_dir or self._data_dir / "exports"
        return export_logs(self._data_dir, target, f"kiosk-log-{self._terminal_id}-{stamp}.txt")

    def restart(self) -> None:
        self._quit(RESTART)

    def exit_to_desktop(self) -> None:
        self._quit(EXIT_TO_DESKTOP)
