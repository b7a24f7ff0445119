"""The registration slip of a patient who registered at the kiosk (80 mm, like every slip)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kiosk.privacy import mask_id_number, mask_name
from printing import layout
from printing.models import EnrolmentSlip
from printing.slips import CONTENT_W, C, _build, _fields, _heading, _rule


def render_enrolment_slip(slip: EnrolmentSlip) -> bytes:
    p = slip.patient
    story: list[Flowable] = _heading(slip.hospital.name, slip.title)
    story += [
        layout.para("建档成功", 11, align=C),
        _fields([
            ("姓名", f"{mask_name(p.name)}  {p.sex}  {p.age}"),
            ("证件号", mask_id_number(p.id_number)),
            ("建档时间", slip.registered_at.strftime("%Y-%m-%d %H:%M:%S")),
            ("终端号", slip.kiosk_id),
        ], 10.5),
        _rule(),
        layout.para("就诊卡号", 10, align=C),
        # The card itself: scanned at any kiosk or window as the visit card.
        layout.Barcode128(slip.visit_card_barcode, CONTENT_W, 14 * mm),
        Spacer(1, 1 * mm),
        _rule(),
        layout.para("请妥善保管本凭条，就诊时出示条码或电子健康卡。", 9.5),
    ]
    return _build(story, "enrolment-slip")
