"""Error codes of the pharmacy counter (staff sign-in, queue, boxes, dispense, audit).

Stable API like every other code. Messages are read by pharmacy staff, so they name the
problem precisely; ``detail`` carries box codes or item ids (never personal data) so the
workstation can point at the offending scan.
"""

from __future__ import annotations

from gateway.core.errors import ErrorKind

BAD_CREDENTIALS = ErrorKind(
    "bad_credentials", 401, "Unknown staff number or wrong password.", "工号或密码错误"
)
STAFF_SESSION_EXPIRED = ErrorKind(
    "staff_session_expired", 401, "The staff session has ended; please sign in again.",
    "登录已失效，请重新登录",
)
TOO_MANY_ATTEMPTS = ErrorKind(
    "too_many_attempts", 429, "Too many failed sign-ins; wait a few minutes and try again.",
    "登录失败次数过多，请稍后再试",
)
ROLE_NOT_ALLOWED = ErrorKind(
    "role_not_allowed", 403, "Only a pharmacist may verify and dispense.", "仅药师可核对发药，请药师处理"
)
QUEUE_EMPTY = ErrorKind(
    "queue_empty", 404, "Nobody is waiting at this window.", "当前窗口无候药患者"
)
QUEUE_ENTRY_NOT_FOUND = ErrorKind(
    "queue_entry_not_found", 404, "No such queue entry today.", "未找到该排队记录"
)
DRUG_NOT_FOUND = ErrorKind("drug_not_found", 404, "No such drug in the catalogue.", "药品目录中无此药品")
PRESCRIPTION_NOT_DISPENSABLE = ErrorKind(
    "prescription_not_dispensable", 409,
    "A prescription is not paid or was already dispensed.", "处方未缴费或已发药",
)
CODE_ALREADY_DISPENSED = ErrorKind(
    "code_already_dispensed", 409,
    "A box was already dispensed before: possibly resold medicine. Do not hand it out.",
    "该追溯码已发过药，疑似回流药，请勿发放",
)
MIXED_PATIENTS = ErrorKind(
    "mixed_patients", 422, "The prescriptions belong to different patients.",
    "所选处方不属于同一患者",
)
UNKNOWN_ITEM = ErrorKind(
    "unknown_item", 422, "A box names an item that is not on these prescriptions.",
    "扫码药品不属于所选处方",
)
MALFORMED_TRACE_CODE = ErrorKind(
    "malformed_trace_code", 422,
    "Not a drug traceability code (20 digits or a GS1 code with GTIN and serial).",
    "不是有效的药品追溯码",
)
DUPLICATE_BOX = ErrorKind(
    "duplicate_box", 422, "The same box was scanned twice.", "同一盒药品重复扫码"
)
WRONG_DRUG = ErrorKind(
    "wrong_drug", 422, "A box does not match the prescribed drug.", "药品与处方不符"
)
BOX_EXPIRED = ErrorKind("box_expired", 422, "A box is past its expiry date.", "药品已过有效期")
QUANTITY_MISMATCH = ErrorKind(
    "quantity_mismatch", 422, "The number of boxes does not match the prescribed quantity.",
    "扫码数量与处方数量不符",
)
UNKNOWN_STAFF = ErrorKind(
    "unknown_staff", 422, "No such staff number.", "无此工号"
)
AUDIT_CHAIN_GAP = ErrorKind(
    "audit_chain_gap", 409,
    "An earlier event of this audit chain has not arrived; deliver the chain in order.",
    "审计记录缺少前序记录，请按顺序补送",
)
AUDIT_LINK_MISMATCH = ErrorKind(
    "audit_link_mismatch", 409,
    "The event does not follow the last accepted event of its chain (forged or rewritten); "
    "keep the workstation's log and report it.",
    "审计记录与已接收的记录链不符，疑似篡改，请保留日志并上报",
)

ALL_COUNTER_KINDS = (
    BAD_CREDENTIALS, STAFF_SESSION_EXPIRED, TOO_MANY_ATTEMPTS, QUEUE_EMPTY,
    QUEUE_ENTRY_NOT_FOUND, DRUG_NOT_FOUND, PRESCRIPTION_NOT_DISPENSABLE, CODE_ALREADY_DISPENSED,
    MIXED_PATIENTS, UNKNOWN_ITEM, MALFORMED_TRACE_CODE, DUPLICATE_BOX, WRONG_DRUG, BOX_EXPIRED,
    QUANTITY_MISMATCH, UNKNOWN_STAFF, AUDIT_CHAIN_GAP, AUDIT_LINK_MISMATCH,
)
