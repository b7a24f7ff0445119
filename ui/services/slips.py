"""What each slip and report on paper carries, built from the use cases' typed answers.

Qt-free (an import contract says so) and tested without a window: the flows only hand the
finished document to the print queue. Every document's patient block is
:meth:`Paper.patient` — the one place it is built; the renderers mask the name and ID number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.clock import HospitalClock
from kiosk.errors import Text
from kiosk.models import Gender, Patient
from kiosk.money import method_name
from kiosk.usecases.check_in import Appointment, QueueTicket
from kiosk.usecases.payment import Settlement
from kiosk.usecases.registration import Department, Lock, Registration, Schedule, Slot
from kiosk.usecases.reports import ReportDetail
from printing.models import (
    EnrolmentSlip,
    Flag,
    Hospital,
    ImagingReport,
    LabItem,
    LabReport,
    PaymentReceipt,
    ReceiptItem,
    RegistrationSlip,
)
from printing.models import Patient as PrintedPatient
from ui import strings as S
from ui.services import check_in_text as CT
from ui.services import payment_text as PT
from ui.services.insured_payment import slip_lines

_FLAGS = {"H": Flag.HIGH, "L": Flag.LOW}
_METHODS = {"wechat": PT.WECHAT, "alipay": PT.ALIPAY}


def period_words(period: str) -> Text:
    return S.AM if period == "AM" else S.PM


def paid_with(settlement: Settlement) -> Text:
    """How a settlement was paid: the insurance fund, the wallet, or both."""
    parts = []
    if settlement.insurance_fen:
        parts.append(PT.INSURANCE_FUND)
    if settlement.self_pay_fen and settlement.method in _METHODS:
        parts.append(_METHODS[settlement.method])
    return Text("+".join(p.zh for p in parts), " + ".join(p.en for p in parts))


@dataclass(frozen=True)
class Paper:
    """The kiosk's side of every document: which hospital, which kiosk, which clock."""

    hospital: str
    clock: HospitalClock
    terminal_id: str

    def patient(self, patient: Patient) -> PrintedPatient:
        return PrintedPatient(
            name=patient.name,  # masked by the renderer, the one place the rule lives
            id_number=patient.id_number,
            sex="男" if patient.gender is Gender.MALE else "女",
            age=f"{patient.age(self.clock.today())}岁",
            outpatient_no=patient.visit_card_no,
        )

    def _at(self, *moments: dt.datetime | None) -> dt.datetime:
        """The first time that is known, on the hospital's clock; else now."""
        return next((self.clock.local(m) for m in moments if m is not None), None) or self.clock.now()

    def registration(
        self, patient: Patient, department: Department, schedule: Schedule, slot: Slot,
        location: Text, lock: Lock, registration: Registration,
    ) -> RegistrationSlip:
        return RegistrationSlip(
            hospital=Hospital(self.hospital),
            patient=self.patient(patient),
            department=department.name,
            doctor=schedule.doctor.name,
            doctor_title=schedule.doctor.title,
            visit_date=schedule.date.isoformat(),
            session=period_words(schedule.period).zh,
            time_slot=slot.time,
            location=location.zh,
            queue_number=str(registration.queue_no),
            fee_fen=lock.total_fen,
            payment_method="+".join(part for part in (
                PT.INSURANCE_FUND.zh if registration.paid.insurance_fen else "",
                method_name(registration.paid.method)) if part),
            receipt_no=registration.receipt_no,
            transaction_at=self.clock.now(),
            kiosk_id=self.terminal_id,
            insurance_lines=slip_lines(registration.insurance) if registration.insurance else (),
            ebill_no=(f"{registration.ebill.bill_code}-{registration.ebill.bill_number}"
                      if registration.ebill else ""),
        )

    def enrolment(self, patient: Patient, visit_card_barcode: str) -> EnrolmentSlip:
        return EnrolmentSlip(
            hospital=Hospital(self.hospital), patient=self.patient(patient),
            visit_card_barcode=visit_card_barcode, registered_at=self.clock.now(),
            kiosk_id=self.terminal_id,
        )

    def queue_ticket(self, patient: Patient, appointment: Appointment, ticket: QueueTicket) -> RegistrationSlip:
        location = ticket.location or appointment.location
        return RegistrationSlip(
            hospital=Hospital(self.hospital),
            patient=self.patient(patient),
            department=appointment.department.name,
            doctor=appointment.doctor.name,
            doctor_title=appointment.doctor.title,
            visit_date=appointment.date.isoformat(),
            session=period_words(appointment.period).zh,
            time_slot=appointment.time,
            location=location.text if location is not None else "",
            queue_number=str(ticket.queue_no),
            fee_fen=None,
            payment_method="",
            receipt_no="",
            transaction_at=self.clock.now(),
            kiosk_id=self.terminal_id,
            status=CT.TICKET_STATUS,
            title=CT.TICKET_TITLE,
        )

    def receipt(self, patient: Patient, settlement: Settlement, pharmacy: str) -> PaymentReceipt:
        """``pharmacy`` names the place of the pickup window (``门诊西药房``)."""
        window = settlement.pharmacy_window
        return PaymentReceipt(
            hospital=Hospital(self.hospital),
            patient=self.patient(patient),
            receipt_no=settlement.receipt_no,
            items=tuple(
                ReceiptItem(
                    name=f"{i.name} {i.spec}".strip(),
                    quantity=f"{i.qty}{i.unit}",
                    amount_fen=i.amount_fen,
                    category=PT.CATEGORY.get(i.category, ""),
                )
                for i in settlement.items
            ),
            total_fen=settlement.total_fen,
            insurance_fen=settlement.insurance_fen,
            self_pay_fen=settlement.self_pay_fen,
            payment_method=paid_with(settlement).zh,
            paid_at=self._at(settlement.settled_at),
            kiosk_id=self.terminal_id,
            pharmacy_window=f"{pharmacy} {window}号窗口" if window else "",
            specimen_barcode=settlement.specimen_barcode or "",
            insurance_lines=slip_lines(settlement.insurance) if settlement.insurance else (),
            ebill_no=f"{settlement.ebill.bill_code}-{settlement.ebill.bill_number}" if settlement.ebill else "",
            ebill_url=settlement.ebill.verify_url if settlement.ebill else "",
        )

    def report(self, patient: Patient, report: ReportDetail, print_count: int) -> ImagingReport | LabReport:
        hospital = Hospital(self.hospital)
        # The contract has no verification link: the report number in the QR lets the report
        # window find the original.
        verification = report.verification_url or report.report_id
        reported = self._at(report.reported_at)
        if report.imaging:
            return ImagingReport(
                hospital=hospital,
                report_no=report.report_id,
                patient=self.patient(patient),
                department=report.department,
                modality=report.modality or "",
                exam_part=report.body_part or "",
                exam_at=self._at(report.exam_at, report.reported_at),
                reported_at=reported,
                findings=report.findings or "",
                impression=report.impression or "",
                radiologist=report.author or "",
                verifier=report.verifier or "",
                verification_url=verification,
                print_count=print_count,
            )
        specimen = report.specimen
        return LabReport(
            hospital=hospital,
            report_no=report.report_id,
            patient=self.patient(patient),
            department=report.department,
            specimen=specimen.type if specimen else "",
            specimen_no=specimen.barcode if specimen else "",
            collected_at=self._at(specimen and specimen.collected_at, report.reported_at),
            received_at=self._at(specimen and specimen.received_at, report.reported_at),
            reported_at=reported,
            verified_at=self._at(report.verified_at, report.reported_at),
            items=tuple(
                LabItem(
                    name=item.name,
                    value=item.value,
                    unit=item.unit,
                    ref_range=item.range,
                    flag=_FLAGS.get(item.flag or "", Flag.NORMAL),
                    critical=item.critical,
                    code=item.code,
                )
                for item in report.items
            ),
            tester=report.author or "",
            verifier=report.verifier or "",
            verification_url=verification,
            print_count=print_count,
            title=f"{report.title}检验报告单" if report.title else "检验报告单",
        )
