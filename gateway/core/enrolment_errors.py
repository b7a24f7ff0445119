"""Refusals of self-registration (自助建档); each says what to present or correct."""

from __future__ import annotations

from gateway.core.errors import ErrorKind

ENROLMENT_OFFER_UNKNOWN = ErrorKind(
    "enrolment_offer_unknown", 404,
    "This registration offer is unknown or belongs to another kiosk; scan the health card again.",
    "建档信息无效，请重新扫描电子健康卡",
)
ENROLMENT_OFFER_EXPIRED = ErrorKind(
    "enrolment_offer_expired", 410,
    "This registration offer has expired; scan the health card again.",
    "建档信息已过期，请重新扫描电子健康卡",
)
IDENTITY_MISMATCH = ErrorKind(
    "identity_mismatch", 409,
    "The identity given does not match the hospital's or the card's record for this ID "
    "number; please go to a staffed window.",
    "身份信息与已有记录不一致，请到人工窗口办理",
)
GUARDIAN_REQUIRED = ErrorKind(
    "guardian_required", 422,
    "A child under 14 or a newborn is registered with a guardian's identity; read the "
    "guardian's ID card.",
    "未满14周岁或新生儿建档需要监护人身份信息，请读取监护人身份证",
)
GUARDIAN_INVALID = ErrorKind(
    "guardian_invalid", 422,
    "The guardian must be an adult with a valid resident ID number.",
    "监护人须为持有效居民身份证的成年人",
)
INVALID_PHONE = ErrorKind(
    "invalid_phone", 422,
    "Enter an 11-digit mobile number starting with 1 (13x-19x).",
    "请输入以1开头的11位手机号码",
)
ID_CARD_EXPIRED = ErrorKind(
    "id_card_expired", 422,
    "This ID card has expired; please register at a staffed window.",
    "身份证已过有效期，请到人工窗口办理",
)
CONSENT_REQUIRED = ErrorKind(
    "consent_required", 422,
    "Registration needs the patient's consent to what is stored.",
    "建档需要您同意信息使用说明",
)

ENROLMENT_ERRORS = (
    ENROLMENT_OFFER_UNKNOWN, ENROLMENT_OFFER_EXPIRED, IDENTITY_MISMATCH, GUARDIAN_REQUIRED,
    GUARDIAN_INVALID, INVALID_PHONE, ID_CARD_EXPIRED, CONSENT_REQUIRED,
)
