"""Electronic medical bills (``/api/v1/patients/me/ebills``, ``/api/v1/ebills/{id}``): list,
fetch, count a print, and the A4 document.

Each settlement issues one (``gateway.store.ebills``). A kiosk prints a bill by first
counting the print (``POST …/prints``: refused for a reversed bill or one at its limit), then
fetching ``…/document?print_no=N`` with the count it answered and sending it to its A4
printer: as e-bill platforms serve a paper copy, each one is counted and numbered on the
page. Without ``print_no`` the document is a preview to look at, drawn 预览 · 不作报销凭证
across it, so only a counted print reads as a valid paper copy. A reversed bill's document
is drawn 已红冲 and 作废 either way, and a print of it is refused.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from gateway.core.auth import State
from gateway.core.errors import INTERNAL_ERROR, INVALID_REQUEST, UNAUTHORIZED, responses
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, CurrentVisit
from gateway.documents import ebill_pdf
from gateway.insurance.errors import (
    EBILL_NOT_FOUND,
    EBILL_PRINT_LIMIT,
    EBILL_PRINT_NOT_COUNTED,
    EBILL_REVERSED,
)
from gateway.schemas.insurance import EBill, EBills, PrintRequest
from gateway.store import ebills

router = APIRouter(prefix="/api/v1", tags=["e-bills"])

EBillId = Annotated[str, Path(pattern=r"^EB[0-9A-F]{16}$", description="From a settlement.")]
_COMMON = (UNAUTHORIZED, VISIT_EXPIRED, STRONGER_ID_REQUIRED, INVALID_REQUEST, INTERNAL_ERROR)


@router.get("/patients/me/ebills", response_model=EBills,
            summary="This patient's electronic bills, newest first (issued and reversed)",
            responses=responses(*_COMMON))
def my_ebills(state: State, visit: CurrentVisit) -> EBills:
    issuer = state.settings.hospital_name
    with state.db.transaction() as conn:
        return EBills(ebills=[ebills.model(r, issuer)
                              for r in ebills.of_patient(conn, visit.patient_id)])


@router.get("/ebills/{ebill_id}", response_model=EBill, summary="One electronic bill",
            responses=responses(EBILL_NOT_FOUND, *_COMMON))
def get_ebill(ebill_id: EBillId, state: State, visit: CurrentVisit) -> EBill:
    with state.db.transaction() as conn:
        return ebills.model(ebills.get(conn, ebill_id, visit.patient_id),
                            state.settings.hospital_name)


@router.post("/ebills/{ebill_id}/prints", response_model=EBill,
             summary="Count one print of the bill before printing it",
             description="`409 ebill_reversed` for a reversed (已红冲) bill, `409 "
             "ebill_print_limit` once `print_count` reached `print_limit`; nothing is "
             "counted then.",
             responses=responses(EBILL_NOT_FOUND, EBILL_REVERSED, EBILL_PRINT_LIMIT,
                                 *IDEMPOTENCY_ERRORS, *_COMMON))
def count_print(ebill_id: EBillId, body: PrintRequest, state: State, visit: CurrentVisit,
                idem: Idempotent) -> Response:
    issuer = state.settings.hospital_name

    def change(conn: sqlite3.Connection) -> EBill:
        ebills.count_print(conn, ebills.get(conn, ebill_id, visit.patient_id))
        return ebills.model(ebills.get(conn, ebill_id, visit.patient_id), issuer)

    return idem.run(change, status=200)


@router.get("/ebills/{ebill_id}/document", response_class=Response,
            summary="The bill's A4 document (PDF): a counted print, or a preview",
            description="`print_no`: the number `POST …/prints` counted (1 … `print_count`); "
            "the page is that print, marked with its number; fetching it again (a lost reply) "
            "is the same print. Without it, a preview marked 预览 · 不作报销凭证 that cannot "
            "pass as a valid copy. `409 ebill_print_not_counted` for a number not counted, "
            "`409 ebill_reversed` for a print of a reversed bill.",
            responses={200: {"content": {"application/pdf": {}},
                             "description": "The bill as a PDF, fonts embedded."},
                       **responses(EBILL_NOT_FOUND, EBILL_REVERSED, EBILL_PRINT_NOT_COUNTED,
                                   *_COMMON)})
def ebill_document(ebill_id: EBillId, state: State, visit: CurrentVisit,
                   print_no: Annotated[int | None, Query(ge=1, le=99)] = None) -> Response:
    with state.db.transaction() as conn:
        row = ebills.get(conn, ebill_id, visit.patient_id)
        if print_no is not None:
            ebills.check_counted(row, print_no)
        body = conn.execute("SELECT body FROM settlements WHERE settlement_id = ?",
                            (row["settlement_id"],)).fetchone()["body"]
        bill = ebills.model(row, state.settings.hospital_name)
    items = [(i["name"], i["qty"], i["amount_fen"]) for i in json.loads(body)["items"]]
    # No name in the file name: the kiosk's spool and browser downloads keep it.
    headers = {"Content-Disposition": f'inline; filename="ebill-{bill.bill_number}.pdf"',
               "Cache-Control": "no-store"}
    return Response(ebill_pdf.render(bill, items, print_no), media_type="application/pdf",
                    headers=headers)
