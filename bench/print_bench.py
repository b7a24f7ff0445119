"""Printing benchmark: render times and the CUPS round trip on cups-pdf.

    python -m bench.print_bench [-n 20]

Renders a 3-page, 60-item lab report and a payment receipt N times each (medians), then
submits N lab reports to a private CUPS scheduler's cups-pdf queue and times submit-to-
completed. Uses $CUPS_SERVER if set, else starts (and stops) scripts/cups.sh in a temp dir.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from printing import demo
from printing.cups_printer import CupsPrinter
from printing.printer import JobState
from printing.render import render

ROOT = Path(__file__).resolve().parents[1]


def _median_ms(fn, n: int) -> float:
    fn()  # warm-up: font registration and imports are start-up costs, not per-document
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _round_trip_ms(pdf: bytes, n: int) -> tuple[float, float]:
    printer = CupsPrinter("KioskPDF")
    submit, complete = [], []
    for i in range(n):
        t0 = time.perf_counter()
        job = printer.submit(pdf, f"kiosk-bench-{i}")
        t1 = time.perf_counter()
        deadline = t0 + 60
        while printer.job_state(job) is not JobState.COMPLETED:
            if time.perf_counter() > deadline:
                raise RuntimeError("job did not complete within 60 s")
            time.sleep(0.005)
        submit.append((t1 - t0) * 1000)
        complete.append((time.perf_counter() - t0) * 1000)
    return statistics.median(submit), statistics.median(complete)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20)
    args = parser.parse_args()
    lab = demo.lab_report(item_count=60)
    receipt = demo.receipt()
    pdf = render(lab)
    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, timeout=30,
                           check=True).stdout.decode()
    print(f"lab report: {len(pdf)} bytes, " + next(
        line for line in pages.splitlines() if line.startswith("Pages")).replace("  ", ""))
    print(f"render lab report (60 items, 3 pages): median {_median_ms(lambda: render(lab), args.n):.1f} ms")
    print(f"render receipt: median {_median_ms(lambda: render(receipt), args.n):.1f} ms")

    own = None
    if not os.environ.get("CUPS_SERVER"):
        own = Path(tempfile.mkdtemp(prefix="kiosk-bench-cups."))
        out = subprocess.run(["bash", str(ROOT / "scripts/cups.sh"), "start", str(own)],
                             capture_output=True, text=True, timeout=60, check=True).stdout
        for line in out.splitlines():
            key, _, value = line.removeprefix("export ").partition("=")
            os.environ[key] = value
    try:
        submit, complete = _round_trip_ms(pdf, args.n)
        print(f"CUPS submit (IPP Create-Job + Send-Document): median {submit:.1f} ms")
        print(f"CUPS submit-to-completed on cups-pdf: median {complete:.1f} ms")
    finally:
        if own is not None:
            subprocess.run(["bash", str(ROOT / "scripts/cups.sh"), "stop", str(own)],
                           capture_output=True, timeout=60, check=True)
            subprocess.run(["rm", "-rf", str(own)], timeout=60, check=True)


if __name__ == "__main__":
    main()
