"""Visit tokens: one patient's visit at one kiosk, opened by a successful identify.

``POST /identify`` returns ``visit_token`` (opaque) and ``visit_expires_at``. Every
patient-scoped call sends ``X-Visit-Token``; the gateway derives the patient from it and
never from a patient id in the URL, so a kiosk cannot read another patient's data by
editing an id. Visits expire after ``VISIT_TTL_S`` without use; each use extends them.
A visit belongs to the device that identified the patient.

Usage in a router::

    from gateway.core.visits import VISIT_EXPIRED, CurrentVisit

    @router.get("/patients/me/things", response_model=Things,
                responses=responses(UNAUTHORIZED, VISIT_EXPIRED, ...))
    def my_things(visit: CurrentVisit, state: State) -> Things:
        visit.patient_id   # the patient of this visit
        visit.visit_id     # opaque, stable id of this visit (e.g. to key consent rows)

``CurrentVisit`` also authenticates the device. A visit has an assurance: ``strong`` (a health
code, an ID number, a voucher), ``wristband`` (the inpatient number on a wristband: short,
sequential and printed, so it opens the stay's own services only) or ``visit_card`` (a number
printed on paper, easily typed by someone else). ``CurrentVisit`` refuses all but a strong
visit with ``stronger_id_required`` (403); the inpatient routes take ``InpatientVisit`` (strong
or wristband); the low-risk routes (guidance, pharmacy pickup status, check-in, ending the
visit) take ``AnyVisit``. Outside a route (a token carried in a
body), use ``lookup_visit(conn, token, device_id, now)``, which returns None when the token
is missing, unknown or expired.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from fastapi.security import APIKeyHeader

from gateway.core.auth import DeviceId, State
from gateway.core.errors import ErrorKind, GatewayError

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS visits (
    visit_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    device TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS visits_expiry ON visits (expires_at);
"""

# Version 4: how the patient was identified. A visit-card number is printed on paper and
# typed in, so it proves little: such a visit reaches the low-risk services only.
WEAK_VISITS = """
CREATE TABLE IF NOT EXISTS weak_visits (
    visit_id TEXT PRIMARY KEY REFERENCES visits (visit_id) ON DELETE CASCADE
);
"""
# Version 14: visits opened by an inpatient wristband, a level of their own (the stay's
# services). A table beside weak_visits rather than a column on it: its rows stay as they
# are, and the step can run again on a database that already has it.
WRISTBAND_VISITS = """
CREATE TABLE IF NOT EXISTS wristband_visits (
    visit_id TEXT PRIMARY KEY REFERENCES visits (visit_id) ON DELETE CASCADE
);
"""
STRONG = "strong"
WRISTBAND = "wristband"
VISIT_CARD = "visit_card"
# Where a visit below strong is marked (a strong visit has no row).
_LEVEL_TABLES = {VISIT_CARD: "weak_visits", WRISTBAND: "wristband_visits"}

HEADER = "X-Visit-Token"
VISIT_TTL_S = 30 * 60
# Expired visits are kept a day so other tables may still refer to their visit_id.
RETENTION_S = 24 * 3600

VISIT_EXPIRED = ErrorKind(
    "visit_expired",
    401,
    "Your session has ended; please scan your code again.",
    "本次就诊会话已结束，请重新扫码",
)
STRONGER_ID_REQUIRED = ErrorKind(
    "stronger_id_required",
    403,
    "A visit card opens guidance, pharmacy pickup status and check-in only, and an inpatient "
    "wristband those and the inpatient services; scan the health card or ID card for this "
    "service.",
    "就诊卡仅可办理导诊、取药查询和签到，住院腕带另可办理住院服务；本业务请扫描电子健康卡或身份证",
)

visit_header = APIKeyHeader(
    name=HEADER,
    auto_error=False,
    scheme_name="VisitToken",
    description="The `visit_token` returned by `POST /api/v1/identify`.",
)


@dataclass(frozen=True)
class Visit:
    visit_id: str
    patient_id: str
    expires_at: float
    assurance: str = STRONG


