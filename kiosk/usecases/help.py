"""Call staff (叫工作人员): a help request from this kiosk, followed until staff close it.

The request names the terminal, the screen (a short code such as ``payment.bills``) and how
long the patient has been at the kiosk, and nothing about the patient: the gateway refuses
any other field. One request is under way per terminal; pressing again while one is (the
gateway's ``409 help_request_active``) follows that one rather than failing. The kiosk
cancels it when the patient leaves before staff close it.

Staff (the pharmacy workstation, signed in) list the open requests, acknowledge one (they
are on the way) and close it; those calls carry the staff session.
"""

from __future__ import annotations

import re
import uuid

from kiosk.errors import GatewayRejected
from kiosk.usecases.answers import Answer, UseCase, When

CAPABILITY = "help_requests"
OPEN, ACKNOWLEDGED, CLOSED = "open", "acknowledged", "closed"
_PATH = "/api/v1/help-requests"
_MAX_WAIT_S = 86_400


class HelpRequest(Answer):
    request_id: str
    status: str
    terminal_id: str = ""
    screen: str = ""
    waited_s: int = 0
    created_at: When = None
    waiting_s: int = 0
    overdue: bool = False
    acknowledged_by: str | None = None
    closed_by: str | None = None

    @property
    def closed(self) -> bool:
        return self.status == CLOSED

    @property
    def acknowledged(self) -> bool:
        return self.status == ACKNOWLEDGED


class HelpRequests(Answer):
    requests: list[HelpRequest] = []
    overdue_count: int = 0

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.requests if not r.closed)


def screen_code(flow: str | None, screen: str) -> str:
    """``payment`` + ``BillsScreen`` → ``payment.bills``: which step, never what is on it."""
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", screen.removesuffix("Screen")).lower()
    name = re.sub(r"[^a-z0-9_]", "", name) or "screen"
    code = f"{flow}.{name}" if flow else name
    return (code if code[0].isalpha() else f"s{code}")[:40]


class HelpAPI(UseCase):
    """The kiosk's side: ask, follow, cancel (device token only)."""

    def ask(self, terminal_id: str, screen: str, waited_s: float) -> HelpRequest:
        body = {"terminal_id": terminal_id, "screen": screen[:40],
                "waited_s": max(0, min(_MAX_WAIT_S, int(waited_s)))}
        # One key per press; the client's retries of that press reuse it.
        try:
            return self._read(HelpRequest, self._client.call(
                "POST", _PATH, json=body, idempotency_key=str(uuid.uuid4())), f"POST {_PATH}")
        except GatewayRejected as exc:
            request_id = (exc.detail or {}).get("request_id") if exc.code == "help_request_active" else None
            if not request_id:
                raise
            return self.follow(str(request_id))  # asked already: that request is the one

    def follow(self, request_id: str) -> HelpRequest:
        return self._get(HelpRequest, f"{_PATH}/{request_id}")

    def cancel(self, request_id: str) -> HelpRequest:
        path = f"{_PATH}/{request_id}/cancel"
        return self._read(HelpRequest, self._client.call(
            "POST", path, json={}, idempotency_key=f"cancel-{request_id}"), f"POST {path}")


class StaffHelpAPI(UseCase):
    """The workstation's side: list, acknowledge, close (with the staff session)."""

    def open_requests(self, staff: str) -> HelpRequests:
        body = self._client.call("GET", _PATH, staff=staff)
        return self._read(HelpRequests, body, f"GET {_PATH}")

    def acknowledge(self, staff: str, request_id: str) -> HelpRequest:
        return self._answer(staff, request_id, "acknowledge")

    def close(self, staff: str, request_id: str) -> HelpRequest:
        return self._answer(staff, request_id, "close")

    def _answer(self, staff: str, request_id: str, action: str) -> HelpRequest:
        path = f"{_PATH}/{request_id}/{action}"
        body = self._client.call("POST", path, json={}, staff=staff, idempotency_key=str(uuid.uuid4()))
        return self._read(HelpRequest, body, f"POST {path}")
