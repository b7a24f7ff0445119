"""What a benchmark's main heap holds more of between two of its snapshots, read from outside.

    python -m bench.heap_walk --at 300,1750 -- python -m bench.sessions -n 2000 --warm-up 300 --every 250

Runs the command (any program that prints one JSON line with a ``sessions`` count per
snapshot, as bench.sessions does) and, when the lines for the two ``--at`` counts appear,
stops the process, copies its ``[heap]`` (glibc's main arena: the GUI thread's) from
``/proc/PID/mem`` and lets it go on, so the reading allocates nothing in the heap it reads.
Each copy is walked chunk by chunk; chunks glibc's per-thread cache holds (marked by its
key in the second word) count as free. Prints the chunk sizes whose live count grew most,
and the strings (ASCII, 6 characters or more) most often found in chunks that are new at
the second reading: they name what the chunks are (signal signatures, file names, keys).
New chunks are also those that took the place of freed ones: read the strings beside the
sizes' growth, and a string that grows with the sessions between the readings.
Linux and glibc only, x86-64; the process must be one this user may trace.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import signal
import struct
import subprocess
import sys

_TEXT = re.compile(rb"[\x20-\x7e]{6,}")


def read_heap(pid: int) -> tuple[int, bytes]:
    os.kill(pid, signal.SIGSTOP)
    try:
        with open(f"/proc/{pid}/maps") as maps:
            line = next(line for line in maps if line.rstrip().endswith("[heap]"))
        start, end = (int(x, 16) for x in line.split()[0].split("-"))
        with open(f"/proc/{pid}/mem", "rb", 0) as mem:
            mem.seek(start)
            return start, mem.read(end - start)
    finally:
        os.kill(pid, signal.SIGCONT)


def live_chunks(start: int, heap: bytes) -> dict[int, tuple[int, bytes]]:
    """Address → (size, contents) of every chunk in use, the top chunk left out."""
    chunks, off = {}, 0
    while off + 16 <= len(heap):
        size = struct.unpack_from("<Q", heap, off + 8)[0] & ~7
        if size < 32 or off + size + 16 > len(heap):
            break
        if struct.unpack_from("<Q", heap, off + size + 8)[0] & 1:  # the next one's PREV_INUSE
            chunks[start + off] = (size, heap[off + 16: off + size + 8])
        off += size
    # A chunk in a thread's cache stays "in use" to the walk; its second word is the cache's
    # key, the same in every such chunk: the most common non-pointer value there.
    seconds = collections.Counter(body[8:16] for size, body in chunks.values()
                                  if len(body) >= 16 and body[14:16] != b"\0\0")
    key = seconds.most_common(1)[0][0] if seconds else None
    return {a: (s, b) for a, (s, b) in chunks.items() if b[8:16] != key}


def report(before: dict, after: dict, top: int) -> None:
    print(f"live chunks {len(before)} -> {len(after)}, bytes "
          f"{sum(s for s, _ in before.values())} -> {sum(s for s, _ in after.values())}")
    counts = (collections.Counter(s for s, _ in before.values()),
              collections.Counter(s for s, _ in after.values()))
    grown = sorted(((s, counts[1][s] - counts[0][s]) for s in counts[1]),
                   key=lambda sv: -sv[0] * sv[1])
    print("size    more      bytes")
    for size, more in grown[:top]:
        print(f"{size:6d} {more:+6d} {size * more:+10d}")
    texts = collections.Counter(
        text.decode() for address, (_, body) in after.items() if address not in before
        for text in _TEXT.findall(body))
    print("strings in new chunks")
    for text, count in texts.most_common(top):
        print(f"{count:6d}  {text[:80]}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--at", required=True, help="two snapshot counts, e.g. 300,1750")
    p.add_argument("--top", type=int, default=20)
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args(argv)
    first, second = (int(x) for x in args.at.split(","))
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    readings = {}
    for line in proc.stdout:
        sys.stdout.write(line)
        if line.startswith("{") and json.loads(line).get("sessions") in (first, second):
            readings[json.loads(line)["sessions"]] = live_chunks(*read_heap(proc.pid))
    proc.wait()
    if len(readings) < 2:
        print(f"the command printed no snapshot for {args.at}", file=sys.stderr)
        return 1
    report(readings[first], readings[second], args.top)
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
