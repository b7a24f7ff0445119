"""Nothing is kept for ever: the purge of intents and parked outbox messages.

Run at start and every ``[stores] purge_interval_s`` by the UI's housekeeping (on a pool
thread: it touches the disk). Also where parked messages are surfaced in the log, so staff
reading it learn of them even if no one runs the self-test.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.intents import IntentStore
from kiosk.outbox import Outbox, RetryPolicy
from kiosk.settings_stores import StoresSettings
from kiosk.usecases.registration import OPEN_LOCK

logger = logging.getLogger(__name__)

DAY_S = 86400


@dataclass(frozen=True)
class Purged:
    intents: int
    parked: int
    still_parked: int


def retry_policy(stores: StoresSettings) -> RetryPolicy:
    return RetryPolicy(stores.outbox_retry_initial_s, stores.outbox_retry_max_s,
                       stores.outbox_max_attempts)


def purge(intents: IntentStore, outbox: Outbox, stores: StoresSettings) -> Purged:
    result = Purged(
        intents=intents.purge(stores.intent_retention_days * DAY_S, keep_open=(OPEN_LOCK,)),
        parked=outbox.purge_parked(stores.parked_retention_days * DAY_S),
        still_parked=outbox.dead(),
    )
    if result.intents or result.parked:
        logger.info("retention: purged %d intent(s) and %d parked message(s)",
                    result.intents, result.parked)
    if result.still_parked:
        logger.warning("outbox: %d parked message(s) wait for staff "
                       "(python -m kiosk.outbox list / redrive)", result.still_parked)
    return result
