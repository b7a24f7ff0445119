"""The kiosk's log file: 0600, rotated at its configured size, exported with nothing personal."""

from __future__ import annotations

import logging
import stat

from kiosk.log_files import export_logs, install_file_log, log_files
from kiosk.settings_fleet import LoggingSettings

ID_NUMBER = "11010519491231002X"


def test_the_log_rotates_and_stays_bounded_and_private(tmp_path):
    logger = logging.getLogger("tests.rotation")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = install_file_log(LoggingSettings(max_bytes=100_000, backups=2), tmp_path, logger)
    try:
        for n in range(3000):
            logger.info("line %05d for card %s %s", n, ID_NUMBER, "x" * 80)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = log_files(tmp_path)
    assert [p.name for p in files] == ["kiosk.log.2", "kiosk.log.1", "kiosk.log"]
    assert sum(p.stat().st_size for p in files) <= 3 * 100_000 + 1000
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert ID_NUMBER not in path.read_text()
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700


def test_export_redacts_again_and_is_private(tmp_path):
    (tmp_path / "logs").mkdir(mode=0o700)
    # As an older build might have left it: a raw ID number in the file.
    (tmp_path / "logs" / "kiosk.log").write_text(f"old line {ID_NUMBER}\nplain line\n")
    path, lines = export_logs(tmp_path, tmp_path / "usb", "kiosk-log-KIOSK-01.txt")
    assert lines == 2
    text = path.read_text()
    assert ID_NUMBER not in text and "plain line" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
