"""Where the kiosk keeps its files: one place, so nothing personal is scattered around.

Only queues and logs live on disk; documents are rendered in memory. Every path can be moved
with ``KIOSK_DATA_DIR`` (tests point it at a temporary folder).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from kiosk.private_files import private_dir

APP_NAME = "ehc-kiosk"


def data_dir() -> Path:
    """The writable folder for durable queues (print jobs, usage reports, audit)."""
    override = os.environ.get("KIOSK_DATA_DIR")
    if override:
        base = Path(override)
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = Path(xdg) / APP_NAME if xdg else Path.home() / ".local" / "share" / APP_NAME
    return private_dir(base)


def default_config() -> Path:
    """The configuration shipped with the program (patient self-service kiosk)."""
    return Path(str(resources.files("config") / "default.toml"))


def example_config(name: str) -> Path:
    return Path(str(resources.files("config") / f"{name}.toml"))
