"""Electronic medical bills (医疗收费电子票据) and the insurance lookup, as the kiosk uses them.

A bill is printed by counting the print at the gateway first (refused for a reversed bill or
one at its limit), then fetching its A4 PDF and queueing it: a patient is never given paper
the gateway did not allow. A reversed (已红冲) bill can be previewed, never printed.
"""

from __future__ import annotations

from typing import Literal

from kiosk.models import Visit
from kiosk.usecases.answers import Answer, Instant, UseCase, When


class EBill(Answer):
    ebill_id: str
    bill_code: str
    bill_number: str
    check_code: str
    receipt_no: str
    total_fen: int
    fund_fen: int = 0
    account_fen: int = 0
    mutual_aid_fen: int = 0
    cash_fen: int = 0
    payer_masked: str = ""
    issuer: str = ""
    status: Literal["issued", "reversed"]
    status_zh: str = ""
    issued_at: Instant
    reversed_at: When = None
    print_count: int = 0
    print_limit: int = 0
    verify_url: str

    @property
    def reversed(self) -> bool:
        return self.status == "reversed"

    @property
    def prints_left(self) -> int:
        return 0 if self.reversed else max(0, self.print_limit - self.print_count)


class InsuredPerson(Answer):
    insutype: str
    insutype_name: str = ""
    account_fen: int = 0
    has_account: bool = False
    mutual_aid_fen: int = 0


class EBillAPI(UseCase):
    def ebills(self, visit: Visit) -> list[EBill]:
        return self._get(list[EBill], "/api/v1/patients/me/ebills", field="ebills", visit=visit)

    def ebill(self, visit: Visit, ebill_id: str) -> EBill:
        return self._get(EBill, f"/api/v1/ebills/{ebill_id}", visit=visit)

    def count_print(self, visit: Visit, flow_id: str, ebill_id: str) -> EBill:
        # One key per press of "print": a lost reply retried is one print, a second press another.
        return self._once("ebill-print", f"{flow_id}:{ebill_id}", EBill,
                          f"/api/v1/ebills/{ebill_id}/prints", json={}, visit=visit)

    def document(self, visit: Visit, ebill_id: str, print_no: int | None = None) -> bytes:
        """The A4 PDF: the counted print ``print_no`` (the paper copy), else a preview."""
        query = f"?print_no={print_no}" if print_no is not None else ""
        return self._client.document(f"/api/v1/ebills/{ebill_id}/document{query}", visit=visit)

    def lookup(self, visit: Visit, credential: dict) -> InsuredPerson:
        """1101: insurance type and balances for the patient of ``visit``."""
        body = self._client.call("POST", "/api/v1/insurance/lookups", json=credential, visit=visit)
        return self._read(InsuredPerson, body, "POST /api/v1/insurance/lookups")
