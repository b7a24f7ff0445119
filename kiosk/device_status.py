"""The machine's state in one Qt-free model: scanners, camera, printers, gateway, backlogs, disk.

One :class:`StatusBoard` per kiosk holds the latest facts; whoever learns something (a
scanner's thread, the print queue's poll, the gateway check) writes it, and three readers
take a :class:`DeviceStatus` snapshot: the Prometheus metrics at each scrape, the staff
maintenance view, and ``--self-test``. Values are device kinds, states and counts only —
never a patient's name, code or document — so they can go in metric labels and logs.

Listeners (``board.on_changed``) are called on the thread that wrote; a UI marshals.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from kiosk.errors import Text


class Health(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"  # serving, but staff should look (toner low, backlog, disk getting full)
    FAULT = "fault"  # a part does not work (paper out, scanner gone, gateway away)
    UNKNOWN = "unknown"  # not checked yet


# The printer states of printing.printer.Status, as plain text: the core knows no printing.
PRINTER_STATES = ("ready", "paper_out", "stopped", "offline", "rejecting", "unknown")
TONER_LEVELS = ("ok", "low", "empty", "unknown")


# Chip-card readers report on the scanners' board under their card kind (kiosk.cards).
CARD_READERS = frozenset({"id_card", "social_security"})


@dataclass(frozen=True)
class ScannerStatus:
    name: str  # the source kind: "serial", "evdev", "camera", "wedge"
    state: str  # "connected" / "disconnected" (kiosk.scan.SourceState)

    @property
    def health(self) -> Health:
        return Health.OK if self.state == "connected" else Health.FAULT


@dataclass(frozen=True)
class PrinterStatus:
    name: str  # the role: "a4", "slip"
    state: str = "unknown"  # one of PRINTER_STATES
    reason: str = ""  # the scheduler's words for staff; never personal data
    toner: str = "unknown"  # one of TONER_LEVELS
    backlog: int = 0  # jobs stored and not yet printed

    @property
    def health(self) -> Health:
        if self.state == "ready":
            return Health.WARNING if self.toner in ("low", "empty") else Health.OK
        return Health.UNKNOWN if self.state == "unknown" else Health.FAULT


@dataclass(frozen=True)
class GatewayStatus:
    reachable: bool | None = None  # None: not checked yet
    latency_s: float | None = None  # of the last successful check

    @property
    def health(self) -> Health:
        if self.reachable is None:
            return Health.UNKNOWN
        return Health.OK if self.reachable else Health.FAULT


@dataclass(frozen=True)
class DiskStatus:
    free_bytes: int | None = None
    total_bytes: int | None = None
    min_free_bytes: int = 200 * 1024 * 1024  # below this, nothing new is queued

    @property
    def full(self) -> bool:
        return self.free_bytes is not None and self.free_bytes < self.min_free_bytes

    @property
    def health(self) -> Health:
        if self.free_bytes is None:
            return Health.UNKNOWN
        if self.full:
            return Health.FAULT
        return Health.WARNING if self.free_bytes < 2 * self.min_free_bytes else Health.OK


@dataclass(frozen=True)
class Backlog:
    outbox_pending: int = 0  # usage reports and audit events not yet delivered
    outbox_parked: int = 0  # refused for good: staff re-drive them (python -m kiosk.outbox)

    @property
    def health(self) -> Health:
        return Health.WARNING if self.outbox_parked else Health.OK


@dataclass(frozen=True)
class DeviceStatus:
    """One consistent reading of the whole machine."""

    terminal_id: str
    role: str
    version: str
    scanners: tuple[ScannerStatus, ...] = ()
    printers: tuple[PrinterStatus, ...] = ()
    gateway: GatewayStatus = field(default_factory=GatewayStatus)
    backlog: Backlog = field(default_factory=Backlog)
    disk: DiskStatus = field(default_factory=DiskStatus)
    help_requests_open: int = 0

    @property
    def print_backlog(self) -> int:
        return sum(p.backlog for p in self.printers)

    def printer(self, name: str) -> PrinterStatus | None:
        return next((p for p in self.printers if p.name == name), None)

    def lines(self) -> list[tuple[Health, Text]]:
        """Every part with its health and a line for staff, in the order the view shows."""
        out: list[tuple[Health, Text]] = []
        for s in self.scanners:
            zh, en = ("读卡器", "Card reader") if s.name in CARD_READERS else ("扫码器", "Scanner")
            out.append((s.health, Text(f"{zh} {s.name}：{_ZH_SCANNER.get(s.state, s.state)}",
                                       f"{en} {s.name}: {s.state}")))
        for p in self.printers:
            zh = _ZH_PRINTER.get(p.state, p.state)
            toner = "" if p.toner == "unknown" else f"，墨粉 {_ZH_TONER.get(p.toner, p.toner)}"
            toner_en = "" if p.toner == "unknown" else f", toner {p.toner}"
            reason = f" ({p.reason})" if p.reason and p.state != "ready" else ""
            out.append((p.health, Text(f"打印机 {p.name}：{zh}{toner}，待打印 {p.backlog}{reason}",
                                       f"Printer {p.name}: {p.state}{toner_en}, {p.backlog} waiting{reason}")))
        g = self.gateway
        if g.reachable is None:
            out.append((g.health, Text("医院网关：尚未检查", "Gateway: not checked yet")))
        elif g.reachable:
            ms = f"{g.latency_s * 1000:.0f} ms" if g.latency_s is not None else "?"
            out.append((g.health, Text(f"医院网关：在线，{ms}", f"Gateway: reachable, {ms}")))
        else:
            out.append((g.health, Text("医院网关：无法连接", "Gateway: not reachable")))
        b = self.backlog
        out.append((b.health, Text(f"待发送 {b.outbox_pending} 条，搁置 {b.outbox_parked} 条",
                                   f"Outbox: {b.outbox_pending} waiting, {b.outbox_parked} parked")))
        d = self.disk
        if d.free_bytes is None:
            out.append((d.health, Text("磁盘：尚未检查", "Disk: not checked yet")))
        else:
            mb = d.free_bytes // (1024 * 1024)
            full = "（已满，不再接收打印）" if d.full else ""
            full_en = " (full: nothing new is queued)" if d.full else ""
            out.append((d.health, Text(f"磁盘可用 {mb} MB{full}", f"Disk: {mb} MB free{full_en}")))
        return out

    def problems(self) -> list[str]:
        """English lines for the parts that are at fault (self-test, logs)."""
        return [text.en for health, text in self.lines() if health is Health.FAULT]


_ZH_SCANNER = {"connected": "已连接", "disconnected": "未连接"}
_ZH_PRINTER = {"ready": "就绪", "paper_out": "缺纸", "stopped": "已暂停", "offline": "离线",
               "rejecting": "拒收任务", "unknown": "未知"}
_ZH_TONER = {"ok": "正常", "low": "不足", "empty": "用尽"}


class StatusBoard:
    """The latest facts, written from any thread, read as one snapshot."""

    def __init__(self, terminal_id: str, role: str, version: str) -> None:
        self._lock = threading.Lock()
        self._status = DeviceStatus(terminal_id=terminal_id, role=role, version=version)
        self._listeners: list[Callable[[DeviceStatus], None]] = []

    def on_changed(self, listener: Callable[[DeviceStatus], None]) -> None:
        self._listeners.append(listener)

    def snapshot(self) -> DeviceStatus:
        with self._lock:
            return self._status

    def _change(self, **changes: object) -> None:
        with self._lock:
            before = self._status
            self._status = replace(before, **changes)
            after = self._status
        if after != before:
            for listener in list(self._listeners):
                listener(after)

    def set_scanner(self, name: str, state: str) -> None:
        with self._lock:
            scanners = {s.name: s for s in self._status.scanners}
        scanners[name] = ScannerStatus(name, str(state))
        self._change(scanners=tuple(sorted(scanners.values(), key=lambda s: s.name)))

    def set_printer(self, name: str, *, state: str | None = None, reason: str | None = None,
                    toner: str | None = None, backlog: int | None = None) -> None:
        with self._lock:
            printers = {p.name: p for p in self._status.printers}
        old = printers.get(name, PrinterStatus(name))
        printers[name] = replace(
            old,
            state=old.state if state is None else (state if state in PRINTER_STATES else "unknown"),
            reason=old.reason if reason is None else reason,
            toner=old.toner if toner is None else (toner if toner in TONER_LEVELS else "unknown"),
            backlog=old.backlog if backlog is None else max(0, int(backlog)),
        )
        self._change(printers=tuple(sorted(printers.values(), key=lambda p: p.name)))

    def set_gateway(self, reachable: bool, latency_s: float | None = None) -> None:
        self._change(gateway=GatewayStatus(bool(reachable), latency_s if reachable else None))

    def set_backlog(self, outbox_pending: int, outbox_parked: int) -> None:
        self._change(backlog=Backlog(int(outbox_pending), int(outbox_parked)))

    def set_disk(self, free_bytes: int, total_bytes: int) -> None:
        with self._lock:
            floor = self._status.disk.min_free_bytes
        self._change(disk=DiskStatus(int(free_bytes), int(total_bytes), floor))

    def set_disk_floor(self, min_free_bytes: int) -> None:
        with self._lock:
            disk = self._status.disk
        self._change(disk=replace(disk, min_free_bytes=int(min_free_bytes)))

    def set_help_requests(self, open_count: int) -> None:
        """How many patients asked for staff and wait (set by the help feature)."""
        self._change(help_requests_open=max(0, int(open_count)))


def program_version() -> str:
    """The installed kiosk's version (package metadata; the frozen build carries it too)."""
    from importlib import metadata

    try:
        return metadata.version("ehc-kiosk")
    except metadata.PackageNotFoundError:
        return "unknown"
