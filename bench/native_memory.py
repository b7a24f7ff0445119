"""Where a process's native memory is: glibc's heap (in use, and free but kept) and SQLite's.

For telling a leak from allocator behaviour: memory in use that grows is held by someone;
free memory kept in the arenas that grows is fragmentation, which ``malloc_trim`` returns.
Linux and glibc only; other systems report nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import re
import sqlite3  # noqa: F401  (loads libsqlite3, whose counters are read below)
from collections.abc import Callable


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        libc.open_memstream.restype = ctypes.c_void_p
        libc.open_memstream.argtypes = [ctypes.POINTER(ctypes.c_void_p),
                                        ctypes.POINTER(ctypes.c_size_t)]
        libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
        libc.fclose.argtypes = [ctypes.c_void_p]
        libc.free.argtypes = [ctypes.c_void_p]
        return libc
    except (OSError, AttributeError):
        return None


def _libsqlite() -> ctypes.CDLL | None:
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "libsqlite3" in line}
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.sqlite3_status64.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_int64),
                                             ctypes.POINTER(ctypes.c_int64), ctypes.c_int]
            return lib
        except (OSError, AttributeError):
            continue
    return None


_LIBC, _SQLITE = _libc(), _libsqlite()


def heap_in_use() -> int | None:
    """Bytes of glibc's heap in use, the garbage collected first; None off glibc."""
    if _LIBC is None:
        return None
    gc.collect()
    return _LIBC.mallinfo2().uordblks


def kept_per_repetition(one: Callable[[], None], n: int, warm_up: int) -> tuple[float, float]:
    """Heap bytes kept per call of ``one`` over two halves of ``n`` after ``warm_up`` calls:
    a figure in both halves is kept for good, one in the first half only is a table filling."""
    for _ in range(warm_up):
        one()
    before = heap_in_use()
    for _ in range(n // 2):
        one()
    middle = heap_in_use()
    for _ in range(n // 2):
        one()
    after = heap_in_use()
    return (middle - before) / (n // 2), (after - middle) / (n // 2)


def _malloc_info() -> str:
    """glibc's ``malloc_info`` XML, written to memory (open_memstream), not to a file."""
    buf, size = ctypes.c_void_p(), ctypes.c_size_t()
    stream = _LIBC.open_memstream(ctypes.byref(buf), ctypes.byref(size))
    try:
        _LIBC.malloc_info(0, stream)
    finally:
        _LIBC.fclose(stream)
    try:
        return ctypes.string_at(buf, size.value).decode()
    finally:
        _LIBC.free(buf)


def arenas() -> list[tuple[float, float]]:
    """Per glibc arena, the main one first: (MB in use, MB free kept, its top included).

    Tells which threads' allocations grow: the GUI thread allocates in the main arena, the
    print worker and the pool threads in the others (two in all, kiosk.native_memory)."""
    if _LIBC is None:
        return []
    found = []
    for heap in re.finditer(r'<heap nr="\d+">(.*?)</heap>', _malloc_info(), re.S):
        body = heap.group(1)
        system = int(re.search(r'<system type="current" size="(\d+)"/>', body).group(1))
        free = sum(int(size) for size in
                   re.findall(r'<total type="(?:fast|rest)" count="\d+" size="(\d+)"/>', body))
        found.append((round((system - free) / 2**20, 2), round(free / 2**20, 2)))
    return found


def native() -> dict[str, float]:
    """MB: glibc heap in use, free but kept in arenas, in mmapped blocks; SQLite's own use."""
    found: dict[str, float] = {}
    if _LIBC is not None:
        info = _LIBC.mallinfo2()
        found.update(malloc_used_mb=info.uordblks / 2**20, malloc_free_mb=info.fordblks / 2**20,
                     malloc_mmap_mb=info.hblkhd / 2**20)
    if _SQLITE is not None:
        current, highest = ctypes.c_int64(), ctypes.c_int64()
        _SQLITE.sqlite3_status64(0, ctypes.byref(current), ctypes.byref(highest), 0)  # MEMORY_USED
        found["sqlite_mb"] = current.value / 2**20
    return {k: round(v, 1) for k, v in found.items()}
