"""Emulation of the electronic health card platform and of the insurance e-voucher.

In a real deployment the gateway forwards a scanned code to the platform
(``getHealthCardByQRCode`` / ``ehc.ehealthcode.verify``) and to the insurance SDK; here the
same answers come from local tables so the whole chain runs offline.

Code texts:
- static  ``<card id: 64 hex>:1``
- dynamic ``<card id>:0:<token: 32 hex>``, token issued here and valid ``lifetime`` seconds
- either may end in ``::<org code>`` (the issuing organisation), which is accepted and ignored
- insurance voucher ``NHSA<32 hex>``: this reference's own demo format, valid like a
  dynamic code. Real deployments resolve the national insurance QR through the NHSA SDK.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from dataclasses import dataclass

from gateway.core.errors import (
    CARD_CANCELLED,
    EXPIRED_CODE,
    NOT_INSURED,
    NOT_REGISTERED,
    UNKNOWN_CODE,
    GatewayError,
)

logger = logging.getLogger(__name__)

VOUCHER_PREFIX = "NHSA"
# Expired tokens are kept this long so a late scan still says "expired", not "unknown".
RETENTION_S = 24 * 3600


SCHEMA = """
CREATE TABLE IF NOT EXISTS residents (
    health_card_id TEXT PRIMARY KEY,
    id_type TEXT NOT NULL DEFAULT '01',
    id_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    birth_date TEXT NOT NULL,
    card_status TEXT NOT NULL CHECK (card_status IN ('active', 'cancelled'))
);
CREATE TABLE IF NOT EXISTS issued_codes (
    token TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('dynamic', 'insurance')),
    health_card_id TEXT REFERENCES residents (health_card_id),
    patient_id TEXT REFERENCES patients (patient_id),
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS issued_codes_expiry ON issued_codes (expires_at);
"""


@dataclass(frozen=True)
class IssuedCode:
    text: str
    expires_at: float | None


def card(conn: sqlite3.Connection, health_card_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT * FROM residents WHERE health_card_id = ?", (health_card_id,)
    ).fetchone()
    if row is None:
        raise GatewayError(UNKNOWN_CODE)
    return row


def active_card(conn: sqlite3.Connection, health_card_id: str) -> sqlite3.Row:
    row = card(conn, health_card_id)
    if row["card_status"] != "active":
        raise GatewayError(CARD_CANCELLED)
    return row


def _suffix(org_code: str | None) -> str:
    return f"::{org_code}" if org_code else ""


def _store(conn, kind, token, card_id, patient_id, issued_at, lifetime) -> float:
    expires_at = issued_at + lifetime
    conn.execute(
        "INSERT INTO issued_codes (token, kind, health_card_id, patient_id, issued_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (token, kind, card_id, patient_id, issued_at, expires_at),
    )
    conn.execute("DELETE FROM issued_codes WHERE expires_at < ?", (issued_at - RETENTION_S,))
    return expires_at


def issue_static(conn: sqlite3.Connection, health_card_id: str, org_code: str | None) -> IssuedCode:
    card(conn, health_card_id)
    return IssuedCode(f"{health_card_id}:1{_suffix(org_code)}", None)


def issue_dynamic(
    conn: sqlite3.Connection,
    health_card_id: str,
    org_code: str | None,
    issued_at: float,
    lifetime: float,
) -> IssuedCode:
    # Cancelled cards still get codes: a phone may hold one issued before cancellation,
    # and the verifier, not the issuer, must catch it.
    card(conn, health_card_id)
    token = secrets.token_hex(16).upper()
    expires_at = _store(conn, "dynamic", token, health_card_id, None, issued_at, lifetime)
    return IssuedCode(f"{health_card_id}:0:{token}{_suffix(org_code)}", expires_at)


def issue_voucher(
    conn: sqlite3.Connection, health_card_id: str, issued_at: float, lifetime: float
) -> IssuedCode:
    card(conn, health_card_id)
    patient = conn.execute(
        "SELECT patient_id, insured FROM patients WHERE health_card_id = ?", (health_card_id,)
    ).fetchone()
    if patient is None:
        raise GatewayError(NOT_REGISTERED)
    if not patient["insured"]:
        raise GatewayError(NOT_INSURED)
    token = secrets.token_hex(16).upper()
    expires_at = _store(conn, "insurance", token, None, patient["patient_id"], issued_at, lifetime)
    return IssuedCode(VOUCHER_PREFIX + token, expires_at)


def verify_dynamic(conn: sqlite3.Connection, health_card_id: str, token: str, now: float) -> None:
    """Platform-side check of a dynamic code; the card itself was checked by the caller."""
    row = conn.execute(
        "SELECT health_card_id, expires_at FROM issued_codes WHERE token = ? AND kind = 'dynamic'",
        (token,),
    ).fetchone()
    if row is None or row["health_card_id"] != health_card_id:
        raise GatewayError(UNKNOWN_CODE)
    if row["expires_at"] <= now:
        raise GatewayError(EXPIRED_CODE)


def verify_voucher(conn: sqlite3.Connection, token: str, now: float) -> str:
    """Returns the patient id behind an insurance voucher."""
    row = conn.execute(
        "SELECT patient_id, expires_at FROM issued_codes WHERE token = ? AND kind = 'insurance'",
        (token,),
    ).fetchone()
    if row is None:
        raise GatewayError(UNKNOWN_CODE)
    if row["expires_at"] <= now:
        raise GatewayError(EXPIRED_CODE)
    return row["patient_id"]
