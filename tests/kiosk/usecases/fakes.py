"""A gateway that answers from a table, for the use cases' own rules: what each call sends,
which key it carries, and how an answer becomes a model (or one clear error)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kiosk.models import Gender, Insurance, Patient


@dataclass
class Call:
    method: str
    path: str
    json: Any
    params: dict | None
    key: str | None


class InTurn(list):
    """Answers given one after the other (the last again once they run out)."""


@dataclass
class FakeGateway:
    """``answers`` maps ``"METHOD /path"`` to a body, an exception to raise, or answers
    :class:`InTurn`."""

    answers: dict[str, Any]
    calls: list[Call] = field(default_factory=list)

    def call(self, method, path, *, json=None, params=None, visit=None, idempotency_key=None, staff=None):
        self.calls.append(Call(method, path, json, params, idempotency_key))
        answer = self.answers[f"{method} {path}"]
        if isinstance(answer, InTurn):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def keys(self, method: str, path: str) -> list[str | None]:
        return [c.key for c in self.calls if (c.method, c.path) == (method, path)]


def patient(gender: Gender = Gender.FEMALE, birth: str = "1990-06-10") -> Patient:
    return Patient(
        patient_id="P1", name="张*三", gender=gender, birth_date=dt.date.fromisoformat(birth), id_type="01",
        id_number="110101********1234", health_card_id="HC1", visit_card_no="V0001",
        insurance=Insurance(insured=True),
    )
