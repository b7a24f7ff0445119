"""The kiosk's own log file, bounded and rotated, and its export for staff.

Standard error goes to the journal (which bounds itself); the file is what the maintenance
view exports to a USB stick, so a technician can take a machine's recent history away
without a shell. Both carry only redacted records (:mod:`kiosk.privacy`); the export runs
every line through the redaction once more, so a log written by an older build that
redacted less still leaves the machine clean.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from kiosk.privacy import RedactingFilter, redact
from kiosk.private_files import FILE_MODE, private_dir
from kiosk.settings_fleet import LoggingSettings

LOG_NAME = "kiosk.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    def _open(self):  # noqa: ANN202 - the stdlib's signature
        # 0600 from the first byte, for the current file and each one rotated in.
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        os.chmod(self.baseFilename, FILE_MODE)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8")


def log_folder(data_dir: Path) -> Path:
    return private_dir(data_dir / "logs")


def install_file_log(settings: LoggingSettings, data_dir: Path,
                     logger: logging.Logger | None = None) -> logging.Handler | None:
    """Add the rotating file to ``logger`` (default: root), redacting like every handler."""
    if not settings.file:
        return None
    logger = logger if logger is not None else logging.getLogger()
    handler = _PrivateRotatingHandler(log_folder(data_dir) / LOG_NAME, maxBytes=settings.max_bytes,
                                      backupCount=settings.backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    return handler


def log_files(data_dir: Path) -> list[Path]:
    """The current file and its rotations, oldest first."""
    folder = data_dir / "logs"
    if not folder.is_dir():
        return []
    rotated = sorted(folder.glob(f"{LOG_NAME}.*"),
                     key=lambda p: int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0, reverse=True)
    current = folder / LOG_NAME
    return [*rotated, *([current] if current.exists() else [])]


def export_logs(data_dir: Path, target_dir: Path, name: str) -> tuple[Path, int]:
    """Write every log line, redacted again, to ``target_dir/name`` (0600): (path, lines)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / name
    lines = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        for path in log_files(data_dir):
            with path.open(encoding="utf-8", errors="replace") as source:
                for line in source:
                    out.write(redact(line))
                    lines += 1
        out.flush()
        os.fsync(out.fileno())
    return target, lines
