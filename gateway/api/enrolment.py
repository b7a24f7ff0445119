"""Self-registration at a kiosk (自助建档): ``POST /api/v1/patients``.

The platform is called outside the database transaction (it is a network call): the card
is registered first where the resident has none (the platform answers the same card for
the same person, so a retry registers nothing twice), the patient is created under the
request's key, and the card is bound to the new patient id after the commit. A bind that
fails leaves ``enrolled_patients.card_bound`` 0 and is tried again when the same resident enrols again.
"""

from __future__ import annotations

import logging
import sqlite3

from fastapi import APIRouter, Response

from gateway.core.auth import DeviceId, State
from gateway.core.enrolment_errors import ENROLMENT_ERRORS
from gateway.core.errors import (
    CARD_CANCELLED,
    INTERNAL_ERROR,
    INVALID_REQUEST,
    TOO_MANY_IDENTIFY_ATTEMPTS,
    UNAUTHORIZED,
    GatewayError,
    responses,
)
from gateway.core.idempotency import IDEMPOTENCY_ERRORS, Idempotent
from gateway.core.timeline import iso_utc
from gateway.core.visits import STRONG, open_visit
from gateway.platform.interface import PLATFORM_UNAVAILABLE, PlatformCard
from gateway.schemas.enrolment import CreatedPatient, CreatePatientRequest
from gateway.store import enrolment, identify_limit, platform_outbox
from gateway.store.identify import patient_model

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1")


@router.post(
    "/patients",
    status_code=201,
    response_model=CreatedPatient,
    tags=["identify"],
    summary="Create the hospital record of a resident at the kiosk (self-registration)",
    description=(
        "Keyed (`Idempotency-Key`): a repeat answers the first result. The identity comes "
        "from an enrolment offer (`not_registered`'s `detail.enrolment.offer_id`, made when "
        "a valid health card names a resident unknown here), from a resident ID card chip "
        "read (`id_card`), or for a newborn from a birth certificate number with a guardian. "
        "A resident registered already is answered with that record (200, `created: false`); "
        "otherwise 201. The record is flagged as created at this kiosk, the health card is "
        "registered at the platform where the resident has none and bound to the new patient "
        "id. Children under 14 and newborns need `guardian` (an adult's ID card). The answer "
        "opens a visit like identify, and carries the visit card's number in full once, for "
        "the barcode on the registration slip. Under identify's per-device limit "
        "(`too_many_identify_attempts`): each call takes an attempt, and only a record made "
        "(201) or a platform outage gives it back."
    ),
    responses={
        200: {"model": CreatedPatient, "description": "Registered already: that record."},
        **responses(*IDEMPOTENCY_ERRORS, *ENROLMENT_ERRORS, CARD_CANCELLED, UNAUTHORIZED,
                    INVALID_REQUEST, TOO_MANY_IDENTIFY_ATTEMPTS, PLATFORM_UNAVAILABLE,
                    INTERNAL_ERROR),
    },
)
def create_patient(body: CreatePatientRequest, state: State, device: DeviceId,
                   idem: Idempotent) -> Response:
    replay = idem.replayed()
    if replay is not None:
        return replay
    now = state.clock()
    # Under identify's per-device limit: an identity that turns out to have a record here
    # (answered with it) or is refused counts as a guess; a record made gives it back.
    attempt = identify_limit.reserve(state.db, device, now, state.settings.identify_limit,
                                     state.settings.identify_window_s)
    try:
        answer = _create(body, state, device, idem, now)
    except GatewayError as exc:
        if exc.kind is PLATFORM_UNAVAILABLE:  # an outage is no guess
            identify_limit.matched(state.db, attempt)
        raise
    if answer.status_code == 201:
        identify_limit.matched(state.db, attempt)
    return answer


def _create(body: CreatePatientRequest, state, device: str, idem: Idempotent,
            now: float) -> Response:
    platform = state.platform
    with state.db.transaction() as conn:
        chosen = enrolment.plan(conn, body, device, now)
        found = enrolment.existing(conn, chosen.identity)
    card = chosen.card
    registered_card = False
    if found is None and card is None:
        registered_card = not platform.knows(chosen.identity.id_type, chosen.identity.id_number)
        card = platform.register(chosen.identity, chosen.guardian, now)
    relation = body.guardian.relation if body.guardian else ""

    def change(conn: sqlite3.Connection) -> CreatedPatient:
        row = enrolment.existing(conn, chosen.identity)  # again, under the write lock
        created = row is None
        if row is None:
            assert card is not None
            row = enrolment.insert(conn, chosen, card, device, now, relation)
        token, expires_at = open_visit(conn, row["patient_id"], device, now, STRONG)
        return CreatedPatient(
            created=created, patient=patient_model(row, now),
            visit_card_barcode=row["visit_card_no"] if created else None,
            health_card_registered=registered_card and created,
            visit_token=token, visit_expires_at=iso_utc(expires_at),
        )

    answer = idem.run(change, status=lambda model: 201 if model.created else 200)
    _bind(state, chosen.identity.id_number, card)
    return answer


def _bind(state, id_number: str, card: PlatformCard | None) -> None:
    """Bind the card at the platform once the patient exists; repeatable. A bind that fails
    is owed to the platform (the outbox retries it), and the next enrolment of the same
    resident tries again too."""
    with state.db.transaction() as conn:
        row = conn.execute(
            "SELECT e.patient_id, e.card_bound FROM enrolled_patients e"
            " JOIN patients p ON p.patient_id = e.patient_id WHERE p.id_number = ?",
            (id_number,)).fetchone()
    if row is None or row["card_bound"] or card is None:
        return
    try:
        state.platform.bind(card, row["patient_id"])
    except GatewayError as exc:
        logger.warning("card not bound at the platform yet: %s", exc.kind.code)
        # Owed, then: the platform outbox binds it again with backoff, across restarts.
        with state.db.transaction() as conn:
            platform_outbox.add(conn, f"bind:{row['patient_id']}", "bind",
                                {"patient_id": row["patient_id"], "health_card_id": card.health_card_id,
                                 "code_text": card.code_text}, state.clock())
        if state.forwarder is not None:
            state.forwarder.kick()
        return
    with state.db.transaction() as conn:
        enrolment.mark_bound(conn, row["patient_id"])
