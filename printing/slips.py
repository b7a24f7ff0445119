"""80 mm thermal slips: registration/queue ticket, payment receipt and medication label.

A slip is one page exactly as long as its content: the flowables are measured first and the
page height set from them, so a receipt printer cuts right after the last line.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    PageTemplate,
    Spacer,
)

from kiosk.money import yuan
from kiosk.privacy import mask_id_number, mask_name
from printing import layout
from printing.models import MedicationLabel, PaymentReceipt, RegistrationSlip

SLIP_W = 80 * mm
MARGIN = 4 * mm
CONTENT_W = SLIP_W - 2 * MARGIN
C = layout.CENTER


def _build(story: list[Flowable], kind: str) -> bytes:
    height = sum(f.wrap(CONTENT_W, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                 for f in story)
    # A point of slack for rounding in the frame's fit test.
    page = (SLIP_W, height + 2 * MARGIN + 1)
    frame = Frame(MARGIN, MARGIN, CONTENT_W, height + 1, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    buffer = layout.new_buffer()
    doc = BaseDocTemplate(buffer, pagesize=page, pageTemplates=[PageTemplate("slip", [frame])],
                          **layout.doc_options(kind))
    doc.build(story, canvasmaker=layout.plain_canvas())
    return buffer.getvalue()


def _rule() -> HRFlowable:
    return HRFlowable(width="100%", thickness=0.6, color=colors.black, dash=(2, 2),
                      spaceBefore=1.5 * mm, spaceAfter=1.5 * mm)


def _fields(rows: list[tuple[str, str]], size: float = 10) -> Flowable:
    label_w = 18 * mm
    data = [[layout.para(label, size), layout.para(value, size)] for label, value in rows]
    return layout.table(data, (label_w, CONTENT_W - label_w), [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
    ])


def _heading(hospital: str, title: str) -> list[Flowable]:
    return [layout.para(hospital, 12, align=C), layout.para(title, 14, align=C, leading=20),
            _rule()]


def render_registration_slip(slip: RegistrationSlip) -> bytes:
    p = slip.patient
    story: list[Flowable] = _heading(slip.hospital.name, slip.title)
    story += [
        layout.para(slip.status, 11, align=C),
        layout.para("排队号", 10, align=C),
        # The queue number is what the patient watches for on the waiting-room screen.
        layout.para(slip.queue_number, 40, align=C, leading=46),
        _rule(),
        _fields([
            ("姓名", f"{mask_name(p.name)}  {p.sex}  {p.age}"),
            ("门诊号", mask_id_number(p.outpatient_no)),
            ("科室", slip.department),
            ("医生", f"{slip.doctor}（{slip.doctor_title}）"),
            ("就诊时间", f"{slip.visit_date} {slip.session} {slip.time_slot}"),
        ], 10.5),
        Spacer(1, 1 * mm),
        layout.para("就诊地点", 10),
        layout.para(slip.location, 14, leading=18),
        _rule(),
        # A queue ticket printed at check-in has no fee, method or receipt: rows it does not
        # know are left out rather than printed empty or as ¥0.00.
        _fields([(label, value) for label, value in (
            ("挂号费", "" if slip.fee_fen is None else f"¥{yuan(slip.fee_fen)}"),
            ("支付方式", slip.payment_method),
            ("收据号", slip.receipt_no),
            ("交易时间", slip.transaction_at.strftime("%Y-%m-%d %H:%M:%S")),
            ("终端号", slip.kiosk_id),
        ) if value], 9.5),
    ]
    if slip.insurance_lines:
        story += [_rule(), layout.para("医保结算明细", 10, align=C),
                  _fields(list(slip.insurance_lines), 10)]
    if slip.ebill_no:
        story.append(_fields([("电子票据", slip.ebill_no)], 9.5))
    story += [
        _rule(),
        layout.para("请按时就诊，过号需重新排队。如需退号，请到人工窗口办理。", 9.5),
    ]
    return _build(story, "registration-slip")


def _centred(flowable: Flowable) -> Flowable:
    flowable.hAlign = "CENTER"
    return flowable


def render_receipt(receipt: PaymentReceipt) -> bytes:
    p = receipt.patient
    story: list[Flowable] = _heading(receipt.hospital.name, receipt.title)
    story.append(_fields([
        ("姓名", mask_name(p.name)),
        ("门诊号", mask_id_number(p.outpatient_no)),
        ("收据号", receipt.receipt_no),
    ], 10))
    story.append(_rule())
    rows: list[list[object]] = [["项目", "数量", "金额"]]
    for item in receipt.items:
        rows.append([layout.para(item.name, 9.5), item.quantity, yuan(item.amount_fen)])
    story.append(layout.table(rows, (44 * mm, 11 * mm, 17 * mm), [
        ("FONT", (0, 0), (-1, -1), layout.font(), 9.5),
        ("ALIGN", (1, 0), (1, -1), "CENTER"),
        ("ALIGN", (2, 0), (2, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    story.append(_rule())
    story.append(_fields([
        ("合计", f"¥{yuan(receipt.total_fen)}"),
        ("医保支付", f"¥{yuan(receipt.insurance_fen)}"),
        ("个人自付", f"¥{yuan(receipt.self_pay_fen)}"),
        ("支付方式", receipt.payment_method),
        ("缴费时间", receipt.paid_at.strftime("%Y-%m-%d %H:%M:%S")),
        ("终端号", receipt.kiosk_id),
    ], 10.5))
    if receipt.insurance_lines:
        story += [_rule(), layout.para("医保结算明细", 10, align=C),
                  _fields(list(receipt.insurance_lines), 10)]
    if receipt.pharmacy_window:
        story += [_rule(), layout.para("请到以下窗口取药", 10, align=C),
                  layout.para(receipt.pharmacy_window, 18, align=C, leading=24)]
    if receipt.specimen_barcode:
        story += [_rule(), layout.para("检验标本条码（请到采血处出示）", 10, align=C),
                  Spacer(1, 1.5 * mm),
                  layout.Barcode128(receipt.specimen_barcode, CONTENT_W, 14 * mm)]
    if receipt.ebill_no:
        # The e-bill is the reimbursable document; this slip points to it.
        story += [_rule(), layout.para("医疗收费电子票据已开具", 10.5, align=C),
                  layout.para(f"票据号 {receipt.ebill_no}", 9.5, align=C),
                  _centred(layout.QrCode(receipt.ebill_url, 26 * mm)),
                  layout.para("扫码查验或保存电子票据；本凭条不作报销凭证，可在自助机打印电子票据。", 9)]
    else:
        story += [_rule(), layout.para("本凭条不作报销凭证，如需发票请到人工窗口或线上开具。", 9)]
    return _build(story, "receipt")


def render_medication_label(label: MedicationLabel) -> bytes:
    p = label.patient
    story: list[Flowable] = [
        layout.para(f"{label.hospital.name}  药品标签", 10, align=C),
        _rule(),
        layout.para(f"{mask_name(p.name)}  {p.sex}  {p.age}", 12),
        layout.para(label.drug_name, 17, leading=22),
        layout.para(f"规格：{label.specification}    数量：{label.quantity}", 10),
        _rule(),
        # How to take it is the line that matters most to the patient: largest after the name.
        layout.para(f"{label.usage}  {label.dose}", 14, leading=19),
        layout.para(f"{label.frequency}  {label.days}".strip(), 14, leading=19),
    ]
    for note in label.notes:
        story.append(layout.para(f"※ {note}", 11))
    story.append(_rule())
    footer = [("处方号", label.prescription_no)]
    if label.pharmacy_window:
        footer.append(("取药窗口", label.pharmacy_window))
    if label.dispensed_at:
        footer.append(("发药时间", label.dispensed_at.strftime("%Y-%m-%d %H:%M")))
    if label.pharmacist:
        footer.append(("药师", label.pharmacist))
    story.append(_fields(footer, 9))
    return _build(story, "medication-label")
