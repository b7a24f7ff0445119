"""Device authentication: every kiosk or counter presents its own bearer token.

Only SHA-256 digests are stored, so a copy of the database does not hand out working
tokens. A token is revoked by deleting its row.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from gateway.core.db import hash_token
from gateway.core.errors import UNAUTHORIZED, GatewayError
from gateway.core.settings import GatewayState

logger = logging.getLogger(__name__)

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="DeviceToken",
    description="Per-device token: `Authorization: Bearer <token>`.",
)


def get_state(request: Request) -> GatewayState:
    return request.app.state.gateway


def require_device(
    state: Annotated[GatewayState, Depends(get_state)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """Returns the device label; raises ``unauthorized`` otherwise."""
    if credentials is None or not credentials.credentials:
        raise GatewayError(UNAUTHORIZED)
    label = state.db.device_label(credentials.credentials)
    if label is None:
        logger.info("refused an unknown device token")
        raise GatewayError(UNAUTHORIZED)
    return label


Device = Annotated[str, Depends(require_device)]
State = Annotated[GatewayState, Depends(get_state)]


def require_device_id(
    _label: Annotated[str, Depends(require_device)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The authenticated device's stable id (the token digest).

    Labels are not unique (every command-line token is "command line"), so per-device
    records such as idempotency keys and visits are keyed by the digest instead.
    """
    assert credentials is not None  # require_device refused the request otherwise
    return hash_token(credentials.credentials)


DeviceId = Annotated[str, Depends(require_device_id)]