def _visit_id(token: str) -> str:
    # Only the digest is stored: a copy of the database does not hand out live visits.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_visit(
    conn: sqlite3.Connection, patient_id: str, device_id: str, now: float,
    assurance: str = STRONG,
) -> tuple[str, float]:
    """Start a visit; returns (token, expires_at)."""
    token = secrets.token_urlsafe(32)
    expires_at = now + VISIT_TTL_S
    visit_id = _visit_id(token)
    conn.execute(
        "INSERT INTO visits (visit_id, patient_id, device, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (visit_id, patient_id, device_id, now, expires_at),
    )
    if assurance in _LEVEL_TABLES:
        conn.execute(f"INSERT INTO {_LEVEL_TABLES[assurance]} (visit_id) VALUES (?)", (visit_id,))
    conn.execute("DELETE FROM visits WHERE expires_at < ?", (now - RETENTION_S,))
    return token, expires_at


def lookup_visit(
    conn: sqlite3.Connection, token: str | None, device_id: str, now: float
) -> Visit | None:
    """The live visit behind ``token`` on this device, extended by ``VISIT_TTL_S``."""
    if not token:
        return None
    visit_id = _visit_id(token)
    expires_at = now + VISIT_TTL_S
    # Write first: a read that later turns into a write can fail at once under WAL when
    # another request committed in between, while a leading write waits its turn.
    extended = conn.execute(
        "UPDATE visits SET expires_at = ? WHERE visit_id = ? AND device = ? AND expires_at > ?",
        (expires_at, visit_id, device_id, now),
    ).rowcount
    if not extended:
        return None
    row = conn.execute(
        "SELECT v.patient_id, CASE WHEN w.visit_id IS NOT NULL THEN 'visit_card'"
        " WHEN b.visit_id IS NOT NULL THEN 'wristband' ELSE 'strong' END AS assurance"
        " FROM visits v LEFT JOIN weak_visits w ON w.visit_id = v.visit_id"
        " LEFT JOIN wristband_visits b ON b.visit_id = v.visit_id WHERE v.visit_id = ?",
        (visit_id,),
    ).fetchone()
    return Visit(visit_id=visit_id, patient_id=row["patient_id"], expires_at=expires_at,
                 assurance=row["assurance"])


def require_any_visit(
    state: State,
    device: DeviceId,
    token: Annotated[str | None, Depends(visit_header)],
) -> Visit:
    with state.db.transaction() as conn:
        visit = lookup_visit(conn, token, device, state.clock())
    if visit is None:
        logger.info("refused a missing, unknown or expired visit token")
        raise GatewayError(VISIT_EXPIRED)
    return visit


def refuse_below(visit: Visit, *accepted: str) -> None:
    """``stronger_id_required`` unless the visit's assurance is one of ``accepted``."""
    if visit.assurance not in accepted:
        logger.info("refused a %s visit for a service that needs %s", visit.assurance,
                    " or ".join(accepted))
        raise GatewayError(STRONGER_ID_REQUIRED)


def require_visit(visit: Annotated[Visit, Depends(require_any_visit)]) -> Visit:
    """A visit opened by a health code, an ID number or a voucher."""
    refuse_below(visit, STRONG)
    return visit


def require_inpatient_visit(visit: Annotated[Visit, Depends(require_any_visit)]) -> Visit:
    """A strong visit, or one opened by the patient's wristband (the stay's own services:
    what they pay in is harmless, what they get back goes only to the channels it came by)."""
    refuse_below(visit, STRONG, WRISTBAND)
    return visit


# Every patient-scoped route takes CurrentVisit unless it is one of the inpatient services
# (InpatientVisit) or the low-risk services (guidance, pharmacy pickup status, check-in,
# ending the visit), which take AnyVisit.
CurrentVisit = Annotated[Visit, Depends(require_visit)]
InpatientVisit = Annotated[Visit, Depends(require_inpatient_visit)]
AnyVisit = Annotated[Visit, Depends(require_any_visit)]


def optional_visit(
    state: State,
    device: DeviceId,
    token: Annotated[str | None, Depends(visit_header)],
) -> Visit | None:
    """For the few calls a device may make on its own (releasing a hold after a restart):
    no token means no visit; a token given must still be valid."""
    if not token:
        return None
    return require_any_visit(state, device, token)


OptionalVisit = Annotated[Visit | None, Depends(optional_visit)]


def end_visit(conn: sqlite3.Connection, visit_id: str, now: float) -> None:
    """The kiosk session is over: the token stops working at once."""
    conn.execute("UPDATE visits SET expires_at = ? WHERE visit_id = ?", (now, visit_id))
