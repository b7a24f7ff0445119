"""Files only the kiosk's own user can read: every store is 0600 in a 0700 folder.

Stores hold card ids, idempotency keys, audit events and queued documents. Creating them
with the process umask (usually 0644) would let any local account read them, and SQLite
gives its ``-wal`` and ``-shm`` files the database file's mode, so the mode must be right
before SQLite first opens the file. Stores created 0644 by an older version are narrowed
when they are opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) as 0700; narrow it if it is ours and wider."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    _narrow(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty as 0600 unless it exists; narrow it (and SQLite's companion
    files) if they are ours and wider. Its folder is made private too."""
    path = Path(path)
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    os.close(fd)
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                      path.with_name(path.name + "-journal")):
        _narrow(companion, FILE_MODE)
    return path


def _narrow(path: Path, mode: int) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    # Only our own files: a shared folder someone else owns (e.g. /var/lib) is left alone.
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return
    if stat.S_IMODE(info.st_mode) & ~mode:
        path.chmod(mode)
