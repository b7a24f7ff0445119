"""HTTP client of the Kiosk Gateway API.

Constructed once at start-up and injected wherever it is needed (never built deep inside a
screen), so tests and the self-test can point it anywhere. Every request has a connect and a
read timeout. Only failures that cannot have changed anything are retried: connection
failures before the request was sent, and read-only requests. State-changing requests carry
an ``Idempotency-Key`` instead (see the payment and registration use cases).

Trust comes from the configuration only: the hospital CA file when one is set, else the
bundled public roots. requests would otherwise let ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``
replace the configured CA and ``HTTPS_PROXY`` reroute the device token, so the session
ignores the environment (``trust_env = False``), and every request names its trust anew.
"""

from __future__ import annotations

import datetime as dt
import logging
import ssl
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests
from pydantic import BaseModel, Field, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kiosk.errors import (
    ConfigError,
    GatewayMalformed,
    GatewayRejected,
    GatewayUnavailable,
    KioskError,
    Text,
)
from kiosk.gateway_errors import busy, rejection_for
from kiosk.identity import answered_level
from kiosk.models import (
    Assurance,
    Capabilities,
    Gender,
    Identification,
    Insurance,
    Patient,
    Visit,
)

if TYPE_CHECKING:
    from kiosk.settings import Settings

logger = logging.getLogger(__name__)

API = "/api/v1"


class GatewayClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        connect_timeout_s: float = 2.0,
        timeout_s: float = 8.0,
        retries: int = 2,
        terminal_id: str = "",
        verify: bool | str = True,
        session: requests.Session | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._timeout = (connect_timeout_s, timeout_s)
        self._terminal_id = terminal_id
        self._state_change_retries = retries
        self._verify = checked_trust(verify)
        self.last_failure: str | None = None
        # (operation, seconds, error code or None) after every request: fleet metrics.
        # Called on the caller's thread; operation is the resource ("identify"), never a path.
        self.observer: Callable[[str, float, str | None], None] | None = None
        self._http = session or requests.Session()
        # No environment: no CA bundle variables, no proxies, no .netrc credentials.
        self._http.trust_env = False
        self._http.proxies.clear()
        self._http.verify = self._verify
        self._http.headers["Authorization"] = f"Bearer {token}"
        self._http.headers["User-Agent"] = "ehc-kiosk/0.1"
        # Connection errors are retried for every method: nothing reached the server.
        # Read errors and 502/503/504 only for GET, which cannot change state.
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            allowed_methods=frozenset({"GET", "HEAD"}),
            status_forcelist=(502, 503, 504),
            backoff_factor=0.2,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self._http.mount("http://", adapter)
        self._http.mount("https://", adapter)

    @property
    def terminal_id(self) -> str:
        return self._terminal_id

    @property
    def base_url(self) -> str:
        return self._base

    def close(self) -> None:
        self._http.close()

    # --- transport -------------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict | None = None,
        visit: Visit | None = None,
        idempotency_key: str | None = None,
        staff: str | None = None,
    ) -> Any:
        """One API call. ``visit`` scopes it to the identified patient; ``idempotency_key``
        (required for anything that changes state) makes it safe to repeat: it is retried
        with the same key when the reply is lost, and the gateway answers a repeat with the
        first result. ``staff`` is a pharmacy staff session token, sent as
        ``X-Staff-Session`` so the gateway attributes the call to that staff member."""
        headers = {}
        if visit is not None:
            headers["X-Visit-Token"] = visit.token
        if staff is not None:
            headers["X-Staff-Session"] = staff
        if idempotency_key is None:
            return self._request(method, path, json=json, params=params, headers=headers)
        headers["Idempotency-Key"] = idempotency_key
        attempt = 0
        while True:
            try:
                return self._request(method, path, json=json, params=params, headers=headers)
            except GatewayUnavailable:
                attempt += 1
                if attempt > self._state_change_retries:
                    raise
                time.sleep(min(0.2 * 2**attempt, 2.0))

    def document(self, path: str, *, visit: Visit | None = None, media_type: str = "application/pdf") -> bytes:
        """A GET answered with a document (an e-bill's PDF) rather than JSON; a refusal is
        JSON as usual and raised the same way."""
        headers = {"X-Visit-Token": visit.token} if visit is not None else {}
        try:
            response = self._http.get(self._base + path, headers=headers, timeout=self._timeout,
                                      verify=self._verify, proxies={})
        except requests.RequestException as exc:
            logger.warning("gateway GET document failed: %s", type(exc).__name__)
            raise GatewayUnavailable() from None
        if response.status_code == 200 and response.headers.get("content-type", "").startswith(media_type):
            return response.content
        try:
            error = response.json().get("error", {}) if 400 <= response.status_code < 500 else None
        except (ValueError, AttributeError):
            error = None
        if not isinstance(error, dict):
            raise GatewayUnavailable()
        logger.info("gateway GET document refused: %s", error.get("code", "error"))
        rejection = rejection_for(str(error.get("code", "error")), error.get("message_zh"), error.get("message"))
        rejection.status = response.status_code
        raise rejection

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        if self.observer is None:
            return self._send(method, path, **kwargs)
        started = time.monotonic()
        error: str | None = None
        try:
            return self._send(method, path, **kwargs)
        except KioskError as exc:
            error = exc.code
            raise
        finally:
            self._observe(operation_of(path), time.monotonic() - started, error)

    def _observe(self, operation: str, seconds: float, error: str | None) -> None:
        try:
            self.observer(operation, seconds, error)  # type: ignore[misc]
        except Exception:  # watching the kiosk must never break a patient's request
            logger.exception("gateway call observer failed")

    def _send(self, method: str, path: str, **kwargs: Any) -> Any:
        url = self._base + path
        try:
            response = self._http.request(
                method, url, timeout=self._timeout, verify=self._verify, proxies={}, **kwargs
            )
        except requests.RequestException as exc:
            # The exception text may hold the URL but never a payload; log only its kind.
            logger.warning("gateway %s %s failed: %s", method, path.split("?")[0], type(exc).__name__)
            # Kept for the self-test, which tells an untrusted certificate from an outage.
            self.last_failure = type(exc).__name__
            raise GatewayUnavailable() from None
        if response.status_code >= 500:
            logger.warning("gateway %s %s answered %s", method, path, response.status_code)
            if response.status_code == 503 and _error_code(response) == "gateway_busy":
                raise busy()
            raise GatewayUnavailable()
        if response.status_code == 204:  # e.g. a sign-out: success with nothing to say
            return None
        try:
            body = response.json()
        except ValueError:
            logger.warning("gateway %s %s answered non-JSON (%s)", method, path, response.status_code)
            raise GatewayUnavailable() from None
        if response.status_code >= 400:
            error = body.get("error", {}) if isinstance(body, dict) else {}
            code = str(error.get("code", "error"))
            logger.info("gateway %s %s refused: %s", method, path, code)
            rejection = rejection_for(code, error.get("message_zh"), error.get("message"))
            detail = error.get("detail")
            rejection.detail = detail if isinstance(detail, dict) else None
            rejection.status = response.status_code
            raise rejection
        return body

    # --- API -------------------------------------------------------------------------------

    def health(self) -> bool:
        try:
            body = self._request("GET", f"{API}/health")
        except KioskError:
            return False
        return body.get("status") == "ok"

    def capabilities(self) -> Capabilities:
        body = self._request("GET", f"{API}/capabilities")
        hospital = body.get("hospital") or {}
        return Capabilities(
            services=frozenset(body.get("services", [])),
            hospital_code=hospital.get("code", ""),
            hospital_name_zh=hospital.get("name", ""),
            hospital_name_en=hospital.get("name_en", ""),
        )

    def identify(self, text: str, source: str) -> Identification:
        body = self._request(
            "POST",
            f"{API}/identify",
            json={"text": text, "source": source, "terminal_id": self._terminal_id or None},
        )
        try:
            answer = _Identified.model_validate(body)
        except ValidationError:
            logger.error("gateway identify answered an unexpected shape")
            raise GatewayMalformed() from None
        visit = Visit(token=answer.visit_token) if answer.visit_token else None
        return Identification(
            patient=answer.patient.domain(), matched_by=answer.matched_by, visit=visit,
            assurance=Assurance.of(answer.assurance, answer.matched_by),
            identified_by=answered_level(answer.identified_by, answer.matched_by, source),
        )

    def end_visit(self, visit: Visit) -> None:
        """End the visit at the gateway (the kiosk session is over); already ended is fine."""
        try:
            self.call("DELETE", f"{API}/visits/current", visit=visit)
        except GatewayRejected as exc:
            if exc.code != "visit_expired":
                raise

    # --- demo support (reference gateway only) --------------------------------------------

    def demo_patients(self, limit: int = 6) -> list[dict]:
        return self._request("GET", f"/demo/v1/patients?limit={int(limit)}")["patients"]

    def demo_code(self, health_card_id: str, kind: str = "dynamic", age_s: int = 0) -> str:
        body = self._request(
            "POST",
            f"/demo/v1/cards/{health_card_id}/codes",
            json={"kind": kind, "age_s": age_s},
        )
        return body["text"]

    def demo_wristbands(self) -> list[str]:
        return [w["inpatient_no"] for w in self._request("GET", "/demo/v1/wristbands")["wristbands"]]

    def demo_payment_code(self, wallet: str = "wechat") -> str:  # as the demo wallet page shows
        return self._request("GET", f"/demo/v1/payment-code?wallet={wallet}")["payment_code"]


