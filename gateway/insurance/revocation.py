"""Giving an insured settlement back (2208) and reversing its e-bill (冲红).

For the cancellation with refund (whose owner refunds the cash part and reopens what was
paid for). The 2208 message id is derived from the 2207's, so a retry after a lost reply is
the same message and the insurer answers it again instead of revoking twice.

A cancelled registration's 2208 is claimed in the cancellation's transaction
(``insurance_ledger.claim_revocation``), sent after the commit by :func:`send_claimed`, and
recorded ``revoked`` with its e-bill reversed once the insurer answers. One left unanswered
stays claimed and is sent again before the next cancellation or insured registration.
"""

from __future__ import annotations

import logging
import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.idempotency import immediate_transaction
from gateway.core.settings import GatewayState
from gateway.insurance.errors import INSURANCE_VISIT_NOT_FOUND
from gateway.insurance.interface import INSURANCE_UNAVAILABLE, InsurerUnreachable
from gateway.store import ebills
from gateway.store import insurance_ledger as ledger

logger = logging.getLogger(__name__)


def _send(state: GatewayState, row: sqlite3.Row) -> None:
    """2208 for a settled row, then its record and the e-bill's reversal; raises
    ``InsurerUnreachable`` with nothing recorded."""
    revoke_setl_id = state.insurer.revoke(row["setl_id"], row["mdtrt_id"], row["psn_no"],
                                          "R" + row["msgid"])
    owner = "settlement_id" if row["settlement_id"] is not None else "registration_id"
    with immediate_transaction(state.db) as conn:
        ledger.revoked(conn, row["msgid"], "R" + row["msgid"], revoke_setl_id, state.clock())
        ebills.reverse(conn, row[owner], state.clock(), owner=owner)


def revoke(state: GatewayState, settlement_id: str) -> bool:
    """Revoke the insurance part of a hospital settlement and reverse its e-bill; True if
    this call did it (False: it was revoked before). A self-paid settlement's e-bill is
    reversed alone."""
    now = state.clock()
    with state.db.transaction() as conn:
        row = ledger.by_settlement(conn, settlement_id)
        known = conn.execute("SELECT 1 FROM settlements WHERE settlement_id = ?",
                             (settlement_id,)).fetchone()
    if known is None:
        raise GatewayError(INSURANCE_VISIT_NOT_FOUND)
    if row is not None and row["status"] == "settled":
        try:
            _send(state, row)
        except InsurerUnreachable:
            raise GatewayError(INSURANCE_UNAVAILABLE) from None
        return True
    with immediate_transaction(state.db) as conn:
        return ebills.reverse(conn, settlement_id, now)


def send_claimed(state: GatewayState) -> bool:
    """Send every claimed 2208 still unanswered; True if none is left."""
    with state.db.transaction() as conn:
        rows = ledger.revocations_claimed(conn)
    left = 0
    for row in rows:
        try:
            _send(state, row)
        except InsurerUnreachable:
            left += 1
    if left:
        logger.warning("%d insurance revocations unanswered; left claimed to send again", left)
    return left == 0
