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
from kiosk.usecases.health import (
    ALREADY_WAITING,
    FamilyDoctor,
    HealthSummary,
    Team,
)
from kiosk.usecases.pharmacy import Prescription, renewable
from ui import strings as S
from ui.screens.generic import Choice, ChoiceScreen, SummaryScreen
from ui.services import health_text as T
from ui.services.cards import ListScreen
from ui.services.flow import PatientFlow
from ui.services.host import ServiceHost
from ui.services.queue_text import when_text

_same = Text.same


def _listed(values: list[Text]) -> Text:
    if not values:
        return T.NONE_RECORDED
    return Text("、".join(v.zh for v in values), ", ".join(v.en for v in values))


def _doctor(who: Team | Any) -> Text:
    return _same(f"{who.doctor} {who.doctor_title}".strip())


class HealthFlow(PatientFlow):
    key = "health"

    def __init__(self, host: ServiceHost, patient: Patient) -> None:
        super().__init__(host, patient)
        self._api = host.context.health
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
        if isinstance(exc, KioskError) and exc.code in ALREADY_WAITING:
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

    def _show_family_doctor(self, info: FamilyDoctor) -> None:
        contract, pending = info.contract, info.pending_request
        if contract:
            rows = [
                (T.LBL_TEAM, _same(contract.team)),
                (T.LBL_COMMUNITY, _same(contract.community)),
                (T.LBL_DOCTOR, _doctor(contract)),
                (T.LBL_PHONE, _same(contract.phone)),
                (T.LBL_SIGNED, _same(contract.signed_at)),
                (T.LBL_EXPIRES, _same(contract.expires_at)),
            ]
            self._push(SummaryScreen(T.CONTRACT, rows, None, self._host.language, note=T.CONTRACT_NOTE))
        elif pending:
            team = info.pending_team
            rows = [(T.LBL_TEAM, _same(team.name if team else pending.team_id)),
                    (T.LBL_SUBMITTED, when_text(self._host.context.clock, pending.submitted_at))]
            self._push(SummaryScreen(T.PENDING, rows, None, self._host.language, note=T.PENDING_NOTE))
        else:
            choices = [
                Choice(_same(t.name), t, _same(f"{t.doctor} {t.doctor_title} · {t.intro}"))
                for t in info.teams
            ]
            screen = ChoiceScreen(T.TEAMS, choices, self._host.language, empty=T.NO_TEAMS, columns=1)
            screen.chosen.connect(self._confirm_team)
            self._push(screen)

    def _confirm_team(self, team: Team) -> None:
        rows = [
            (T.LBL_TEAM, _same(team.name)),
            (T.LBL_COMMUNITY, _same(team.community)),
            (T.LBL_DOCTOR, _doctor(team)),
        ]
        screen = SummaryScreen(T.CONFIRM_SIGN, rows, T.SIGN, self._host.language, note=T.SIGN_NOTE)
        screen.confirmed.connect(lambda: self._sign(team))
        self._push(screen)

    def _sign(self, team: Team) -> None:
        visit, team_id = self._visit, team.team_id
        self._file(lambda: self._api.request_signing(visit, self._flow_id, team_id), T.BUSY_SIGN, T.SIGNED,
                   lambda request: [(T.LBL_TEAM, _same(team.name)), (T.LBL_REQUEST, _same(request.request_id))],
                   T.SIGNED_NOTE)

    def _file(self, request, busy: Text, title: Text, rows, note: Text) -> None:
        """File a request (signing, renewal), then say it was filed and how it goes on."""
        self._host.run(request, busy, lambda filed: self._done_screen(title, rows(filed), note), self._failed)

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

    def _show_record(self, summary: HealthSummary) -> None:
        screen = ListScreen(T.RECORD_TITLE, self._host.language)
        screen.card().add_rows([
            (T.LBL_BLOOD, _same(summary.blood_type) if summary.blood_type else T.UNKNOWN),
            (T.LBL_ALLERGIES, _listed(summary.allergy_words)),
            (T.LBL_CONDITIONS, _listed(summary.condition_words)),
        ])
        visits = screen.card()
        visits.add(T.RECENT, "cardTitle")
        for v in summary.newest_first():
            visits.add(T.VISIT.format(date=v.date, department=v.department_words, diagnosis=v.diagnosis_words))
        if not summary.recent_visits:
            visits.add(T.NO_VISITS)
        # Back skips the consent screen: the consent was given, asking again would confuse.
        self.record_screen = self._push(screen, lambda: self._host.pop_to(self.menu))

    # --- chronic renewal -------------------------------------------------------------------

    def _renewals(self) -> None:
        visit = self._visit
        self._host.run(lambda: self._api.chronic_prescriptions(visit), T.BUSY, self._show_renewals)

    def _show_renewals(self, prescriptions: list[Prescription]) -> None:
        choices = [Choice(rx.drug_names, rx, self._last(rx)) for rx in renewable(prescriptions)]
        screen = ChoiceScreen(T.RENEWAL_LIST, choices, self._host.language, empty=T.NO_CHRONIC, columns=1)
        screen.chosen.connect(self._confirm_renewal)
        self._push(screen)

    def _last(self, rx: Prescription) -> Text:
        return T.LAST.format(department=rx.department_words, date=when_text(self._host.context.clock, rx.prescribed_at))

    def _confirm_renewal(self, rx: Prescription) -> None:
        rows = [(T.LBL_DRUGS, rx.drug_names), (T.LBL_DEPARTMENT, rx.department_words)]
        screen = SummaryScreen(T.CONFIRM_RENEWAL, rows, T.RENEW, self._host.language, note=T.RENEWAL_NOTE)
        screen.confirmed.connect(lambda: self._renew(rx))
        self._push(screen)

    def _renew(self, rx: Prescription) -> None:
        visit, rx_id = self._visit, rx.prescription_id
        self._file(lambda: self._api.request_renewal(visit, self._flow_id, rx_id), T.BUSY_RENEW, T.RENEWED,
                   lambda renewal: [(T.LBL_DRUGS, _same(rx.drugs)), (T.LBL_RENEWAL, _same(renewal.renewal_id))],
                   T.RENEWAL_NOTE)

    # Leaving needs no abandon(): requests are filed or not; nothing is held open at the gateway.
