"""Tables of outpatient billing: bills, items, pre-settlements and settlements."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS bills (
    bill_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    date TEXT NOT NULL,
    department_code TEXT NOT NULL REFERENCES departments (code),
    doctor_id TEXT NOT NULL REFERENCES doctors (doctor_id),
    status TEXT NOT NULL CHECK (status IN ('unpaid', 'paid')),
    settlement_id TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS bills_by_patient ON bills (patient_id, status);
CREATE TABLE IF NOT EXISTS bill_items (
    bill_id TEXT NOT NULL REFERENCES bills (bill_id),
    line INTEGER NOT NULL,
    name TEXT NOT NULL,
    spec TEXT NOT NULL,
    unit TEXT NOT NULL,
    qty INTEGER NOT NULL,
    price_fen INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    category TEXT NOT NULL,
    insurance_class TEXT NOT NULL,
    PRIMARY KEY (bill_id, line)
);
CREATE TABLE IF NOT EXISTS previews (
    preview_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    bill_ids TEXT NOT NULL,
    total_fen INTEGER NOT NULL,
    insurance_fen INTEGER NOT NULL,
    self_pay_fen INTEGER NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    settlement_id TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS settlements (
    settlement_id TEXT PRIMARY KEY,
    preview_id TEXT NOT NULL UNIQUE REFERENCES previews (preview_id),
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    receipt_no TEXT NOT NULL UNIQUE,
    payment_id TEXT UNIQUE,
    body TEXT NOT NULL,
    settled_at REAL NOT NULL
);
"""
