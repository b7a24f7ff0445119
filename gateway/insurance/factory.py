"""The one place that picks the insurer: the emulated one, in a file beside the database.

A hospital's connection to its province's insurance front end is another implementation of
``InsurancePlatform``, chosen here; none ships with the reference gateway."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gateway.core.db import Database
from gateway.core.settings import Settings
from gateway.insurance.emulated import EmulatedInsurer
from gateway.store.billing import voucher_patient


def build(settings: Settings, db: Database, clock: Callable[[], float]) -> EmulatedInsurer:
    def voucher_id_number(text: str) -> str:
        # The e-voucher emulation answers who the token is, as the national SDK does.
        with db.transaction() as conn:
            patient_id = voucher_patient(conn, text, clock())
            return conn.execute("SELECT id_number FROM patients WHERE patient_id = ?",
                                (patient_id,)).fetchone()["id_number"]

    return EmulatedInsurer(insurer_path(settings.db_path), voucher_id_number)


def insurer_path(db_path: Path) -> Path:
    """The emulated insurer's file, beside the gateway's database."""
    return db_path.with_name(db_path.stem + ".insurer.sqlite")
