"""The demo population: deterministic, plausible and valid."""

import re
from collections import Counter
from datetime import date

import pytest
from fastapi.testclient import TestClient
from stdnum.cn import ric

from gateway.app import create_app
from gateway.core.scan import legacy_to_18
from gateway.core.settings import Settings
from gateway.demo.census import REGION_NAMES, SURNAMES
from gateway.demo.population import generate, legacy_from_18

COMPOUND = tuple(s for s, _ in SURNAMES if len(s) == 2)


def test_same_seed_same_people():
    assert generate(2026, 240) == generate(2026, 240)


def test_other_seed_other_people():
    a, b = generate(2026, 240), generate(7, 240)
    assert [p.id_number for p in a] != [p.id_number for p in b]


def test_population(demo_people):
    patients = [p for p in demo_people if p.patient_id]
    assert len(patients) >= 200
    assert len({p.id_number for p in demo_people}) == len(demo_people)
    assert len({p.health_card_id for p in demo_people}) == len(demo_people)
    assert len({p.patient_id for p in patients}) == len(patients)
    assert len({p.visit_card_no for p in patients}) == len(patients)
    assert sum(p.card_status == "cancelled" for p in demo_people) >= 3
    assert sum(p.patient_id is None for p in demo_people) >= 3
    assert sum(p.legacy_id_number is not None for p in demo_people) >= 3
    assert 0.5 <= sum(p.insured for p in patients) / len(patients) <= 0.7
    assert any(p.name.startswith(COMPOUND) for p in demo_people)
    ages = [(date(2026, 1, 1) - p.birth_date).days // 365 for p in demo_people]
    assert min(ages) <= 5 and max(ages) >= 85
    assert sum(age >= 60 for age in ages) / len(ages) > 0.3
    assert Counter(p.gender for p in demo_people).keys() == {"M", "F"}


def test_every_person_is_valid(demo_people):
    for p in demo_people:
        assert ric.is_valid(p.id_number), p.id_number
        assert p.id_number[-1] in "0123456789X"
        assert p.id_number[:6] in REGION_NAMES
        assert p.region_code == p.id_number[:6]
        assert p.id_number[6:14] == p.birth_date.strftime("%Y%m%d")
        assert int(p.id_number[16]) % 2 == (1 if p.gender == "M" else 0)
        assert re.fullmatch(r"[0-9A-F]{64}", p.health_card_id)
        assert re.fullmatch(r"1[3-9][0-9]{9}", p.phone)
        assert 2 <= len(p.name) <= 4
        if p.patient_id:
            assert re.fullmatch(r"P[0-9]{8}", p.patient_id)
            assert re.fullmatch(r"[0-9]{10}", p.visit_card_no)
        if p.legacy_id_number:
            assert len(p.legacy_id_number) == 15
            assert legacy_to_18(p.legacy_id_number) == p.id_number
            assert legacy_from_18(p.id_number) == p.legacy_id_number
        if p.insured:
            assert p.insurance_region == p.region_code[:4] + "00"


@pytest.mark.parametrize("seed", [2026, 1])
def test_two_gateways_with_one_seed_list_the_same_patients(tmp_path, seed):
    listings = []
    for name in ("a", "b"):
        settings = Settings(db_path=tmp_path / f"{name}.sqlite", device_tokens=("t",), seed=seed,
                            demo=True)
        with TestClient(create_app(settings), headers={"Authorization": "Bearer t"}) as client:
            listings.append(client.get("/demo/v1/patients", params={"limit": 500}).json())
    assert listings[0] == listings[1]
    statuses = Counter(p["status"] for p in listings[0]["patients"])
    assert statuses == {"active": 237, "cancelled": 1, "unregistered": 1}
    assert listings[0]["patients"][-2]["status"] == "cancelled"
    assert listings[0]["patients"][-1]["status"] == "unregistered"
