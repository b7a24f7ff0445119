"""Synthesise the phone-screen benchmark set under bench/data/phone-screens/.

    python -m bench.make_phone_set [--out bench/data/phone-screens] [--seed 3]

Patients hold a phone up to the kiosk camera: health codes (``<64 hex>:0:<32 hex>``) and
Chinese text in UTF-8 (with and without an ECI) or GBK, drawn as QR codes with segno on a
phone screen, then photographed badly: perspective tilt, display-pixel moiré, glare, blur,
low brightness, cracks and JPEG noise. Some frames show Code 128 visit cards or receipts on
paper, and some show a screen with no code at all (negatives). The set is deterministic for a
seed, so regenerating it reproduces the stored files.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import segno
import zxingcpp

FRAME_W, FRAME_H = 960, 720
DEFAULT_OUT = Path(__file__).parent / "data" / "phone-screens"

CHINESE = [
    "姓名：张三；就诊卡号：20240315",
    "北京协和医院 门诊挂号凭条 内科 第12号",
    "电子健康卡 王小明 身份证尾号1234",
    "处方编号：CF202403150088 取药窗口：3号",
    "检验报告 血常规 请到二楼自助机打印",
    "上海市第六人民医院 预约时间 09:30",
    "患者：李四 科室：儿科 医生：赵医生",
    "医保电子凭证 广州市 参保人 陈",
    "阿",
    "您好，欢迎使用自助服务机",
]


@dataclass
class Payload:
    text: str
    raw: bytes
    kind: str  # "qr" or "code128"
    eci: bool = False


def _payloads(rng: np.random.Generator, count: int) -> list[Payload]:
    out = []
    for i in range(count):
        choice = i % 10
        if choice < 4:  # health codes dominate what patients show
            token = f"{rng.bytes(32).hex().upper()}:0:{rng.bytes(16).hex().upper()}"
            out.append(Payload(token, token.encode(), "qr"))
        elif choice < 6:
            text = CHINESE[int(rng.integers(len(CHINESE)))]
            out.append(Payload(text, text.encode("utf-8"), "qr", eci=choice == 5))
        elif choice < 8:
            text = CHINESE[int(rng.integers(len(CHINESE)))]
            out.append(Payload(text, text.encode("gbk"), "qr"))
        else:
            prefix = ("VC", "RX", "SP-")[int(rng.integers(3))]
            text = f"{prefix}{int(rng.integers(10**9, 10**10))}"
            out.append(Payload(text, text.encode(), "code128"))
    return out


def _symbol(p: Payload) -> np.ndarray:
    """Black-on-white symbol, tight to its modules (no quiet zone)."""
    if p.kind == "code128":
        image = np.asarray(zxingcpp.create_barcode(p.text, zxingcpp.BarcodeFormat.Code128).to_image(scale=1))
        cols = np.where(image.min(axis=0) < 128)[0]
        return image[:, cols[0] : cols[-1] + 1]
    encoding = None if p.raw == p.text.encode("ascii", "ignore") else ("utf-8" if p.raw == p.text.encode("utf-8") else "gbk")
    qr = segno.make(p.text, encoding=encoding, eci=p.eci, micro=False, error="m")
    return np.where(np.array(qr.matrix, dtype=bool), 0, 255).astype(np.uint8)


def _screen(rng: np.random.Generator, symbol: np.ndarray, paper: bool) -> tuple[np.ndarray, np.ndarray]:
    """A portrait phone screen (or a paper card) with the symbol; returns image and symbol corners."""
    h, w = (460, 720) if paper else (900, 420)
    bg = (235, 238, 240) if paper else (255, 255, 255)
    screen = np.full((h, w, 3), bg, np.uint8)
    if not paper:
        header = tuple(int(c) for c in rng.choice([[60, 160, 40], [200, 120, 30], [40, 40, 200]]))
        cv2.rectangle(screen, (0, 0), (w, 110), header, -1)
        for y in range(700, 860, 50):  # list rows under the code, like a health-card app
            cv2.rectangle(screen, (30, y), (int(rng.integers(150, w - 30)), y + 18), (200, 200, 200), -1)
    if symbol.shape[0] == symbol.shape[1]:  # QR: scale modules to whole pixels
        module = max(1, int((min(w, h) * rng.uniform(0.55, 0.8)) // symbol.shape[1]))
    else:  # Code 128: keep modules at least 2 px on the card
        module = max(2, int((w * 0.85) // symbol.shape[1]))
    big = cv2.resize(symbol, None, fx=module, fy=module, interpolation=cv2.INTER_NEAREST)
    if symbol.shape[0] != symbol.shape[1]:
        big = cv2.resize(big, (big.shape[1], int(h * 0.35)), interpolation=cv2.INTER_NEAREST)
    sh, sw = big.shape
    x0, y0 = (w - sw) // 2, (h - sh) // 2 if paper else max(140, (h - sh) // 2 - 60)
    screen[y0 : y0 + sh, x0 : x0 + sw] = big[:, :, None]
    corners = np.float32([[x0, y0], [x0 + sw, y0], [x0 + sw, y0 + sh], [x0, y0 + sh]])
    return screen, corners


def _pixel_grid(screen: np.ndarray) -> np.ndarray:
    """Triple each pixel and darken the gaps between them: the display's pixel structure."""
    big = cv2.resize(screen, None, fx=3, fy=3, interpolation=cv2.INTER_NEAREST).astype(np.float32)
    big[2::3, :, :] *= 0.55
    big[:, 2::3, :] *= 0.55
    return big.astype(np.uint8)


