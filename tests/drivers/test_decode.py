"""The decode pipeline and charset rules on generated symbols and public photographs."""

from __future__ import annotations

import builtins
import io
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno
import zxingcpp

from drivers.charset import decode_payload, has_eci
from drivers.decode import DECODER_NAMES, KioskDecoder, decode, make_decoder
from drivers.decoders import PyzbarDecoder
from kiosk.errors import DeviceError

QR_DEV = Path("/work/shared/data/qr-dev")


def qr_image(text: str, encoding: str | None = None, eci: bool = False) -> np.ndarray:
    buffer = io.BytesIO()
    segno.make(text, encoding=encoding, eci=eci, micro=False).save(buffer, kind="png", scale=6)
    return cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_COLOR)


@pytest.mark.parametrize(("encoding", "eci"), [("utf-8", False), ("utf-8", True), ("gbk", False)])
def test_chinese_payloads_decode_in_every_charset(encoding, eci):
    text = "姓名：张三；就诊卡号：20240315"
    (read,) = decode(qr_image(text, encoding, eci))
    assert read.text == text and read.raw == text.encode(encoding) and read.symbology == "QRCode"
    assert len(read.polygon) == 4


def test_health_code_and_code128():
    token = "A" * 64 + ":0:" + "b" * 32
    assert [r.text for r in decode(qr_image(token))] == [token]
    barcode = np.asarray(zxingcpp.create_barcode("VC2024031500", zxingcpp.BarcodeFormat.Code128).to_image(scale=3))
    framed = cv2.copyMakeBorder(barcode, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    (read,) = decode(framed)
    assert (read.text, read.symbology) == ("VC2024031500", "Code128")


@pytest.mark.parametrize("name", [n for n in DECODER_NAMES if n != "opencv"])
def test_every_configurable_decoder_reads_gbk_correctly_or_not_at_all(name):
    text = "北京协和医院 门诊挂号凭条"
    reads = make_decoder(name)(qr_image(text, "gbk"))
    assert [r.text for r in reads] in ([text], [])


def test_big_frames_are_downscaled_and_positions_mapped_back():
    small = qr_image("ABC123")
    big = cv2.resize(small, None, fx=12, fy=12, interpolation=cv2.INTER_NEAREST)
    (read,) = KioskDecoder(max_side=800)(big)
    xs = [x for x, _ in read.polygon]
    assert max(xs) > small.shape[1] * 6  # positions are in the caller's pixels


def test_blank_and_tiny_frames_read_nothing():
    assert decode(np.full((480, 640), 255, np.uint8)) == []
    assert decode(np.zeros((1, 1, 3), np.uint8)) == []


def test_unknown_decoder_name():
    with pytest.raises(ValueError, match="unknown decoder"):
        make_decoder("quirc")


def test_missing_libzbar_is_a_device_error(monkeypatch):
    real_import = builtins.__import__

    def no_zbar(name, *args, **kwargs):
        if name.startswith("pyzbar"):
            raise ImportError("Unable to find zbar shared library")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_zbar)
    with pytest.raises(DeviceError) as info:
        PyzbarDecoder()
    assert "libzbar0" in info.value.message.en
    assert KioskDecoder()(qr_image("still reads")) [0].text == "still reads"


def test_charset_order():
    assert decode_payload("测试".encode()) == "测试"
    assert decode_payload("测试".encode("gbk")) == "测试"
    assert decode_payload("阿".encode("gbk")) == "阿"  # also valid Shift_JIS half-width kana
    assert decode_payload("今度のバージョン".encode("cp932")) == "今度のバージョン"
    assert decode_payload("ﾃﾞｻﾞｲﾝQR".encode("cp932")) == "ﾃﾞｻﾞｲﾝQR"
    assert decode_payload(b"\xff\xfe\xfd") == "\xff\xfe\xfd"  # ISO 8859-1, the QR default
    assert decode_payload(b"\x81", eci_text="x") == "x"
    assert has_eci("]Q2") and not has_eci("]Q1") and not has_eci("]C0")


@pytest.mark.skipif(not QR_DEV.exists(), reason="public QR photographs not present")
def test_public_shift_jis_photograph():
    image = QR_DEV / "qrcode-2" / "10.png"
    label = json.loads(image.with_suffix(".expected.json").read_text())["codes"][0]["text"]
    assert [r.text for r in decode(cv2.imread(str(image)))] == [label]
