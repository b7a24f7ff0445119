"""The Tencent health-card open platform, as one :class:`HealthCardPlatform`.

Calls carry the signed envelope of :mod:`gateway.platform.tencent_protocol` and an app
token from ``getAppToken``, cached until shortly before it expires and renewed once when
the platform says it is no longer valid. The platform's refusals become the API's own
kinds (matched by the platform's wording, which its public SDKs show); a transport failure
or an answer that is not the protocol is ``platform_unavailable``. Nothing personal and
never the secret or the token is logged: a call logs its path, result code and duration.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import requests

from gateway.core.clock import local
from gateway.core.errors import (
    CARD_CANCELLED,
    EXPIRED_CODE,
    MALFORMED_CODE,
    UNKNOWN_CODE,
    ErrorKind,
    GatewayError,
)
from gateway.platform import tencent_protocol as wire
from gateway.platform.config import TencentConfig
from gateway.platform.interface import (
    PLATFORM_UNAVAILABLE,
    CodeUse,
    Identity,
    PlatformCard,
    UsageReport,
)

logger = logging.getLogger(__name__)

PLATFORM_REFUSED = ErrorKind(
    "platform_refused",
    502,
    "The health card platform refused the request; please go to a staffed window.",
    "电子健康卡平台拒绝了请求，请到人工窗口办理",
)
# The platform's own words for the refusals the kiosk explains in its own.
_BY_MESSAGE: tuple[tuple[str, ErrorKind], ...] = (
    ("已注销", CARD_CANCELLED),
    ("过期", EXPIRED_CODE),
    ("健康卡不存在", UNKNOWN_CODE),
    ("未注册", UNKNOWN_CODE),
    ("二维码错误", MALFORMED_CODE),
)


class TencentPlatform:
    name = "tencent"

    def __init__(
        self,
        config: TencentConfig,
        secret: str,
        clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
    ) -> None:
        self._config = config
        self.pass_unknown_codes = config.pass_unknown_codes
        self.retry_initial_s = config.retry_initial_s
        self.retry_max_s = config.retry_max_s
        self._secret = secret
        self._clock = clock
        self._http = session or requests.Session()
        self._lock = threading.Lock()
        self._token: str | None = None
        self._token_until = 0.0

    def __repr__(self) -> str:  # never the secret or the token
        return f"TencentPlatform(app_id={self._config.app_id})"

    # --- the interface ---------------------------------------------------------------------

    def resolve(self, text: str, health_card_id: str, token: str | None, use: CodeUse,
                now: float) -> PlatformCard:
        if token is None and health_card_id:
            rsp = self._call(wire.GET_CARD, {"qrCodeText": text})
            card = rsp.get("card")
            if not isinstance(card, dict):
                raise GatewayError(PLATFORM_UNAVAILABLE)
        else:
            card = self._call(wire.VERIFY, {
                "qrCodeText": text,
                "terminalId": use.terminal_id,
                "time": self._wall(now),
                "medicalStep": use.medical_step,
                "channelCode": use.channel,
                "hospitalCode": self._config.hospital_id,
                "useType": "01",
            })
        return self._card(card, text)

    def knows(self, id_type: str, id_number: str) -> bool:
        return False  # the open platform has no lookup by identity

    def register(self, identity: Identity, guardian: Identity | None, now: float) -> PlatformCard:
        req: dict[str, Any] = {
            "name": identity.name,
            "gender": wire.GENDER_TO_PLATFORM[identity.gender],
            "nation": wire.NATION_NAMES.get(identity.nation, identity.nation),
            "birthday": identity.birth_date,
            "idNumber": identity.id_number,
            "idType": identity.id_type,
            "address": identity.address,
            "phone1": identity.phone,
        }
        if guardian is not None:
            req["relation"] = "监护人"
            req["childInfo"] = {"guardianName": guardian.name,
                                "guardianIdNumber": guardian.id_number,
                                "guardianIdType": guardian.id_type}
        rsp = self._call(wire.REGISTER, req)
        card_id = rsp.get("healthCardId")
        if not isinstance(card_id, str) or not card_id:
            raise GatewayError(PLATFORM_UNAVAILABLE)
        return PlatformCard(health_card_id=card_id, identity=identity,
                            person_id=str(rsp.get("phid") or ""),
                            code_text=str(rsp.get("qrCodeText") or f"{card_id}:1"))

    def bind(self, card: PlatformCard, patient_id: str) -> None:
        rsp = self._call(wire.BIND, {"patid": patient_id,
                                     "qrCodeText": card.code_text or f"{card.health_card_id}:1"})
        if rsp.get("result") is not True:
            raise GatewayError(PLATFORM_REFUSED)

    def report_usage(self, report: UsageReport) -> None:
        self._call(wire.REPORT, request_id=report.key or None, req={
            "qrCodeText": f"{report.health_card_id}:1",
            "time": report.at,
            "hospitalCode": self._config.hospital_id,
            "scene": report.scene,
            "department": report.department,
            "cardType": "11",
            "cardChannel": report.channel,
            "cardCostTypes": report.cost_type,
        })

    # --- transport -------------------------------------------------------------------------

    def _wall(self, now: float) -> str:
        return local(now).strftime("%Y-%m-%d %H:%M:%S")

    def _app_token(self, renew: bool = False) -> str:
        with self._lock:
            now = self._clock()
            if renew or self._token is None or now >= self._token_until:
                rsp = self._post(wire.AUTH, {"appId": self._config.app_id}, token=None)
                token, lifetime = rsp.get("appToken"), rsp.get("expiresIn")
                if not isinstance(token, str) or not isinstance(lifetime, (int, float)):
                    raise GatewayError(PLATFORM_UNAVAILABLE)
                self._token = token
                self._token_until = now + max(0.0, float(lifetime) - self._config.renew_before_s)
                logger.info("platform app token renewed (valid %ds)", int(lifetime))
            return self._token

    def _call(self, path: str, req: dict[str, Any], request_id: str | None = None) -> dict[str, Any]:
        try:
            return self._post(path, req, token=self._app_token(), request_id=request_id)
        except _TokenRefused:
            return self._post(path, req, token=self._app_token(renew=True), request_id=request_id)

    def _post(self, path: str, req: dict[str, Any], token: str | None,
              request_id: str | None = None) -> dict[str, Any]:
        common = {
            "appToken": token,
            # An outbox entry's key when it has one: a repeat is recognisably the same.
            "requestId": request_id or uuid.uuid4().hex.upper(),
            "hospitalId": self._config.hospital_id,
            "timestamp": str(int(self._clock())),
            "channelNum": self._config.channel_num,
        }
        body = wire.envelope(common, {k: v for k, v in req.items() if v is not None},
                             self._secret)
        name = path.rsplit("/", 1)[-1]
        started = time.monotonic()
        try:
            response = self._http.post(
                self._config.url + path, json=body, timeout=self._config.timeout_s,
                verify=str(self._config.ca_bundle) if self._config.ca_bundle else True,
                proxies={},
            )
            answer = response.json()
        except (requests.RequestException, ValueError) as exc:
            logger.warning("platform %s failed: %s", name, type(exc).__name__)
            raise GatewayError(PLATFORM_UNAVAILABLE) from None
        elapsed = (time.monotonic() - started) * 1000
        out = answer.get("commonOut") if isinstance(answer, dict) else None
        if response.status_code != 200 or not isinstance(out, dict):
            logger.warning("platform %s answered HTTP %d", name, response.status_code)
            raise GatewayError(PLATFORM_UNAVAILABLE)
        code = out.get("resultCode")
        logger.info("platform %s -> %s (%.0f ms)", name, code, elapsed)
        if code == 0:
            rsp = answer.get("rsp")
            return rsp if isinstance(rsp, dict) else {}
        if token is not None and code in self._config.token_error_codes:
            raise _TokenRefused()
        raise GatewayError(_kind_of(str(out.get("errMsg") or "")))

    def _card(self, card: dict[str, Any], text: str) -> PlatformCard:
        try:
            identity = Identity(
                name=str(card["name"]),
                gender=wire.GENDER_FROM_PLATFORM[str(card["gender"])],  # type: ignore[arg-type]
                birth_date=str(card["birthday"])[:10],
                id_type=str(card.get("idType") or "01"),
                id_number=str(card["idNumber"]),
                nation=str(card.get("nation") or ""),
                address=str(card.get("address") or ""),
                phone=str(card.get("phone1") or card.get("phone") or "") or None,
            )
            card_id = str(card["healthCardId"])
        except (KeyError, TypeError):
            logger.warning("platform card answer lacks fields")
            raise GatewayError(PLATFORM_UNAVAILABLE) from None
        return PlatformCard(health_card_id=card_id, identity=identity,
                            person_id=str(card.get("phid") or ""), code_text=text)


class _TokenRefused(Exception):
    """The platform no longer accepts the cached app token."""


def _kind_of(message: str) -> ErrorKind:
    for words, kind in _BY_MESSAGE:
        if words in message:
            return kind
    return PLATFORM_REFUSED
