"""Pharmacy staff: accounts, sessions and sign-in attempts."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS staff (
    staff_no TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('pharmacist', 'pharmacy_assistant')),
    window TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS staff_sessions (
    session_id TEXT PRIMARY KEY,
    staff_no TEXT NOT NULL REFERENCES staff (staff_no),
    device TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    ended_at REAL
);
CREATE INDEX IF NOT EXISTS staff_sessions_expiry ON staff_sessions (expires_at);
CREATE TABLE IF NOT EXISTS staff_sign_in_failures (
    staff_no TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_failures_by_no ON staff_sign_in_failures (staff_no, at);
"""

# Version 3: failures counted against the account *and* the device they came from, so
# guesses on one device cannot lock the account on another (the staff member's own).
# ``staff_sign_in_failures`` above is no longer written.
FAILURES_BY_DEVICE = """
CREATE TABLE IF NOT EXISTS staff_sign_in_attempts (
    staff_no TEXT NOT NULL,
    device TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_attempts_by_source ON staff_sign_in_attempts
    (staff_no, device, at);
"""
