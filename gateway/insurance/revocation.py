"""Giving an insured settlement back (2208) and reversing its e-bill (冲红).

For the cancellation with refund (whose owner refunds the cash part and reopens what was
paid for). The 2208 message id is derived from the 2207's, so a retry after a lost reply is
the same message and the insurer answers it again instead of revoking twice.
"""

from __future__ import annotations

from gateway.core.errors import GatewayError
from gateway.core.idempotency import immediate_transaction
from gateway.core.settings import GatewayState
from gateway.insurance.errors import INSURANCE_VISIT_NOT_FOUND
from gateway.insurance.interface import INSURANCE_UNAVAILABLE, InsurerUnreachable
from gateway.store import ebills
from gateway.store import insurance_ledger as ledger


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
            revoke_setl_id = state.insurer.revoke(row["setl_id"], row["mdtrt_id"],
                                                  row["psn_no"], "R" + row["msgid"])
        except InsurerUnreachable:
            raise GatewayError(INSURANCE_UNAVAILABLE) from None
        with immediate_transaction(state.db) as conn:
            ledger.revoked(conn, row["msgid"], "R" + row["msgid"], revoke_setl_id, now)
            ebills.reverse(conn, settlement_id, now)
        return True
    with immediate_transaction(state.db) as conn:
        return ebills.reverse(conn, settlement_id, now)
