"""The identify answer carries the patient's age on the hospital's today, which the kiosk's
elder mode needs; it turns at the hospital's midnight, whatever the machine's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from gateway.core.timeline import age_on, today
from tests.gateway.service_client import START, TOKEN, Clock, cards, make_app

HOSPITAL = ZoneInfo("Asia/Shanghai")


def _patient(client, card) -> dict:
    code = client.post(f"/demo/v1/cards/{card}/codes", json={"kind": "dynamic"}).json()["text"]
    answer = client.post("/api/v1/identify", json={"text": code, "source": "demo"})
    assert answer.status_code == 200, answer.text
    return answer.json()["patient"]


def test_age_turns_at_the_hospitals_midnight(tmp_path, demo_people):
    clock = Clock()
    with TestClient(make_app(tmp_path / "gw.sqlite", clock),
                    headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        births = {p.health_card_id: p.birth_date for p in demo_people}
        # Not a 29 February birthday: those turn on 1 March in most years.
        card = next(c for c in cards(client) if (births[c].month, births[c].day) != (2, 29))
        patient = _patient(client, card)
        born = births[card]
        assert patient["age"] == age_on(born, today(START)) and patient["birth_date"] == str(born)
        # The next birthday after the pinned moment (15 January).
        year = today(START).year + ((born.month, born.day) <= (1, 15))
        birthday = datetime(year, born.month, born.day, tzinfo=HOSPITAL).timestamp()
        clock.now = birthday - 60  # 23:59 the evening before, in the hospital's zone
        before = _patient(client, card)["age"]
        clock.now = birthday + 60
        assert (before, _patient(client, card)["age"]) == (year - born.year - 1,
                                                           year - born.year)
