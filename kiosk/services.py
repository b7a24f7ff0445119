"""The services a patient can choose after identification, and which of them to offer.

A service is shown only when this kiosk implements it *and* the hospital's gateway says it
supports it: a button that leads to "not available" is worse than no button. A patient
identified by a visit-card number alone (a weak identifier: printed on paper, typed by
anyone holding it) is offered only the services that are safe for it; the others are named
with a request for a stronger identifier instead of buttons the gateway would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.errors import Text
from kiosk.identity import IdentifiedBy, IdentityPolicy
from kiosk.models import Assurance


@dataclass(frozen=True)
class Service:
    key: str
    title: Text
    subtitle: Text
    requires: frozenset[str]  # gateway capabilities it needs


CATALOGUE: tuple[Service, ...] = (
    Service(
        "registration",
        Text(zh="挂号", en="Registration"),
        Text(zh="当日挂号与预约", en="Same-day and booked"),
        frozenset({"registration"}),
    ),
    Service(
        "check_in",
        Text(zh="预约签到", en="Check in"),
        Text(zh="已预约的就诊签到", en="For booked visits"),
        frozenset({"check_in"}),
    ),
    Service(
        "payment",
        Text(zh="门诊缴费", en="Pay bills"),
        Text(zh="查看并支付待缴费用", en="See and pay what is due"),
        frozenset({"payment"}),
    ),
    Service(
        "ebills",
        Text(zh="电子票据", en="E-bills"),
        Text(zh="查看、打印医疗收费电子票据", en="See and print your medical bills"),
        frozenset({"ebills"}),
    ),
    Service(
        "reports",
        Text(zh="报告打印", en="Print reports"),
        Text(zh="检验、检查报告", en="Lab and imaging"),
        frozenset({"reports"}),
    ),
    Service(
        "guidance",
        Text(zh="就诊指引", en="Where to go"),
        Text(zh="今天下一步去哪里", en="Your next step today"),
        frozenset({"guidance"}),
    ),
    Service(
        "pharmacy",
        Text(zh="取药查询", en="Medicine pickup"),
        Text(zh="药品是否备好", en="Is my medicine ready"),
        frozenset({"pharmacy"}),
    ),
    Service(
        "health",
        Text(zh="健康服务", en="Health services"),
        Text(zh="家庭医生、健康档案、慢病续方", en="Family doctor, record, renewals"),
        frozenset({"family_doctor"}),
    ),
    Service(
        "my_records",
        Text(zh="我的记录", en="My records"),
        Text(zh="交易记录、补打凭条、取消预约", en="Receipts, reprints, cancel a booking"),
        frozenset({"my_records"}),
    ),
    Service(
        "inpatient",
        Text(zh="住院服务", en="Inpatient services"),
        Text(zh="预交金、一日清单、出院结算", en="Deposit, daily list, discharge"),
        frozenset({"inpatient"}),
    ),
    Service(
        "my_card",
        Text(zh="我的就诊卡", en="My card"),
        Text(zh="就诊卡号与医保状态", en="Card number and insurance"),
        frozenset({"identify"}),
    ),
)


def available(implemented: set[str] | frozenset[str], capabilities: frozenset[str]) -> list[Service]:
    """Services to show, in catalogue order."""
    return [s for s in CATALOGUE if s.key in implemented and s.requires <= capabilities]


# What a visit-card visit may do: nothing that pays, books, or shows results or records.
# The gateway serves exactly these to such a visit (its ``AnyVisit`` routes) and answers
# 403 ``stronger_id_required`` to the rest.
WEAK_IDENTITY_SERVICES = frozenset({"check_in", "guidance", "pharmacy"})
# What a wristband visit may do besides: the stay's own services (the gateway's
# ``InpatientVisit`` routes, and paying a deposit or what a discharge leaves due).
WRISTBAND_SERVICES = WEAK_IDENTITY_SERVICES | {"inpatient"}
_REACH = {Assurance.WRISTBAND: WRISTBAND_SERVICES, Assurance.VISIT_CARD: WEAK_IDENTITY_SERVICES}


@dataclass(frozen=True)
class Offer:
    services: list[Service]  # buttons
    need_stronger_id: list[Service]  # available, once the patient shows a stronger identifier
    # Sensitive services (IdentityPolicy) this identification is below the level of.
    need_level: list[Service] = field(default_factory=list)


# Callers that judge the visit-card rule alone (the assurance) pass no level.
_ANY = IdentifiedBy.CHIP_READ
_NO_POLICY = IdentityPolicy(sensitive=frozenset())


def allowed(key: str, assurance: Assurance, identified_by: IdentifiedBy = _ANY,
            policy: IdentityPolicy = _NO_POLICY) -> bool:
    return ((assurance is Assurance.STRONG or key in _REACH.get(assurance, frozenset()))
            and policy.permits(key, identified_by))


def offer(implemented: set[str] | frozenset[str], capabilities: frozenset[str],
          assurance: Assurance, identified_by: IdentifiedBy = _ANY,
          policy: IdentityPolicy = _NO_POLICY) -> Offer:
    """What the patient's home shows for an identity of this assurance and level."""
    shown = available(implemented, capabilities)
    weak = [s for s in shown if not allowed(s.key, assurance)]
    low = [s for s in shown if s not in weak and not policy.permits(s.key, identified_by)]
    return Offer([s for s in shown if s not in weak and s not in low], weak, low)


# Shown only to a patient with a stay not yet settled (the gateway's next actions say so):
# a button that finds no admission is worse than no button.
NEEDS_ADMISSION = frozenset({"inpatient"})


def for_stay(offered: Offer, admitted: bool) -> Offer:
    """``offered`` without the inpatient services unless the patient has a stay."""
    if admitted:
        return offered
    return Offer([s for s in offered.services if s.key not in NEEDS_ADMISSION],
                 [s for s in offered.need_stronger_id if s.key not in NEEDS_ADMISSION],
                 [s for s in offered.need_level if s.key not in NEEDS_ADMISSION])


def titles(services: list[Service]) -> Text:
    """Service names as one list in each language: 挂号、门诊缴费 / Registration, Pay bills."""
    return Text("、".join(s.title.zh for s in services), ", ".join(s.title.en for s in services))