def _crack(rng: np.random.Generator, screen: np.ndarray) -> None:
    h, w = screen.shape[:2]
    x, y = int(rng.integers(w)), int(rng.integers(h))
    for _ in range(int(rng.integers(3, 7))):
        nx, ny = int(x + rng.integers(-w // 3, w // 3)), int(y + rng.integers(-h // 4, h // 4))
        cv2.line(screen, (x, y), (nx, ny), (40, 40, 40), int(rng.integers(1, 4)), cv2.LINE_AA)
        x, y = nx, ny


def _background(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(40, 170, 3)
    grad = np.linspace(0.6, 1.2, FRAME_W)[None, :, None] * np.linspace(0.8, 1.1, FRAME_H)[:, None, None]
    frame = base[None, None, :] * grad + rng.normal(0, 6, (FRAME_H, FRAME_W, 3))
    return np.clip(frame, 0, 255).astype(np.uint8)


def _place(rng: np.random.Generator, size: tuple[int, int], tilt: float) -> np.ndarray:
    """Destination quad for a (w, h) object: scaled into the frame, corners jittered by ``tilt``."""
    w, h = size
    scale = rng.uniform(0.55, 0.95) * min(FRAME_W / w, FRAME_H / h)
    dw, dh = w * scale, h * scale
    cx = rng.uniform(dw / 2, FRAME_W - dw / 2)
    cy = rng.uniform(dh / 2, FRAME_H - dh / 2)
    quad = np.float32([[cx - dw / 2, cy - dh / 2], [cx + dw / 2, cy - dh / 2],
                       [cx + dw / 2, cy + dh / 2], [cx - dw / 2, cy + dh / 2]])
    quad += rng.uniform(-tilt, tilt, (4, 2)).astype(np.float32) * np.float32([dw, dh])
    angle = rng.uniform(-25, 25)
    rot = cv2.getRotationMatrix2D((float(cx), float(cy)), angle, 1.0)
    return cv2.transform(quad[None], rot)[0].astype(np.float32)


def _glare(rng: np.random.Generator, frame: np.ndarray, centre: np.ndarray, strength: float) -> None:
    yy, xx = np.mgrid[0:FRAME_H, 0:FRAME_W].astype(np.float32)
    cx, cy = centre + rng.normal(0, 40, 2)
    sx, sy = rng.uniform(40, 140, 2)
    blob = np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2) / 2)
    frame[:] = np.clip(frame + (strength * 255 * blob)[:, :, None], 0, 255).astype(np.uint8)


def _photograph(rng: np.random.Generator, p: Payload | None, paper: bool) -> tuple[np.ndarray, list, list[str]]:
    """One camera frame; returns it, the symbol polygon in frame coordinates and the effects."""
    effects: list[str] = []
    if p is None:  # negative: a screen showing an app page without a code
        screen, corners = _screen(rng, np.full((25, 25), 255, np.uint8), paper=False)
    else:
        screen, corners = _screen(rng, _symbol(p), paper)
    if not paper and rng.random() < 0.15:
        _crack(rng, screen)
        effects.append("crack")
    if not paper:
        bezel = np.zeros((screen.shape[0] + 60, screen.shape[1] + 30, 3), np.uint8) + 20
        bezel[30:-30, 15:-15] = screen
        screen, corners = bezel, corners + np.float32([15, 30])
        if rng.random() < 0.6:
            screen, corners = _pixel_grid(screen), corners * 3
            effects.append("moire")
    tilt = float(rng.choice([0.02, 0.08, 0.15]))
    effects.append(f"tilt{tilt}")
    quad = _place(rng, (screen.shape[1], screen.shape[0]), tilt)
    src = np.float32([[0, 0], [screen.shape[1], 0], [screen.shape[1], screen.shape[0]], [0, screen.shape[0]]])
    homography = cv2.getPerspectiveTransform(src, quad)
    frame = _background(rng)
    warped = cv2.warpPerspective(screen, homography, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full(screen.shape[:2], 255, np.uint8), homography, (FRAME_W, FRAME_H))
    frame[mask > 0] = warped[mask > 0]
    polygon = cv2.perspectiveTransform(corners[None], homography)[0]
    if not paper and rng.random() < 0.35:
        _glare(rng, frame, polygon.mean(axis=0), float(rng.uniform(0.5, 1.1)))
        effects.append("glare")
    if rng.random() < 0.3:
        k = int(rng.choice([3, 5, 7]))
        if rng.random() < 0.5:
            frame = cv2.GaussianBlur(frame, (k, k), 0)
            effects.append(f"blur{k}")
        else:
            kernel = np.zeros((k, k), np.float32)
            kernel[k // 2, :] = 1.0 / k
            frame = cv2.filter2D(frame, -1, kernel)
            effects.append(f"motion{k}")
    if rng.random() < 0.3:
        gain = rng.uniform(0.18, 0.45)
        noisy = frame * gain + rng.normal(0, 4, frame.shape)
        frame = np.clip(noisy, 0, 255).astype(np.uint8)
        effects.append(f"dim{gain:.2f}")
    return frame, polygon.round(1).tolist(), effects


def generate(out: Path, seed: int, positives: int, negatives: int) -> int:
    rng = np.random.default_rng(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    items: list[Payload | None] = list(_payloads(rng, positives)) + [None] * negatives
    for index, p in enumerate(items):
        paper = p is not None and (p.kind == "code128" or rng.random() < 0.1)
        frame, polygon, effects = _photograph(rng, p, paper)
        name = f"{index:03d}"
        cv2.imwrite(str(out / f"{name}.jpg"), frame, [cv2.IMWRITE_JPEG_QUALITY, 72])
        codes = [] if p is None else [{"text": p.text, "bytes_hex": p.raw.hex(), "polygon": polygon}]
        label = {"source": f"synthetic:bench/make_phone_set.py seed={seed}", "codes": codes,
                 "effects": effects, "symbology": None if p is None else p.kind}
        if p is None:
            label["kind"] = "negative"
        (out / f"{name}.expected.json").write_text(json.dumps(label, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.make_phone_set", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--positives", type=int, default=120)
    parser.add_argument("--negatives", type=int, default=20)
    args = parser.parse_args(argv)
    count = generate(args.out, args.seed, args.positives, args.negatives)
    print(f"wrote {count} frames to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
