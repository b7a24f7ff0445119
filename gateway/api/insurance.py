"""Insurance lookup (``POST /api/v1/insurance/lookups``, the platform's 1101) for the patient
of the visit, from their e-voucher or social-security card: insurance type, personal-account
balance and family mutual aid, so the kiosk can ask whether to use the account. Changes
nothing (a POST because the voucher is sensitive and stays out of URLs and logs)."""

from __future__ import annotations

from fastapi import APIRouter

from gateway.core.auth import State
from gateway.core.errors import (
    EXPIRED_CODE,
    INTERNAL_ERROR,
    INVALID_REQUEST,
    MALFORMED_CODE,
    NOT_INSURED,
    UNAUTHORIZED,
    UNKNOWN_CODE,
    responses,
)
from gateway.core.service_errors import VOUCHER_MISMATCH
from gateway.core.visits import STRONGER_ID_REQUIRED, VISIT_EXPIRED, CurrentVisit
from gateway.insurance.errors import INSURANCE_CARD_REQUIRED
from gateway.insurance.interface import INSURANCE_UNAVAILABLE
from gateway.insurance.policy import POLICIES
from gateway.insurance.presettle import lookup
from gateway.schemas.insurance import InsuranceLookup, InsuredPerson

router = APIRouter(prefix="/api/v1", tags=["insurance"])

INSUTYPE_NAMES = {"310": "职工基本医疗保险", "390": "城乡居民基本医疗保险"}


@router.post("/insurance/lookups", response_model=InsuredPerson,
             summary="Who pays: the patient's insurance type and balances (1101)",
             responses=responses(MALFORMED_CODE, UNKNOWN_CODE, EXPIRED_CODE, NOT_INSURED,
                                 VOUCHER_MISMATCH, INSURANCE_CARD_REQUIRED,
                                 INSURANCE_UNAVAILABLE, UNAUTHORIZED, VISIT_EXPIRED,
                                 STRONGER_ID_REQUIRED, INVALID_REQUEST, INTERNAL_ERROR))
def insurance_lookup(body: InsuranceLookup, state: State, visit: CurrentVisit) -> InsuredPerson:
    person, _ = lookup(state.insurer, state.db, visit.patient_id, body.insurance_voucher,
                       body.social_security_card)
    return InsuredPerson(insutype=person.insutype, insutype_name=INSUTYPE_NAMES[person.insutype],
                         account_fen=person.account_fen,
                         has_account=POLICIES[person.insutype].has_account,
                         mutual_aid_fen=person.mutual_aid_fen, region=person.region)
