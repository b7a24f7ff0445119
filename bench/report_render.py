"""Lab report render time: 30 renders of the 3-page, 60-item demo report after a warm-up.

Prints the median and p95 of the wall time and the median CPU time (``process_time``), so a
busy machine's share can be told from the renderer's own.

    .venv/bin/python -m bench.report_render
"""

from __future__ import annotations

import statistics
import time

from printing import demo
from printing.render import render


def main(runs: int = 30) -> None:
    lab = demo.lab_report(item_count=60)
    render(lab)  # fonts are registered once per process
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        render(lab)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    wall.sort()
    p95 = wall[max(0, int(0.95 * len(wall)) - 1)]
    print(f"lab report: median {statistics.median(wall):.1f} ms, p95 {p95:.1f} ms, "
          f"CPU median {statistics.median(cpu):.1f} ms ({runs} renders)")


if __name__ == "__main__":
    main()
