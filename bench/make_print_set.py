"""Synthesise printed-code photographs: print conditions, multi-code sheets, bad exposure.

    python -m bench.make_print_set [--out bench/data/generated/print] [--seed 14] [--count 120]

Health codes (``<64 hex>:0:<32 hex>``), Chinese text and Code 128 visit-card numbers printed
on paper (a referral sheet, a wristband label, a page of several codes), then photographed
by a camera of 960x720 to 2592x1944: perspective, toner spread or fading, paper texture,
uneven light, blur, sensor noise, and exposure from very dark to blown out. A quarter of the
frames are sheets of 2-9 codes; some show a printed page with no code (negatives). Every
label lists its codes and effects. The set is deterministic for a seed: it is regenerated,
not committed (bench/data/generated/ is ignored), and the regression tests build their few
frames with :func:`frame` directly.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import cv2
import numpy as np

from bench.make_phone_set import Payload, _payloads, _symbol

DEFAULT_OUT = Path(__file__).parent / "data" / "generated" / "print"
FRAMES = ((960, 720), (1920, 1080), (2592, 1944))
SHEET_W, SHEET_H = 1240, 1754  # A4 at 150 dpi


def _printed(rng: np.random.Generator, symbol: np.ndarray, module: int) -> np.ndarray:
    """The symbol at ``module`` px per module with a quiet zone, as toner puts it on paper."""
    big = cv2.resize(symbol, None, fx=module, fy=module, interpolation=cv2.INTER_NEAREST)
    if symbol.shape[0] != symbol.shape[1]:  # Code 128: bars need height
        big = cv2.resize(big, (big.shape[1], max(60, big.shape[1] // 4)),
                         interpolation=cv2.INTER_NEAREST)
    quiet = 4 * module
    big = cv2.copyMakeBorder(big, quiet, quiet, quiet, quiet, cv2.BORDER_CONSTANT, value=255)
    spread = int(rng.integers(-1, 2)) * max(1, module // 4)  # toner gain (+) or fading (-)
    if spread:
        kernel = np.ones((abs(spread) + 1, abs(spread) + 1), np.uint8)
        big = cv2.erode(big, kernel) if spread > 0 else cv2.dilate(big, kernel)
    return big


def _sheet(rng: np.random.Generator, payloads: list[Payload]) -> tuple[np.ndarray, list]:
    """A page with the payloads' symbols on a grid among lines of 'text'; returns the page
    and each symbol's corners on it."""
    page = np.full((SHEET_H, SHEET_W), int(rng.integers(225, 250)), np.uint8)
    for y in range(80, SHEET_H - 60, int(rng.integers(38, 60))):  # lines of print
        page[y:y + 14, 90:int(rng.integers(300, SHEET_W - 90))] = int(rng.integers(40, 90))
    cols = 1 if len(payloads) == 1 else (2 if len(payloads) <= 4 else 3)
    rows = max(1, -(-len(payloads) // cols))
    cell_w, cell_h = (SHEET_W - 120) // cols, (SHEET_H - 160) // rows
    corners = []
    for i, p in enumerate(payloads):
        symbol = _symbol(p)
        fit = min(cell_w, cell_h) * rng.uniform(0.45, 0.8)
        module = max(2, int(fit // (symbol.shape[1] + 8)))
        printed = _printed(rng, symbol, module)
        ph, pw = printed.shape
        shrink = min(1.0, (cell_w - 10) / pw, (cell_h - 10) / ph)
        if shrink < 1.0:  # a long Code 128 in a narrow cell: smaller, never distorted
            printed = cv2.resize(printed, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
            ph, pw = printed.shape
        x0 = 60 + (i % cols) * cell_w + (cell_w - pw) // 2
        y0 = 80 + (i // cols) * cell_h + (cell_h - ph) // 2
        page[y0:y0 + ph, x0:x0 + pw] = np.minimum(printed, page.max())  # paper, not white
        corners.append(np.float32([[x0, y0], [x0 + pw, y0], [x0 + pw, y0 + ph], [x0, y0 + ph]]))
    texture = rng.normal(0, 3, page.shape)
    return np.clip(page + texture, 0, 255).astype(np.uint8), corners


def _expose(rng: np.random.Generator, frame: np.ndarray, effects: list[str]) -> np.ndarray:
    """Uneven light, then the exposure: normal, very dark (gain and read noise) or blown out."""
    h, w = frame.shape
    light = np.linspace(rng.uniform(0.7, 1.0), rng.uniform(1.0, 1.25), w)[None, :]
    light = light * np.linspace(rng.uniform(0.8, 1.0), 1.0, h)[:, None]
    out = frame.astype(np.float32) * light
    kind = rng.choice(["normal", "dark", "bright"], p=[0.4, 0.3, 0.3])
    if kind == "dark":
        gain = rng.uniform(0.04, 0.14)
        out = out * gain + rng.normal(0, rng.uniform(0.8, 2.5), out.shape)
        effects.append(f"dark{gain:.2f}")
    elif kind == "bright":
        gain = rng.uniform(1.6, 3.2)
        out = out * gain + rng.uniform(20, 90)
        effects.append(f"bright{gain:.2f}")
    else:
        out = out + rng.normal(0, 3, out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


def frame(seed: int, codes: int | None = None, negative: bool = False) -> tuple[np.ndarray, dict]:
    """One photographed frame and its label, fixed by ``seed`` (and the number of codes)."""
    rng = np.random.default_rng(seed)
    count = 0 if negative else codes or (1 if rng.random() < 0.75 else int(rng.integers(2, 10)))
    payloads = _payloads(rng, max(count, 1))[:count]
    rng.shuffle(payloads)
    page, corners = _sheet(rng, payloads)
    fw, fh = FRAMES[int(rng.integers(len(FRAMES)))]
    effects = [f"{fw}x{fh}", f"codes{count}"]
    # A page fills half to nearly all of the frame's height, tilted and turned.
    scale = rng.uniform(0.55, 0.98) * fh / SHEET_H
    dw, dh = SHEET_W * scale, SHEET_H * scale
    cx, cy = rng.uniform(dw / 2, fw - dw / 2), rng.uniform(dh / 2, fh - dh / 2)
    quad = np.float32([[cx - dw / 2, cy - dh / 2], [cx + dw / 2, cy - dh / 2],
                       [cx + dw / 2, cy + dh / 2], [cx - dw / 2, cy + dh / 2]])
    tilt = float(rng.choice([0.0, 0.04, 0.1]))
    quad += rng.uniform(-tilt, tilt, (4, 2)).astype(np.float32) * np.float32([dw, dh])
    rot = cv2.getRotationMatrix2D((float(cx), float(cy)), rng.uniform(-20, 20), 1.0)
    quad = cv2.transform(quad[None], rot)[0].astype(np.float32)
    src = np.float32([[0, 0], [SHEET_W, 0], [SHEET_W, SHEET_H], [0, SHEET_H]])
    homography = cv2.getPerspectiveTransform(src, quad)
    desk = np.full((fh, fw), int(rng.integers(50, 160)), np.uint8)
    warped = cv2.warpPerspective(page, homography, (fw, fh), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full(page.shape, 255, np.uint8), homography, (fw, fh))
    image = np.where(mask > 0, warped, desk)
    if rng.random() < 0.35:
        k = int(rng.choice([3, 5]))
        image = cv2.GaussianBlur(image, (k, k), 0)
        effects.append(f"blur{k}")
    image = _expose(rng, image, effects)
    polygons = [cv2.perspectiveTransform(c[None], homography)[0].round(1).tolist()
                for c in corners]
    label = {"source": f"synthetic:bench/make_print_set.py seed={seed}",
             "codes": [{"text": p.text, "bytes_hex": p.raw.hex(), "polygon": poly}
                       for p, poly in zip(payloads, polygons, strict=True)],
             "effects": effects}
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), label


def generate(out: Path, seed: int, count: int, negatives: int) -> int:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for index in range(count + negatives):
        image, label = frame(seed * 10_000 + index, negative=index >= count)
        cv2.imwrite(str(out / f"{index:03d}.jpg"), image, [cv2.IMWRITE_JPEG_QUALITY, 80])
        (out / f"{index:03d}.expected.json").write_text(
            json.dumps(label, ensure_ascii=False, indent=1), encoding="utf-8")
    return count + negatives


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.make_print_set",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--negatives", type=int, default=20)
    args = parser.parse_args(argv)
    print(f"wrote {generate(args.out, args.seed, args.count, args.negatives)} frames to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
