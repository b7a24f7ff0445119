"""The health-card platform as the gateway sees it: one small interface, several platforms.

A hospital connects the national / provincial electronic health card platform; the reference
gateway runs without one through the emulation (``gateway.platform.emulated``). The Tencent
health-card open platform client (``gateway.platform.tencent``) is the real implementation.
The gateway never talks to a platform except through :class:`HealthCardPlatform`.

Every method raises ``GatewayError`` with one of the API's own kinds (``unknown_code``,
``expired_code``, ``card_cancelled``, ``platform_unavailable``), so a platform's error codes
never leak into the Kiosk Gateway API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from gateway.core.errors import ErrorKind

PLATFORM_UNAVAILABLE = ErrorKind(
    "platform_unavailable",
    503,
    "The health card platform did not answer; please try again shortly or go to a staffed "
    "window.",
    "电子健康卡平台暂时无法访问，请稍后再试或到人工窗口办理",
)

Gender = Literal["M", "F"]


@dataclass(frozen=True, repr=False)
class Identity:
    """Who a resident is, as a platform or an ID card states it (never logged: no repr)."""

    name: str
    gender: Gender
    birth_date: str  # YYYY-MM-DD
    id_type: str  # 01 resident ID card, 08 birth certificate (the platforms' code list)
    id_number: str
    nation: str = ""  # GB 3304 code, e.g. "01" Han; empty when unknown
    address: str = ""
    phone: str | None = None

    def __repr__(self) -> str:
        return f"Identity(id_type={self.id_type})"


@dataclass(frozen=True, repr=False)
class PlatformCard:
    """A resident's electronic health card as the platform answers for it."""

    health_card_id: str
    identity: Identity
    status: Literal["active", "cancelled"] = "active"
    # Opaque platform person id (phid / master index), kept only to bind.
    person_id: str = ""
    # The static code text the platform binds and reports by (``qrCodeText``).
    code_text: str = ""

    def __repr__(self) -> str:
        return "PlatformCard(...)"


@dataclass(frozen=True)
class CodeUse:
    """Where a scanned code is being used (``verifyQRCode``'s context)."""

    terminal_id: str
    medical_step: str = "010101"
    channel: str = "0200"  # 0200 self-service kiosk, 0100 manual window


@dataclass(frozen=True)
class UsageReport:
    """One use of a card for the platform's mandatory usage monitoring (``reportHISData``)."""

    health_card_id: str
    scene: str
    channel: str
    cost_type: str
    department: str = ""
    at: str = ""  # the hospital's wall time, yyyy-MM-dd HH:mm:ss
    extra: dict[str, str] = field(default_factory=dict)
    # The outbox entry's key, sent as the request id: a repeat is the same request.
    key: str = ""


class HealthCardPlatform(Protocol):
    name: str
    # Codes of a shape the gateway does not know (provincial ciphertext) go to the platform.
    pass_unknown_codes: bool
    # The outbox's first retry delay and the longest (gateway.platform.forwarder).
    retry_initial_s: float
    retry_max_s: float

    def resolve(self, text: str, health_card_id: str, token: str | None, use: CodeUse,
                now: float) -> PlatformCard:
        """The active card a scanned health code names; a dynamic code (``token``) is
        verified at its point of use. Refuses ``unknown_code``, ``expired_code``,
        ``card_cancelled``."""
        ...

    def knows(self, id_type: str, id_number: str) -> bool:
        """Whether the platform holds a card for this identity (False when it cannot say)."""
        ...

    def register(self, identity: Identity, guardian: Identity | None, now: float) -> PlatformCard:
        """Register a card for ``identity`` (a child's with the guardian's); a resident who
        holds one already gets that card back."""
        ...

    def bind(self, card: PlatformCard, patient_id: str) -> None:
        """Bind the card to the hospital's patient id (``bindCardRelation``); repeatable."""
        ...

    def report_usage(self, report: UsageReport) -> None:
        """Forward one usage report; raises ``platform_unavailable`` to be retried."""
        ...
