"""Error codes of the records and services: reports, guidance, pharmacy pickup, health
services and usage reports (stable API).

Shown to patients as they are, so every message says what happens next.
"""

from __future__ import annotations

from gateway.core.errors import ErrorKind

UNKNOWN_REPORT = ErrorKind("unknown_report", 404, "No such report for this patient.", "未找到该报告")
REPORT_PENDING = ErrorKind(
    "report_pending", 409, "The report is not ready yet.", "报告尚未出具，请稍后查询"
)
PRINT_LIMIT_REACHED = ErrorKind(
    "print_limit_reached",
    409,
    "This report was already printed; please ask staff at the report window for a reprint.",
    "该报告已打印，如需补打请到人工窗口办理",
)
UNKNOWN_BODY_AREA = ErrorKind(
    "unknown_body_area", 422, "Unknown body area; see GET /triage/catalogue.", "未知的身体部位"
)
UNKNOWN_SYMPTOM = ErrorKind(
    "unknown_symptom",
    422,
    "A symptom does not belong to this body area; see GET /triage/catalogue.",
    "所选症状与部位不符",
)
UNKNOWN_PRESCRIPTION = ErrorKind(
    "unknown_prescription", 404, "No such prescription for this patient.", "未找到该处方"
)
UNKNOWN_TEAM = ErrorKind("unknown_team", 404, "No such family-doctor team.", "未找到该家庭医生团队")
ALREADY_CONTRACTED = ErrorKind(
    "already_contracted", 409, "You already have a family-doctor contract.", "您已签约家庭医生"
)
REQUEST_PENDING = ErrorKind(
    "request_pending",
    409,
    "A signing request is already waiting for the team's answer.",
    "您已提交签约申请，请等待团队审核",
)
CONSENT_REQUIRED = ErrorKind(
    "consent_required",
    403,
    "Please agree on screen before the health record is shown.",
    "请先阅读并同意授权后查看健康档案",
)
NOT_CHRONIC = ErrorKind(
    "not_chronic",
    409,
    "Only chronic-disease prescriptions can be renewed here.",
    "该处方不是慢病长期处方，不能在此续方",
)
NOT_COLLECTED = ErrorKind(
    "not_collected",
    409,
    "This medicine is still waiting at the pharmacy: collect it first; renew it when it runs low.",
    "该处方的药品尚未取走，请先到药房取药，用完前再续方",
)
RENEWAL_PENDING = ErrorKind(
    "renewal_pending",
    409,
    "A renewal of this prescription is already waiting for a doctor.",
    "该处方的续方申请正在审核中",
)
UNKNOWN_SCENE = ErrorKind(
    "unknown_scene", 422, "Unknown usage scene code.", "用卡场景代码错误"
)
