"""Tables of the health services: family-doctor contracts, record consent, renewals."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS family_doctor_teams (
    team_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    community TEXT NOT NULL,
    doctor TEXT NOT NULL,
    doctor_title TEXT NOT NULL,
    phone TEXT NOT NULL,
    intro TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS family_doctor_contracts (
    patient_id TEXT PRIMARY KEY REFERENCES patients (patient_id),
    team_id TEXT NOT NULL REFERENCES family_doctor_teams (team_id),
    signed_day INTEGER NOT NULL,  -- days relative to today (gateway.core.timeline)
    expires_day INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS family_doctor_requests (
    request_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    team_id TEXT NOT NULL REFERENCES family_doctor_teams (team_id),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'declined')),
    device TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS consents (
    consent_id TEXT PRIMARY KEY,
    visit_id TEXT NOT NULL,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    scope TEXT NOT NULL,
    device TEXT NOT NULL,
    granted_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS consents_visit ON consents (visit_id, scope);
CREATE TABLE IF NOT EXISTS health_records (
    patient_id TEXT PRIMARY KEY REFERENCES patients (patient_id),
    blood_type TEXT,
    allergies TEXT NOT NULL,  -- JSON list of strings
    chronic_conditions TEXT NOT NULL,  -- JSON list of strings
    recent_visits TEXT NOT NULL  -- JSON list of [day offset, department, diagnosis]
);
CREATE TABLE IF NOT EXISTS chronic_renewals (
    renewal_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    prescription_id TEXT NOT NULL REFERENCES prescriptions (prescription_id),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'declined')),
    device TEXT NOT NULL,
    created_at REAL NOT NULL
);
"""
