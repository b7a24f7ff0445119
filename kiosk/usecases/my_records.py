"""The patient's records (我的记录): today's and recent transactions with receipt numbers,
a slip reprinted (counted at the gateway, up to the hospital's limit), a booked appointment
cancelled with its refund to the channel it was paid with."""

from __future__ import annotations

from kiosk.models import Visit
from kiosk.usecases.answers import Answer, UseCase, When


class Record(Answer):
    kind: str  # registration, payment, deposit
    receipt_no: str | None = None
    at: When = None
    title: str = ""
    title_en: str | None = None
    date: str | None = None
    period: str | None = None
    total_fen: int
    self_pay_fen: int = 0
    insurance_fen: int = 0
    method: str | None = None
    status: str  # booked, checked_in, cancelled, expired, settled
    reprints: int = 0
    reprints_left: int = 0
    cancellable: bool = False


class Reprint(Answer):
    receipt_no: str
    reprint_no: int
    reprints_left: int
    record: Record


class Cancellation(Answer):
    receipt_no: str
    refund_fen: int
    insurance_revoked_fen: int = 0
    method: str | None = None
    arrives: str = ""
    arrives_en: str | None = None


class MyRecordsAPI(UseCase):
    def records(self, visit: Visit) -> list[Record]:
        return self._get(list[Record], "/api/v1/patients/me/records", field="records", visit=visit)

    def reprint(self, visit: Visit, record: Record) -> Reprint:
        # One intent per reprint: the count before it names it, so a retry after a lost
        # reply is the same reprint and the next one the patient asks for is a new one.
        return self._once(
            "reprint", f"{record.receipt_no}:{record.reprints}", Reprint,
            f"/api/v1/patients/me/records/{record.receipt_no}/reprints", json={}, visit=visit,
        )

    def cancel(self, visit: Visit, record: Record) -> Cancellation:
        return self._once(
            "cancel", str(record.receipt_no), Cancellation,
            f"/api/v1/patients/me/records/{record.receipt_no}/cancellation", json={}, visit=visit,
        )
