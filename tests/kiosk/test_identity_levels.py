"""How a patient was identified, ranked: the kiosk takes the lower of the gateway's word and
what the code it sent can give, and sensitive services ask for the configured level."""

from __future__ import annotations

import pytest

from kiosk.code_types import CodeKind
from kiosk.identity import PRESENT, IdentifiedBy, IdentityPolicy, answered_level, level_of
from kiosk.models import Assurance
from kiosk.services import CATALOGUE, offer
from kiosk.settings import parse_settings

CHIP, DYNAMIC, STATIC, TYPED = (IdentifiedBy.CHIP_READ, IdentifiedBy.DYNAMIC_CODE,
                                IdentifiedBy.STATIC_CODE, IdentifiedBy.TYPED_NUMBER)
ALL = {s.key for s in CATALOGUE}
EVERY = frozenset(k for s in CATALOGUE for k in s.requires)


def test_levels_are_ranked_chip_dynamic_static_typed():
    assert [lvl.rank for lvl in (TYPED, STATIC, DYNAMIC, CHIP)] == [0, 1, 2, 3]


@pytest.mark.parametrize(("said", "matched_by", "source", "expected"), [
    ("chip_read", "id_number", "card_reader", CHIP),
    ("chip_read", "id_number", "manual", TYPED),  # never above what the source can give
    ("chip_read", "ehc_static", "card_reader", STATIC),
    ("dynamic_code", "ehc_dynamic", "camera", DYNAMIC),
    ("static_code", "ehc_dynamic", "camera", STATIC),  # the gateway may say less
    ("face_scan", "ehc_dynamic", "camera", TYPED),  # an unknown word: fail closed
    (None, "ehc_dynamic", "camera", DYNAMIC),  # an older gateway: the match decides
    (None, "id_number", "card_reader", CHIP),
    (None, "visit_card", "manual", TYPED),
])
def test_the_level_of_an_answer(said, matched_by, source, expected):
    assert answered_level(said, matched_by, source) is expected


def test_the_level_a_code_can_reach():
    assert level_of(CodeKind.ID_NUMBER, "card_reader") is CHIP
    assert level_of(CodeKind.ID_NUMBER, "manual") is TYPED
    assert level_of(CodeKind.EHC_DYNAMIC, "camera") is DYNAMIC
    assert level_of(CodeKind.EHC_PLATFORM, "camera") is STATIC


def test_a_sensitive_service_is_withheld_below_the_level_and_named():
    policy = IdentityPolicy(frozenset({"health"}), DYNAMIC)
    low = offer(ALL, EVERY, Assurance.STRONG, STATIC, policy)
    assert "health" not in {s.key for s in low.services}
    assert [s.key for s in low.need_level] == ["health"] and low.need_stronger_id == []
    high = offer(ALL, EVERY, Assurance.STRONG, DYNAMIC, policy)
    assert "health" in {s.key for s in high.services} and high.need_level == []
    assert "动态二维码" in PRESENT[DYNAMIC].zh and "reader" in PRESENT[CHIP].en


def test_the_settings_name_the_services_and_the_level():
    default = parse_settings({}).identity.policy()
    assert default == IdentityPolicy(frozenset({"health"}), STATIC)
    chosen = parse_settings({"identity": {"sensitive_services": ["health", "reports"],
                                          "sensitive_level": "chip_read"}}).identity.policy()
    assert chosen.sensitive == {"health", "reports"} and chosen.level is CHIP
    from kiosk.errors import ConfigError

    with pytest.raises(ConfigError) as bad:
        parse_settings({"identity": {"sensitive_services": ["helth"]}})
    assert "identity.sensitive_services: unknown service helth" in bad.value.message.en
    with pytest.raises(ConfigError):
        parse_settings({"identity": {"sensitive_level": "fingerprint"}})


def test_the_cards_section_is_checked():
    from kiosk.errors import ConfigError

    assert parse_settings({}).cards.id_card is None
    cards = parse_settings({"cards": {"id_card": {"port": "/dev/ttyUSB0"},
                                      "social_security": {}}}).cards
    assert cards.id_card.baudrate == 115200 and cards.social_security.reader == ""
    with pytest.raises(ConfigError) as bad:
        parse_settings({"cards": {"id_card": {"port": "/dev/ttyUSB0", "baud": 9600}}})
    assert "cards.id_card.baud: unknown key" in bad.value.message.en
