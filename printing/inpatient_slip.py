"""80 mm inpatient slips: the deposit receipt (预交金收据) and the discharge settlement slip
(出院结算单). One layout for both: the patient block, the facts, the sums, what to keep."""

from __future__ import annotations

from kiosk.privacy import mask_id_number, mask_name
from printing import layout
from printing.inpatient_models import InpatientReceipt
from printing.slips import _build, _fields, _heading, _rule


def render_inpatient_receipt(receipt: InpatientReceipt) -> bytes:
    p = receipt.patient
    story = _heading(receipt.hospital.name, receipt.title)
    story.append(_fields([("姓名", mask_name(p.name)), ("身份证号", mask_id_number(p.id_number)),
                          *receipt.fields], 10))
    story.append(_rule())
    story.append(_fields(list(receipt.amounts), 11))
    story.append(_rule())
    story.append(_fields([("终端号", receipt.kiosk_id)], 9.5))
    for note in receipt.notes:
        story.append(layout.para(note, 9.5))
    return _build(story, "inpatient-receipt")
