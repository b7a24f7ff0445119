"""Health services: family doctor, health-record summary, chronic-prescription renewal.

The health record is sensitive personal information on a shared screen: it is shown only
after the patient presses "Agree" on a screen that says what will be shown, and the consent
is recorded at the gateway *before* the record is read (the gateway refuses the record
without it). Declining goes back and nothing is read. Signing requests and renewals carry
one idempotency key per patient intent, so a retry never files two.
"""

from __future__ import annotations

import uuid
from typing import Any

from kiosk.errors import KioskError, Text
from kiosk.models import Patient
from kiosk.usecases.health import HealthAPI
from ui import strings as S
from ui.screens.generic import Choice, ChoiceScreen, SummaryScreen
from ui.services import health_text as T
from ui.services.cards import ListScreen
from ui.services.host import ServiceHost
from ui.services.report_view import fmt, when_text

_ALREADY_WAITING = ("request_pending", "renewal_pending")


def _same(value: Any) -> Text:
    return Text(str(value or ""), str(value or ""))


def _listed(values: list[str] | None) -> Text:
    return _same("、".join(values)) if values else T.NONE_RECORDED


class HealthFlow:
    key = "health"

    def __init__(self, host: ServiceHost, patient: Patient) -> None:
        self._host = host
        self._patient = patient
        self._api = HealthAPI(host.context.client, host.context.intents)
        self._flow_id = str(uuid.uuid4())
        self.menu: ChoiceScreen | None = None
        self.consent_screen: ListScreen | None = None
        self.record_screen: ListScreen | None = None

    @property
    def _visit(self):
        return self._host.session.visit

    def _push(self, screen, back=None):
        screen.back.connect(back or self._host.pop)
        self._host.push(screen)
        return screen

    # --- menu ------------------------------------------------------------------------------

    def start(self) -> None:
        # Each service is offered only where this hospital's gateway provides it.
        self._host.run(self._host.context.client.capabilities, T.BUSY, self._show_menu)

    def _show_menu(self, capabilities: Any) -> None:
        offered = capabilities.services
        choices = [
            Choice(title, action, detail)
            for capability, title, detail, action in (
                ("family_doctor", T.FAMILY_DOCTOR, T.FAMILY_DOCTOR_DETAIL, self._family_doctor),
                ("health_record", T.RECORD, T.RECORD_DETAIL, self._ask_consent),
                ("chronic_renewal", T.RENEWAL, T.RENEWAL_DETAIL, self._renewals),
            )
            if capability in offered
        ]
        screen = ChoiceScreen(T.MENU, choices, self._host.language, empty=T.NONE, columns=1, tiles=True)
        screen.chosen.connect(lambda action: action())
        self.menu = self._push(screen, self._host.patient_home)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KioskError) and exc.code in _ALREADY_WAITING:
            self._host.notice((exc.message, T.WAIT_FOR_REVIEW))
        else:
            self._host.notice(exc)

    def _done_screen(self, title: Text, rows: list[tuple[Text, Text]], note: Text) -> None:
        screen = SummaryScreen(title, rows, S.DONE, self._host.language, note=note, show_back=False)
        screen.confirmed.connect(self._host.patient_home)
        screen.nav.home_button.hide()  # Done goes to the same place
        self._push(screen)

    # --- family doctor ---------------------------------------------------------------------

    def _family_doctor(self) -> None:
        visit = self._visit
        self._host.run(lambda: self._api.family_doctor(visit), T.BUSY, self._show_family_doctor)

    def _show_family_doctor(self, info: dict[str, Any]) -> None:
        contract, pending = info.get("contract"), info.get("pending_request")
        teams = info.get("teams") or []
        if contract:
            rows = [
                (T.LBL_TEAM, _same(contract.get("team"))),
                (T.LBL_COMMUNITY, _same(contract.get("community"))),
                (T.LBL_DOCTOR, _same(f"{contract.get('doctor', '')} {contract.get('doctor_title', '')}")),
                (T.LBL_PHONE, _same(contract.get("phone"))),
                (T.LBL_SIGNED, _same(contract.get("signed_at"))),
                (T.LBL_EXPIRES, _same(contract.get("expires_at"))),
            ]
            self._push(SummaryScreen(T.CONTRACT, rows, None, self._host.language, note=T.CONTRACT_NOTE))
        elif pending:
            team = next((t for t in teams if t.get("team_id") == pending.get("team_id")), {})
            rows = [(T.LBL_TEAM, _same(team.get("name") or pending.get("team_id"))),
                    (T.LBL_SUBMITTED, when_text(self._host.context.clock, pending.get("submitted_at")))]
            self._push(SummaryScreen(T.PENDING, rows, None, self._host.language, note=T.PENDING_NOTE))
        else:
            choices = [
                Choice(_same(t.get("name")), t,
                       _same(f"{t.get('doctor', '')} {t.get('doctor_title', '')} · {t.get('intro', '')}"))
                for t in teams
            ]
            screen = ChoiceScreen(T.TEAMS, choices, self._host.language, empty=T.NO_TEAMS, columns=1)
            screen.chosen.connect(self._confirm_team)
            self._push(screen)

    def _confirm_team(self, team: dict[str, Any]) -> None:
        rows = [
            (T.LBL_TEAM, _same(team.get("name"))),
            (T.LBL_COMMUNITY, _same(team.get("community"))),
            (T.LBL_DOCTOR, _same(f"{team.get('doctor', '')} {team.get('doctor_title', '')}")),
        ]
        screen = SummaryScreen(T.CONFIRM_SIGN, rows, T.SIGN, self._host.language, note=T.SIGN_NOTE)
        screen.confirmed.connect(lambda: self._sign(team))
        self._push(screen)

    def _sign(self, team: dict[str, Any]) -> None:
        visit, team_id = self._visit, team["team_id"]
        self._host.run(
            lambda: self._api.request_signing(visit, self._flow_id, team_id),
            T.BUSY_SIGN,
            lambda request: self._done_screen(
                T.SIGNED,
                [(T.LBL_TEAM, _same(team.get("name"))), (T.LBL_REQUEST, _same(request.get("request_id")))],
                T.SIGNED_NOTE,
            ),
            self._failed,
        )

    # --- health record: consent first ------------------------------------------------------

    def _ask_consent(self) -> None:
        screen = ListScreen(T.CONSENT, self._host.language)
        screen.card().add(T.CONSENT_TEXT)
        agree = screen.add_action(T.AGREE)
        decline = screen.add_action(T.DECLINE, "")
        agree.clicked.connect(self._consented)
        decline.clicked.connect(self._host.pop)
        # One way back, the answer itself: "不同意" beside a "返回" that does the same is a
        # second question for nothing.
        screen.nav.back_button.hide()
        self.consent_screen = self._push(screen)

    def _consented(self) -> None:
        visit = self._visit
        self._host.run(
            lambda: self._api.consent_and_read_record(visit, self._flow_id), T.BUSY_RECORD, self._show_record
        )

    def _show_record(self, summary: dict[str, Any]) -> None:
        screen = ListScreen(T.RECORD_TITLE, self._host.language)
        screen.card().add_rows([
            (T.LBL_BLOOD, _same(summary.get("blood_type")) if summary.get("blood_type") else T.UNKNOWN),
            (T.LBL_ALLERGIES, _listed(summary.get("allergies"))),
            (T.LBL_CONDITIONS, _listed(summary.get("chronic_conditions"))),
        ])
        visits = screen.card()
        visits.add(T.RECENT, "cardTitle")
        newest_first = sorted(summary.get("recent_visits") or [], key=lambda v: str(v.get("date", "")), reverse=True)
        for v in newest_first:
            visits.add(fmt(T.VISIT, **{k: str(v.get(k, "")) for k in ("date", "department", "diagnosis")}))
        if not summary.get("recent_visits"):
            visits.add(T.NO_VISITS)
        # Back skips the consent screen: the consent was given, asking again would confuse.
        self.record_screen = self._push(screen, lambda: self._host.pop_to(self.menu))

    # --- chronic renewal -------------------------------------------------------------------

    def _renewals(self) -> None:
        visit = self._visit
        self._host.run(lambda: self._api.chronic_prescriptions(visit), T.BUSY, self._show_renewals)

    def _show_renewals(self, prescriptions: list[dict[str, Any]]) -> None:
        # Only medicine already taken home runs low: a prescription still waiting at the
        # pharmacy window (made today, paid, not collected) is not offered for renewal.
        renewable = [rx for rx in prescriptions if rx.get("status") == "collected"]
        choices = [Choice(self._drugs(rx), rx, self._last(rx)) for rx in renewable]
        screen = ChoiceScreen(T.RENEWAL_LIST, choices, self._host.language, empty=T.NO_CHRONIC, columns=1)
        screen.chosen.connect(self._confirm_renewal)
        self._push(screen)

    @staticmethod
    def _drugs(rx: dict[str, Any]) -> Text:
        return _same("、".join(f"{i.get('drug', '')} {i.get('spec', '')}".strip() for i in rx.get("items") or ()))

    def _last(self, rx: dict[str, Any]) -> Text:
        return fmt(T.LAST, department=rx.get("department", ""), date=when_text(self._host.context.clock, rx.get("prescribed_at")))

    def _confirm_renewal(self, rx: dict[str, Any]) -> None:
        rows = [(T.LBL_DRUGS, self._drugs(rx)), (T.LBL_DEPARTMENT, _same(rx.get("department")))]
        screen = SummaryScreen(T.CONFIRM_RENEWAL, rows, T.RENEW, self._host.language, note=T.RENEWAL_NOTE)
        screen.confirmed.connect(lambda: self._renew(rx))
        self._push(screen)

    def _renew(self, rx: dict[str, Any]) -> None:
        visit, rx_id = self._visit, rx["prescription_id"]
        self._host.run(
            lambda: self._api.request_renewal(visit, self._flow_id, rx_id),
            T.BUSY_RENEW,
            lambda renewal: self._done_screen(
                T.RENEWED,
                [(T.LBL_DRUGS, self._drugs(rx)), (T.LBL_RENEWAL, _same(renewal.get("renewal_id")))],
                T.RENEWAL_NOTE,
            ),
            self._failed,
        )

    # --- leaving ---------------------------------------------------------------------------

    def abandon(self) -> None:
        pass  # requests are filed or not; nothing is held open at the gateway
