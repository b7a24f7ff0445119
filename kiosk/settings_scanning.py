"""Configuration schema for the scan sources (camera, serial and evdev scanners, decoder).

Unknown keys are rejected so a misspelt option fails at start-up instead of being ignored.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DecoderChoice = Literal["kiosk", "zxing", "pyzbar", "opencv", "opencv-aruco"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CameraSettings(_Strict):
    device: int | str = Field(
        0, description="Camera index (0 = first camera), a /dev/video path, or a video file."
    )
    width: int = Field(1280, ge=160, le=4096, description="Requested capture width in pixels.")
    height: int = Field(720, ge=120, le=4096, description="Requested capture height in pixels.")
    fps: int = Field(15, ge=1, le=60, description="Requested frames per second.")


class SerialScannerSettings(_Strict):
    port: str = Field(description="Serial device, e.g. /dev/ttyUSB0 or /dev/ttyACM0.")
    baudrate: int = Field(9600, ge=1200, le=921600, description="Line speed the scanner uses.")
    suffix: Literal["CR", "LF", "CRLF"] = Field(
        "CR", description="Terminator the scanner appends to every scan."
    )


class EvdevScannerSettings(_Strict):
    path: str = Field(
        description="Input device, preferably a stable /dev/input/by-id/...-event-kbd link."
    )
    grab: bool = Field(
        True, description="Grab the device exclusively so scans never reach other programs."
    )


class ScanningSettings(_Strict):
    decoder: DecoderChoice = Field(
        "kiosk", description="Camera decoder: the kiosk pipeline or one library on its own."
    )
    stable_frames: int = Field(
        3, ge=1, le=30, description="Consecutive decoded frames showing the same single code."
    )
    hold_off_s: float = Field(
        3.0, ge=0.0, le=120.0, description="Seconds before the same code is accepted again."
    )
    retry_initial_s: float = Field(
        0.5, ge=0.01, le=30.0, description="First wait before reopening an unplugged device."
    )
    retry_max_s: float = Field(
        10.0, ge=0.1, le=300.0, description="Longest wait between reopening attempts."
    )
    camera: CameraSettings | None = Field(None, description="The kiosk's camera, if it has one.")
    serial: list[SerialScannerSettings] = Field(
        default_factory=list, description="Serial (or USB CDC) barcode scanners."
    )
    evdev: list[EvdevScannerSettings] = Field(
        default_factory=list, description="USB HID scanners read directly through evdev."
    )
