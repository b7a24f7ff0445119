"""The national medical-insurance platform (医保信息平台) as the gateway sees it.

A hospital connects its province's insurance front end; the reference gateway runs the
emulated insurer (``gateway.insurance.emulated``) instead. The gateway never talks to an
insurer except through :class:`InsurancePlatform`, whose methods are the platform's
transactions:

- 1101 ``person``: who is insured, by e-voucher token, ID number or social-security card;
- 2201 + 2204 ``register_visit``: open an outpatient visit (``mdtrt_id``) and upload its fees;
- 2206 ``pre_settle``: the per-fund split the patient is shown (nothing is taken);
- 2207 ``settle``: take it (answers ``setl_id``);
- 2208 ``revoke``: give a settlement back (a refund);
- 2601 ``reverse``: undo whatever a message (``omsgid``) did when its reply was lost.

Every call that changes the insurer carries a message id (``msgid``). A call whose reply
did not arrive raises :class:`InsurerUnreachable` with ``maybe_done=True``: its outcome is
unknown, and the only safe next step is 2601 with that message id (never a second 2207 on
top of it). Refusals raise ``GatewayError`` with the API's own kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from gateway.core.errors import ErrorKind

INSURANCE_UNAVAILABLE = ErrorKind(
    "insurance_unavailable",
    503,
    "The medical-insurance platform did not answer; nothing was charged to insurance. "
    "Please try again shortly or go to a staffed window.",
    "医保平台暂时无法访问，医保未扣费，请稍后再试或到人工窗口办理",
)

CertType = Literal["01", "02", "03"]  # 01 e-voucher token, 02 ID number, 03 social-security card
InsuranceClass = Literal["A", "B", "C"]


class InsurerUnreachable(Exception):
    """No answer. ``maybe_done``: the request may have reached the insurer and taken effect."""

    def __init__(self, what: str, *, maybe_done: bool) -> None:
        super().__init__(what)
        self.maybe_done = maybe_done


@dataclass(frozen=True, repr=False)
class InsuredPerson:
    """1101's answer (never logged: no repr of the person)."""

    psn_no: str
    insutype: str  # 310 employee basic insurance, 390 resident basic insurance
    psn_type: str
    region: str  # insuplc_admdvs, the insured region
    account_fen: int  # personal account balance (balc)
    mutual_aid_fen: int  # what the family mutual-aid pool (家庭共济) can still pay
    id_number: str

    def __repr__(self) -> str:
        return f"InsuredPerson(insutype={self.insutype})"


@dataclass(frozen=True)
class FeeLine:
    """One uploaded fee line (2204): its amount and its list class (甲 A, 乙 B, 丙 C)."""

    amount_fen: int
    insurance_class: InsuranceClass


@dataclass(frozen=True)
class FundPart:
    """One ``setldetail`` line: which fund paid how much."""

    fund_pay_type: str
    amount_fen: int


@dataclass(frozen=True)
class Split:
    """2206 / 2207 amounts, in fen: total = fund + account + mutual aid + cash."""

    total_fen: int
    fund_fen: int
    account_fen: int
    mutual_aid_fen: int
    cash_fen: int
    balance_after_fen: int
    details: tuple[FundPart, ...] = field(default=())

    def same_amounts(self, other: Split) -> bool:
        return (self.total_fen, self.fund_fen, self.account_fen, self.mutual_aid_fen,
                self.cash_fen) == (other.total_fen, other.fund_fen, other.account_fen,
                                   other.mutual_aid_fen, other.cash_fen)


@dataclass(frozen=True)
class Settled:
    setl_id: str
    split: Split


class InsurancePlatform(Protocol):
    name: str

    def person(self, cert_type: CertType, cert_no: str, card_sn: str = "") -> InsuredPerson:
        """1101. Refuses ``not_insured`` / ``unknown_code`` / ``expired_code``."""
        ...

    def register_visit(self, psn_no: str, insutype: str, lines: list[FeeLine],
                       msgid: str) -> str:
        """2201 + 2204: the visit's ``mdtrt_id`` with its fee lines uploaded."""
        ...

    def pre_settle(self, psn_no: str, mdtrt_id: str, use_account: bool) -> Split:
        """2206: the split, computed now; nothing is taken."""
        ...

    def settle(self, psn_no: str, mdtrt_id: str, use_account: bool, msgid: str) -> Settled:
        """2207: take the split. A visit settles once: a second 2207 is refused."""
        ...

    def revoke(self, setl_id: str, mdtrt_id: str, psn_no: str, msgid: str) -> str:
        """2208: give the settlement back; answers the revocation's own ``setl_id``."""
        ...

    def reverse(self, omsgid: str, msgid: str) -> bool:
        """2601: undo what message ``omsgid`` did, if anything; True if it had taken effect.
        Repeatable: reversing twice, or reversing a message never received, is no error."""
        ...

    def settlements(self) -> list:
        """The insurer's own settlement records (the reconciliation file a province's
        front end offers): rows with ``msgid``, ``setl_id``, ``status`` (settled, revoked,
        reversed) and ``body`` (the split as JSON)."""
        ...
