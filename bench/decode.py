"""Compare the kiosk decode pipeline with the raw libraries on labelled images.

    python -m bench.decode FOLDER [--json OUT] [--decoders kiosk,zxing,pyzbar,opencv]

Every image below FOLDER with a sibling ``X.expected.json`` (layout in
/work/shared/data/qr-dev/README.md) is decoded by every decoder in turn, in one process, so
the figures are side by side. A labelled code is found when a read's text equals its text, or,
for a label without text, when the read's position overlaps its polygon. Any other read is
wrong on a labelled image and a false positive on a negative one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.stats import percentile
from drivers.decode import DECODER_NAMES, make_decoder
from drivers.decoders import Read

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


@dataclass
class Sample:
    path: Path
    codes: list[dict]


@dataclass
class Tally:
    codes_found: int = 0
    codes_total: int = 0
    wrong: int = 0
    false_positives: int = 0
    times_ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    found: set[tuple[str, int]] = field(default_factory=set)

    def summary(self) -> dict:
        ordered = sorted(self.times_ms)
        p95 = percentile(ordered, 0.95)
        return {
            "codes_found": self.codes_found,
            "codes_total": self.codes_total,
            "wrong": self.wrong,
            "false_positives": self.false_positives,
            "median_ms": round(statistics.median(ordered), 2) if ordered else 0.0,
            "p95_ms": round(p95, 2),
        }


def find_samples(folder: Path) -> list[Sample]:
    samples = []
    for label in sorted(folder.rglob("*.expected.json")):
        stem = label.name[: -len(".expected.json")]
        images = [label.with_name(stem + s) for s in IMAGE_SUFFIXES]
        image = next((p for p in images if p.exists()), None)
        if image is None:
            continue
        samples.append(Sample(image, json.loads(label.read_text(encoding="utf-8"))["codes"]))
    return samples


def load_image(path: Path) -> np.ndarray:
    import cv2

    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is not None:
        return image
    # OpenCV's WebP reader rejects some tiny files (1x1 px negatives); Pillow reads them.
    from PIL import Image

    with Image.open(path) as pil:
        return cv2.cvtColor(np.asarray(pil.convert("RGB")), cv2.COLOR_RGB2BGR)


def _bbox(points) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def overlaps(polygon_a, polygon_b) -> bool:
    """Bounding-box overlap: linear symbols report a degenerate (line) position."""
    if not polygon_a or not polygon_b:
        return False
    ax0, ay0, ax1, ay1 = _bbox(polygon_a)
    bx0, by0, bx1, by1 = _bbox(polygon_b)
    return ax0 <= bx1 and bx0 <= ax1 and ay0 <= by1 and by0 <= ay1


def matches(read: Read, code: dict) -> bool:
    if code.get("text") is not None:
        return read.text == code["text"]
    return overlaps(read.polygon, code.get("polygon"))


def score(tally: Tally, sample: Sample, reads: list[Read]) -> None:
    tally.codes_total += len(sample.codes)
    for index, code in enumerate(sample.codes):
        if any(matches(r, code) for r in reads):
            tally.codes_found += 1
            tally.found.add((str(sample.path), index))
        else:
            tally.misses.append(str(sample.path))
    unmatched = {r.text for r in reads if not any(matches(r, c) for c in sample.codes)}
    if sample.codes:
        tally.wrong += len(unmatched)
    else:
        tally.false_positives += len(unmatched)


def run(folder: Path, names: list[str]) -> dict[str, Tally]:
    decoders = {name: make_decoder(name, raw_library=True) for name in names}
    samples = find_samples(folder)
    if not samples:
        raise SystemExit(f"no labelled images below {folder}")
    tallies = {name: Tally() for name in names}
    warm = load_image(samples[0].path)
    for decoder in decoders.values():
        decoder(warm)  # first call pays lazy initialisation; keep it out of the timings
    for sample in samples:
        image = load_image(sample.path)
        for name, decoder in decoders.items():
            start = time.perf_counter()
            reads = decoder(image)
            tallies[name].times_ms.append((time.perf_counter() - start) * 1000)
            score(tallies[name], sample, reads)
    return tallies


def lost_against(tallies: dict[str, Tally], reference: str = "zxing") -> dict[str, list[str]]:
    """Per decoder, the labelled codes ``reference`` found that it did not (path#index)."""
    if reference not in tallies:
        return {}
    ref = tallies[reference].found
    return {name: sorted(f"{path}#{i}" for path, i in ref - t.found) for name, t in tallies.items()}


def format_table(tallies: dict[str, Tally]) -> str:
    lost = lost_against(tallies)
    rows = ["| decoder | found | wrong | false positives | lost vs zxing | median ms | p95 ms |",
            "|---|---|---|---|---|---|---|"]
    for name, tally in tallies.items():
        s = tally.summary()
        pct = 100 * s["codes_found"] / s["codes_total"] if s["codes_total"] else 0.0
        lost_n = len(lost[name]) if name in lost else "-"
        rows.append(
            f"| {name} | {s['codes_found']}/{s['codes_total']} ({pct:.0f} %) | {s['wrong']} "
            f"| {s['false_positives']} | {lost_n} | {s['median_ms']:.1f} | {s['p95_ms']:.1f} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.decode", description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path, help="write the summary as JSON here")
    parser.add_argument("--decoders", default=",".join(DECODER_NAMES),
                        help=f"comma-separated, from: {', '.join(DECODER_NAMES)}")
    parser.add_argument("--misses", action="store_true", help="list images each decoder missed")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.decoders.split(",") if n.strip()]
    unknown = [n for n in names if n not in DECODER_NAMES]
    if unknown:
        parser.error(f"unknown decoder(s): {', '.join(unknown)}")
    tallies = run(args.folder, names)
    print(format_table(tallies))
    if args.misses:
        for name, tally in tallies.items():
            print(f"\n{name} missed {len(tally.misses)}:", *tally.misses, sep="\n  ")
    for name, lost in lost_against(tallies).items():
        if lost:
            print(f"\n{name} misses {len(lost)} code(s) zxing reads:", *lost, sep="\n  ")
    if args.json:
        lost = lost_against(tallies)
        summary = {"decoders": {name: {**t.summary(), "lost_vs_zxing": lost.get(name)}
                                for name, t in tallies.items()}}
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
