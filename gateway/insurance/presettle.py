"""An insured pre-settlement: 1101 (who is insured, from the e-voucher or the card), 2201 +
2204 (the visit and its fee lines), 2206 (the split). Nothing is taken at the insurer."""

from __future__ import annotations

import secrets
import sqlite3

from gateway.core.errors import GatewayError
from gateway.core.service_errors import VOUCHER_MISMATCH
from gateway.insurance.errors import INSURANCE_CARD_REQUIRED
from gateway.insurance.interface import (
    INSURANCE_UNAVAILABLE,
    CertType,
    FeeLine,
    InsurancePlatform,
    InsuredPerson,
    InsurerUnreachable,
    Split,
)
from gateway.schemas.insurance import InsuranceSplit, SocialSecurityCard
from gateway.store import insurance_ledger as ledger


def new_msgid(hospital_code: str) -> str:
    # The platform's message id: the institution code, then something unique.
    return f"H{hospital_code}{secrets.token_hex(10).upper()}"


def lookup(insurer: InsurancePlatform, db, patient_id: str, voucher: str | None,
           card: SocialSecurityCard | None) -> tuple[InsuredPerson, CertType]:
    """1101 for the patient of the visit; another person's voucher or card is refused. The
    insurer is asked with no transaction of ``db`` (the gateway's ``Database``) open."""
    if (voucher is None) == (card is None):
        raise GatewayError(INSURANCE_CARD_REQUIRED)
    cert_type: CertType = "01" if voucher is not None else "03"
    try:
        if voucher is not None:
            person = insurer.person("01", voucher)
        else:
            person = insurer.person("03", card.social_security_no, card.card_sn)
    except InsurerUnreachable:
        raise GatewayError(INSURANCE_UNAVAILABLE) from None
    with db.transaction() as conn:
        own = conn.execute("SELECT id_number FROM patients WHERE patient_id = ?",
                           (patient_id,)).fetchone()
    if own is None or own["id_number"] != person.id_number:
        raise GatewayError(VOUCHER_MISMATCH)
    return person, cert_type


def pre_settle(insurer: InsurancePlatform, person: InsuredPerson, items: list[sqlite3.Row],
               use_account: bool, hospital_code: str) -> tuple[str, Split]:
    """2201 + 2204, then 2206: the visit's ``mdtrt_id`` and its split."""
    lines = [FeeLine(i["amount_fen"], i["insurance_class"]) for i in items]
    try:
        mdtrt_id = insurer.register_visit(person.psn_no, person.insutype, lines,
                                          new_msgid(hospital_code))
        return mdtrt_id, insurer.pre_settle(person.psn_no, mdtrt_id, use_account)
    except InsurerUnreachable:
        raise GatewayError(INSURANCE_UNAVAILABLE) from None


Insured = tuple[InsuredPerson, Split, str, CertType]


def insured_preview(state, patient_id: str, body, items: list[sqlite3.Row]) -> Insured:
    """1101, 2201 + 2204 and 2206 for a ``PreviewRequest``, outside any gateway transaction
    (nothing is taken at the insurer, so nothing needs claiming first); raises the refusal."""
    person, cert_type = lookup(state.insurer, state.db, patient_id, body.insurance_voucher,
                               body.social_security_card)
    mdtrt_id, split = pre_settle(state.insurer, person, items, body.use_personal_account,
                                 state.settings.hospital_code)
    return person, split, mdtrt_id, cert_type


def save_insured_preview(conn: sqlite3.Connection, preview_id: str, patient_id: str, body,
                         insured: Insured | None) -> InsuranceSplit | None:
    if insured is None:
        return None
    person, split, mdtrt_id, cert_type = insured
    ledger.save_preview(conn, preview_id, patient_id, person.psn_no, person.insutype, mdtrt_id,
                        body.use_personal_account, cert_type, split)
    return InsuranceSplit(insutype=person.insutype, use_account=body.use_personal_account,
                          fund_fen=split.fund_fen, account_fen=split.account_fen,
                          mutual_aid_fen=split.mutual_aid_fen, cash_fen=split.cash_fen,
                          balance_after_fen=split.balance_after_fen)
