"""Reading the gateway's answers: typed models, validated where an answer enters the kiosk.

Every use case turns the JSON it receives into the models below (or its own, built on
:class:`Answer`) before anything else sees it, so a flow works with attributes that are
there and of the right kind. An answer that does not fit — a field missing, a number that is
text — is one :class:`~kiosk.errors.GatewayMalformed` at the boundary, never a ``KeyError``
in a screen. Fields a hospital may leave out (English names, optional times) have defaults.

Times: an instant with an offset is kept as that instant; one without an offset is the
hospital's wall time (:func:`kiosk.clock.on_wall`), read in the zone the use case was given.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
)

from kiosk.clock import DEFAULT_TIME_ZONE, instant, on_wall
from kiosk.errors import GatewayMalformed, Text
from kiosk.gateway_client import GatewayClient
from kiosk.intents import IntentStore
from kiosk.models import Visit

logger = logging.getLogger(__name__)

M = TypeVar("M")


class Answer(BaseModel):
    """A part of a gateway answer: immutable, and fields the kiosk does not use are ignored
    (the contract may grow without breaking kiosks)."""

    # A number where the contract has text (a window "3" sent as 3) reads as that text.
    model_config = ConfigDict(frozen=True, extra="ignore", coerce_numbers_to_str=True)


def _zone(info: ValidationInfo) -> ZoneInfo:
    zone = (info.context or {}).get("zone")
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(DEFAULT_TIME_ZONE)


def _required_instant(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, dt.datetime):
        return on_wall(value, _zone(info))
    if isinstance(value, str):
        moment = instant(value, _zone(info))
        if moment is None:
            raise ValueError("not an ISO 8601 time")
        return moment
    return value  # left to the datetime check, which refuses it


def _optional_instant(value: Any, info: ValidationInfo) -> dt.datetime | None:
    # A time only shown to the patient: unreadable shows nothing rather than a wrong time.
    if isinstance(value, dt.datetime):
        return on_wall(value, _zone(info))
    return instant(value, _zone(info)) if isinstance(value, str) else None


# An instant the kiosk acts on (an expiry): it must be there and readable.
Instant = Annotated[dt.datetime, BeforeValidator(_required_instant)]
# An instant the kiosk only shows: missing or unreadable is None.
When = Annotated[dt.datetime | None, BeforeValidator(_optional_instant)]


def read(model: Any, body: Any, zone: ZoneInfo, what: str, field: str | None = None) -> Any:
    """``body`` (or its ``field``) as ``model`` — a model class or a type such as
    ``list[Model]`` — or GatewayMalformed naming ``what`` in the log. The log names the
    fields that did not fit, never their values (they may be personal data)."""
    try:
        if field is not None:
            if not isinstance(body, dict) or field not in body:
                raise GatewayMalformed()
            body = body[field]
        return TypeAdapter(model).validate_python(body, context={"zone": zone})
    except ValidationError as exc:
        wrong = sorted({".".join(str(p) for p in e["loc"]) + f" ({e['type']})" for e in exc.errors()})
        logger.error("gateway answer to %s does not fit the contract: %s", what, ", ".join(wrong[:5]))
        raise GatewayMalformed() from None
    except GatewayMalformed:
        logger.error("gateway answer to %s has no %s", what, field)
        raise


def words(zh: str | None, en: str | None) -> Text:
    """Bilingual words from a gateway's Chinese and (optional) English: English mode shows
    the Chinese where the hospital sent no English."""
    return Text(zh or "", en or zh or "")


def counted(qty: int | str, unit: str, unit_en: str | None) -> Text:
    """``2盒`` / ``2 boxes``: a count with its unit, plural in English (the glossary gives
    the singular noun); the Chinese unit where the hospital sent no English."""
    if not unit_en:
        return Text(f"{qty}{unit}", f"{qty} {unit}".strip())
    plural = unit_en if str(qty) == "1" else unit_en + ("es" if unit_en.endswith(("x", "s", "ch")) else "s")
    return Text(f"{qty}{unit}", f"{qty} {plural}")


class Named(Answer):
    name: str = ""
    name_en: str | None = None

    @property
    def words(self) -> Text:
        return words(self.name, self.name_en)


class Place(Answer):
    """Where something is, as on the hospital's signs (``门诊楼2楼 230 心血管内科诊区``)."""

    code: str = ""
    text: str = ""
    text_en: str | None = None
    name: str = ""
    name_en: str | None = None

    @property
    def words(self) -> Text:
        return words(self.text or self.name, self.text_en or self.name_en)


class DepartmentRef(Named):
    code: str = ""


class Doctor(Answer):
    name: str
    title: str = ""
    title_en: str | None = None

    @property
    def words(self) -> Text:
        """``张伟 主任医师`` / ``张伟 Chief physician``."""
        return Text(f"{self.name} {self.title}".strip(), f"{self.name} {self.title_en or self.title}".strip())


class UseCase:
    """What every use case has: the client, the intent store (for changes) and the zone
    its answers' times without an offset are read in."""

    def __init__(
        self,
        client: GatewayClient,
        intents: IntentStore | None = None,
        *,
        zone: str | ZoneInfo = DEFAULT_TIME_ZONE,
    ) -> None:
        self._client = client
        self._intents = intents
        self._zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)

    def _get(
        self, model: Any, path: str, *, field: str | None = None, visit: Visit | None = None,
        params: dict | None = None,
    ) -> Any:
        body = self._client.call("GET", path, params=params, visit=visit)
        return read(model, body, self._zone, f"GET {path.split('?')[0]}", field)

    def _read(self, model: Any, body: Any, what: str, field: str | None = None) -> Any:
        return read(model, body, self._zone, what, field)

    def locations(self) -> dict[str, Place]:
        """The hospital's places by code: where a department, a window or a lab is (any
        service that sends the patient somewhere names the place by its code)."""
        rows = self._get(list[Place], "/api/v1/locations", field="locations")
        return {row.code: row for row in rows}

    def _send(self, kind: str, scope: str, model: Any, path: str, *, json: Any, visit: Visit | None) -> Any:
        """A POST that a retry must not double: its key is stored before sending, so a retry
        after a lost reply is the same request (the caller decides when the intent is done)."""
        key = self._intents.key(kind, scope)
        body = self._client.call("POST", path, json=json, visit=visit, idempotency_key=key)
        return self._read(model, body, f"POST {path}")

    def _once(
        self, kind: str, scope: str, model: Any, path: str, *, json: Any, visit: Visit | None,
        method: str = "POST",
    ) -> Any:
        """A change made once per patient intent: its key is stored before sending (a retry
        after a lost reply is the same request) and the intent is done once an answer that
        fits has come (a malformed one leaves it open, as its outcome is unknown)."""
        key = self._intents.key(kind, scope)
        body = self._client.call(method, path, json=json, visit=visit, idempotency_key=key)
        answer = None if model is None else self._read(model, body, f"{method} {path}")
        self._intents.finish(kind, scope)
        return answer