def _error_code(response: requests.Response) -> str | None:
    """The envelope's error code of a refusal, if its body is one."""
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("code")) if isinstance(error, dict) else None


def operation_of(path: str) -> str:
    """The resource a path names (``/api/v1/reports/R1/print`` → ``reports``): a label with
    no ids in it."""
    rest = path.split("?")[0].removeprefix(API).strip("/")
    first = rest.split("/")[0] if rest else "root"
    return first if first.replace("-", "").replace("_", "").isalnum() else "other"


def checked_trust(verify: bool | str | Path) -> bool | str:
    """``verify`` as requests takes it, after checking that a CA file is there and holds
    certificates: a missing or unreadable file is a configuration error at start-up, not an
    ``OSError`` at the first request. ``False`` (no verification) is refused outright."""
    if verify is True:
        return True
    if verify is False:
        raise ConfigError(_trust_text("TLS verification cannot be switched off", "不能关闭 TLS 证书校验"))
    path = Path(verify)
    try:
        ssl.create_default_context(cafile=str(path))
    except FileNotFoundError:
        raise ConfigError(_trust_text(f"CA file not found: {path}", f"找不到 CA 证书文件：{path}")) from None
    except (OSError, ssl.SSLError, ValueError) as exc:
        reason = type(exc).__name__
        raise ConfigError(
            _trust_text(f"CA file {path} is not a PEM certificate file ({reason})",
                        f"CA 证书文件 {path} 无法读取或不是 PEM 证书（{reason}）")
        ) from None
    return str(path)


def _trust_text(en: str, zh: str) -> Text:
    return Text(zh=f"网关证书设置有误：{zh}", en=f"Gateway TLS trust: {en}")


class _Insurance(BaseModel):
    insured: bool = False
    insurance_no: str | None = None
    region: str | None = None


class _Patient(BaseModel):
    """The identify answer's patient, checked; :meth:`domain` is what the kiosk keeps."""

    patient_id: str
    name: str
    gender: Gender
    birth_date: dt.date
    id_type: str = "01"
    id_number: str
    health_card_id: str | None = None  # none for a resident identified by visit card only
    visit_card_no: str
    insurance: _Insurance | None = None
    age: int | None = Field(None, ge=0, le=150)

    def domain(self) -> Patient:
        insurance = self.insurance or _Insurance()
        return Patient(
            patient_id=self.patient_id,
            name=self.name,
            gender=self.gender,
            birth_date=self.birth_date,
            id_type=self.id_type,
            id_number=self.id_number,
            health_card_id=self.health_card_id,
            visit_card_no=self.visit_card_no,
            insurance=Insurance(insurance.insured, insurance.insurance_no, insurance.region),
            age_years=self.age,
        )


class _Identified(BaseModel):
    patient: _Patient
    matched_by: str
    visit_token: str | None = None
    assurance: str | None = None  # an older gateway sends none: Assurance.of decides
    identified_by: str | None = None  # an older gateway sends none: its matched_by decides


__all__ = ["GatewayClient", "GatewayRejected", "GatewayUnavailable"]


def build_client(settings: Settings) -> GatewayClient:
    """The client the configuration describes, with the device token from the keyring."""
    from kiosk.credentials import read_device_token

    gw = settings.gateway
    token = read_device_token(gw.keyring_service, gw.keyring_user)
    return GatewayClient(
        str(gw.url),
        token,
        connect_timeout_s=gw.connect_timeout_s,
        timeout_s=gw.timeout_s,
        retries=gw.retries,
        terminal_id=settings.kiosk.terminal_id,
        verify=str(gw.ca_bundle) if gw.ca_bundle else True,
    )
