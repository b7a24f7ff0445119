"""One kiosk per data folder.

Two kiosk processes on one data folder would share its print queue, outbox and intents: each
worker would take the other's jobs, and a job one of them printed (and whose document it then
deleted) would be sent again by the other. So a kiosk holds an exclusive lock on a file in its
data folder for as long as it runs, and a second one on the same folder is refused at start.

The lock is ``flock`` on ``kiosk.lock`` (0600): the kernel drops it when the process ends, even
on a kill -9 or a power cut, so a stale file never keeps a restarted kiosk out.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.errors import KioskError, Text
from kiosk.private_files import private_file

LOCK_NAME = "kiosk.lock"


class DataFolderInUse(KioskError):
    code = "data_folder_in_use"
    message = Text(
        zh="另一个自助机程序正在使用同一个数据文件夹，本程序未启动。",
        en="Another kiosk program is already running on this data folder, so this one did not start.",
    )
    next_step = Text(
        zh="请关闭另一个程序，或为本程序设置另一个 KIOSK_DATA_DIR 后重新启动。",
        en="Stop the other kiosk program, or give this one its own KIOSK_DATA_DIR, then start it again.",
    )


class InstanceLock:
    """Held from :meth:`acquire` until :meth:`release` or the end of the process."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd: int | None = fd
        self.path = path

    @classmethod
    def acquire(cls, folder: Path) -> InstanceLock:
        path = private_file(Path(folder) / LOCK_NAME)
        # Imported here: POSIX only, and the module must import on any OS (the settings
        # check and the packaging read it without taking the lock).
        import fcntl

        fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DataFolderInUse() from None
        # The holder's process id, for whoever looks at the folder (the lock is the flock).
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return cls(fd, path)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor drops the flock
            self._fd = None
