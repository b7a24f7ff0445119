"""Pharmacy counter workstation settings: the ``[pharmacy]`` table.

Used only when ``kiosk.role = "pharmacy-counter"``. Staff passwords are never configuration
(staff type them at sign-in); the device token is in the keyring like the kiosk's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class PharmacySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    window: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,8}$")] = Field(
        "3", description="The dispensing window this workstation serves (its queue).")
    auto_lock_s: int = Field(
        300, ge=30, le=3600,
        description="Seconds without keyboard or mouse use before the workstation locks.")
    show_full_name: bool = Field(
        False, description="Show patients' full names to staff (else masked like 张*三).")
    label_printer: Literal["slip", "a4"] = Field(
        "slip", description="Which [printing] printer prints medication labels.")
    instruction_sheet: bool = Field(
        True, description="Print a medication instruction sheet after the labels.")
    gs1_separator: str | None = Field(
        None, min_length=1, max_length=1,
        description="Character a keyboard-mode scanner is set to send in place of GS1's "
        "separator (GS, 0x1D), which a keyboard cannot type; None: serial/evdev scanners only.")
    queue_refresh_s: float = Field(
        5.0, ge=1, le=120, description="How often the window's queue is refreshed.")
    audit_log: Path | None = Field(
        None, description="Audit log file (JSON lines, hash-chained); None: audit.jsonl in "
        "the data folder.")
