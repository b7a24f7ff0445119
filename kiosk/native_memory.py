"""Keeping a long-running kiosk's native heap the size of its work, not of its history.

A kiosk serves thousands of patients in one process. Most of what a session allocates in C
(Qt's widgets and images, a rendered PDF, SQLite's pages) is freed when it ends, but glibc
keeps freed memory in its arenas, one set per thread that ever allocated (up to eight per
core), and returns it to the system only from the top of the main heap. The resident size
then grows unevenly with the day and reads as a leak. Two things bound it:

- :func:`limit_arenas` at start, before any thread: two arenas for the whole process (the
  UI thread, the print worker and the gateway calls share them; they rarely allocate at the
  same moment), the same as ``MALLOC_ARENA_MAX=2`` in the environment;
- :func:`trim` once a session has ended and its screens are gone: Python's cyclic garbage
  is collected first (a session's screens, their signal closures and the documents it
  printed are cycles; left to the collector's own schedule they wait for a full collection,
  which a long-lived heap makes rare, and meanwhile hold their native memory), then
  ``malloc_trim`` hands every arena's free pages back (both about 36 ms on the GUI thread,
  ``python -m bench.after_session``; nobody is at the kiosk).

The glibc calls are made through ctypes; elsewhere they do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys

logger = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
ARENAS = 2


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        return libc
    except (OSError, AttributeError):  # another C library (musl): no such calls
        return None


_LIBC = _glibc()


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas; call before threads start. True if it took effect."""
    if _LIBC is None:
        return False
    done = bool(_LIBC.mallopt(_M_ARENA_MAX, arenas))
    if not done:
        logger.warning("could not limit malloc arenas to %d", arenas)
    return done


def trim() -> None:
    """Free the session's garbage and return the heap's free pages to the system (after a
    session, not during one)."""
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
