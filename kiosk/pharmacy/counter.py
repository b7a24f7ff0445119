"""The pharmacy counter's use cases: sign in, call, look up, check a box, dispense once.

Every method here blocks on the gateway or the disk, so the window runs them through its
background helper. Each staff action that matters is written to the hash-chained audit log
and queued in the durable outbox for the gateway; the health-card use is reported with
channel 0100 (manual window).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kiosk.audit import TOPIC as AUDIT_TOPIC
from kiosk.audit import AuditKind, AuditLog
from kiosk.audit import record as record_event
from kiosk.audit import sender as audit_sender
from kiosk.clock import HospitalClock
from kiosk.errors import KioskError, Text
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.outbox import Outbox
from kiosk.pharmacy.api import CounterAPI
from kiosk.pharmacy.models import CodeCheck, Dispense, Drug, Lookup, QueueEntry
from kiosk.pharmacy.staff import SignedIn, StaffSession
from kiosk.pharmacy.trace import TraceCode
from kiosk.pharmacy.verify import BoxVerifier
from kiosk.usecases import usage

logger = logging.getLogger(__name__)

DISPENSE_INTENT = "dispense"


class NotSignedIn(KioskError):
    code = "staff_not_signed_in"
    message = Text(zh="请先登录。", en="Please sign in first.")
    next_step = Text(zh="请输入工号和密码登录。", en="Enter your staff number and password.")


class NotVerified(KioskError):
    code = "boxes_not_verified"
    message = Text(
        zh="还有药品未核验完毕，不能发药。", en="Not every item is verified; cannot dispense yet."
    )
    next_step = Text(
        zh="请逐盒扫描追溯码，直到每个药品数量一致。",
        en="Scan each box until every item has its prescribed number.",
    )


def dispense_scope(prescription_ids: list[str], boxes: list[dict[str, str]]) -> str:
    """One dispense intent: these prescriptions with these boxes. Opaque ids only, hashed so
    the intent store holds no codes either."""
    content = json.dumps(
        {"rx": sorted(prescription_ids), "boxes": sorted((b["item_id"], b["code"]) for b in boxes)},
        sort_keys=True,
    )
    return hashlib.sha256(content.encode()).hexdigest()[:32]


class Counter:
    def __init__(
        self,
        api: CounterAPI,
        session: StaffSession,
        *,
        intents: IntentStore,
        outbox: Outbox,
        audit: AuditLog,
        window: str,
        clock: HospitalClock,
    ) -> None:
        self._api = api
        self._session = session
        self._intents = intents
        self._outbox = outbox
        self._audit = audit
        self._window = window
        self.clock = clock  # the hospital's: expiry dates, times on screen and labels
        self.outbox_kick: Callable[[], None] = lambda: None

    @property
    def window(self) -> str:
        return self._window

    @property
    def session(self) -> StaffSession:
        return self._session

    def undelivered(self) -> int:
        """Audit events and usage reports not yet confirmed by the gateway."""
        return self._outbox.pending()

    def _token(self) -> str:
        token = self._session.token
        if token is None:
            raise NotSignedIn()
        return token

    def audit(
        self,
        kind: AuditKind,
        staff_no: str,
        patient_ref: str | None = None,
        detail: dict[str, Any] | None = None,
        token: str | None = None,
    ) -> None:
        """Record locally (keyed chain) and queue the same event for the gateway, with the
        staff session it happened in (``token``, else the current one). The message is held
        until the line is written (see :func:`kiosk.audit.resume`)."""
        record_event(self._audit, self._outbox, kind, staff_no, session=token or self._session.token,
                     at=self.clock.now(), patient_ref=patient_ref, detail=detail)
        self.outbox_kick()

    # --- staff -----------------------------------------------------------------------------

    def sign_in(self, staff_no: str, password: str) -> SignedIn:
        """Blocking. The caller stores the result in the session on the GUI thread."""
        signed = self._api.sign_in(staff_no, password)
        self.audit(AuditKind.SIGN_IN, signed.staff.staff_no, detail={"window": self._window},
                   token=signed.token)
        return signed

    def end(self, ended: SignedIn, kind: AuditKind) -> None:
        """Blocking: close the gateway session of a staff member already forgotten locally
        (sign-out or lock). Recorded even if the gateway cannot be told."""
        self.audit(kind, ended.staff.staff_no, detail={"window": self._window},
                   token=ended.token)
        try:
            self._api.sign_out(ended.token)
        except KioskError as exc:
            # The gateway session then just expires; the local side is already closed.
            logger.info("gateway sign-out not confirmed: %s", exc.code)

    # --- queue -----------------------------------------------------------------------------

    def queue(self) -> list[QueueEntry]:
        return self._api.queue(self._token(), self._window)

    def call_next(self, queue: list[QueueEntry] | None = None) -> dict:
        called = self._api.call_next(self._token(), self._window)
        self._audit_call(called, queue)
        return called

    def recall(self, entry: QueueEntry) -> dict:
        called = self._api.recall(self._token(), entry.queue_id)
        self._audit_call(called, [entry], recall=True)
        return called

    def _audit_call(self, called: dict, queue: list[QueueEntry] | None, recall: bool = False) -> None:
        queue_id = str(called.get("queue_id", ""))
        ref = next((e.patient_ref for e in queue or () if e.queue_id == queue_id), None)
        staff = self._session.staff
        self.audit(
            AuditKind.CALL,
            staff.staff_no if staff else "",
            patient_ref=ref,
            detail={"queue_id": queue_id, "ticket_no": called.get("ticket_no"), "recall": recall},
        )

    # --- the patient and their boxes -------------------------------------------------------

    def lookup(self, text: str, source: str, health_card_id: str | None) -> tuple[Lookup, dict[str, Drug]]:
        token = self._token()
        found = self._api.lookup(token, text, source, health_card_id, self._window)
        drugs = self._api.drugs(token, {i.drug_code for i in found.items})
        return found, drugs

    def check(self, code: TraceCode) -> CodeCheck | None:
        results = self._api.check_codes(self._token(), [code.text])
        return next((r for r in results if r.code == code.text), results[0] if results else None)

    def today(self) -> dt.date:
        return self.clock.today()

    def dispense(self, found: Lookup, verifier: BoxVerifier) -> Dispense:
        """Dispense once. The key is stored before the request and reused by every retry of
        the same prescriptions with the same boxes, so a lost reply never dispenses twice."""
        if not verifier.complete:
            raise NotVerified()
        token = self._token()
        prescription_ids = [p.prescription_id for p in found.prescriptions]
        boxes = verifier.dispense_boxes()
        scope = dispense_scope(prescription_ids, boxes)
        key = self._intents.key(DISPENSE_INTENT, scope)
        result = self._api.dispense(token, prescription_ids, boxes, key)
        # Labels and the screen show the time on the hospital's wall.
        result = replace(result, dispensed_at=self.clock.local(result.dispensed_at))
        self._intents.finish(DISPENSE_INTENT, scope)
        self.audit(
            AuditKind.DISPENSE,
            result.staff_no or (self._session.staff.staff_no if self._session.staff else ""),
            patient_ref=found.patient.patient_ref,
            detail={
                "dispense_id": result.dispense_id,
                "prescription_ids": prescription_ids,
                "boxes": len(boxes),
            },
        )
        usage.report_usage(
            self._outbox,
            found.health_card_id,
            usage.Scene.MEDICINE_PICKUP,
            usage.Channel.MANUAL_WINDOW,
            now=self.clock.now(),
        )
        self.outbox_kick()
        return result

    def reprint(self, staff_no: str, patient_ref: str, dispense_id: str) -> None:
        self.audit(AuditKind.REPRINT, staff_no, patient_ref=patient_ref,
                   detail={"dispense_id": dispense_id})


def outbox_sender(client: GatewayClient):
    """Delivers the workstation's outbox: usage reports and audit events."""
    send_usage = usage.sender(client)
    send_audit = audit_sender(client)

    def send(topic: str, body: dict) -> None:
        if topic == AUDIT_TOPIC:
            send_audit(body)
        else:
            send_usage(topic, body)

    return send
