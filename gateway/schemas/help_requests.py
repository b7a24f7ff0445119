"""Bodies of the help-request endpoints (叫工作人员 / Call staff).

A help request says where help is needed and how long the patient has waited, and nothing
about the patient: the request body refuses every field it does not name.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

HelpStatus = Literal["open", "acknowledged", "closed"]
TERMINAL_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
SCREEN_PATTERN = r"^[a-z][a-z0-9_.-]{0,39}$"
REQUEST_ID_PATTERN = r"^H[0-9A-F]{16}$"


class HelpRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    terminal_id: str = Field(
        pattern=TERMINAL_PATTERN, description="The kiosk's terminal id as staff know it, e.g. "
        "`KIOSK-OP1-03` (1-64 letters, digits, `_ . : -`).")
    screen: str = Field(
        pattern=SCREEN_PATTERN, description="Short code of the screen the patient is on, e.g. "
        "`payment.qr` (1-40 lower-case letters, digits, `_ . -`; never patient data).")
    waited_s: int = Field(
        ge=0, le=86_400, description="How long the patient had been on the kiosk before asking "
        "(seconds).")


class HelpRequest(BaseModel):
    request_id: str = Field(description="e.g. `H3F2A9C01B4D7E655`.")
    status: HelpStatus = Field(
        description="`open`: nobody has answered yet; `acknowledged`: a staff member is on the "
        "way (`acknowledged_by`); `closed`: resolved by staff or cancelled by the kiosk.")
    terminal_id: str
    screen: str
    waited_s: int = Field(description="As the kiosk sent it: waited before asking.")
    created_at: str
    waiting_s: int = Field(
        description="Seconds from the request until a staff member acknowledged it (or it was "
        "closed); for an open request, until now.")
    overdue: bool = Field(
        description="Still open after the gateway's `--help-overdue-s` (default 120 s): "
        "nobody has answered in time.")
    overdue_at: str = Field(description="When an unanswered request becomes overdue.")
    acknowledged_at: str | None
    acknowledged_by: str | None = Field(
        description="The display name of the staff member on the way; nothing else of them.")
    closed_at: str | None
    closed_by: Literal["staff", "kiosk"] | None = Field(
        description="`staff`: resolved; `kiosk`: cancelled when the patient left.")


class HelpRequests(BaseModel):
    requests: list[HelpRequest] = Field(
        description="Requests under way first, longest waiting first; closed ones after, most "
        "recently closed first.")
    as_of: str = Field(description="The gateway's now, which `waiting_s` and `overdue` use.")
    overdue_after_s: int
    overdue_count: int = Field(description="How many of the listed requests are overdue.")
