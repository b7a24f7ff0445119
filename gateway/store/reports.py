"""Tables of lab and imaging reports and their print record."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    report_id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (patient_id),
    kind TEXT NOT NULL CHECK (kind IN ('lab', 'imaging')),
    template TEXT NOT NULL,
    title TEXT NOT NULL,
    title_en TEXT NOT NULL,
    department TEXT NOT NULL,
    doctor TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'ready')),
    -- instants as minutes after today's local midnight (gateway.core.timeline)
    ordered_min INTEGER NOT NULL,
    collected_min INTEGER,
    received_min INTEGER,
    reported_min INTEGER,
    verified_min INTEGER,
    expected_min INTEGER,
    specimen_type TEXT,
    specimen_barcode TEXT,
    modality TEXT,
    body_part TEXT,
    findings TEXT,
    impression TEXT,
    author TEXT,
    verifier TEXT,
    print_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS reports_patient ON reports (patient_id);
CREATE TABLE IF NOT EXISTS report_items (
    report_id TEXT NOT NULL REFERENCES reports (report_id),
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    unit TEXT NOT NULL,
    low REAL,
    high REAL,
    decimals INTEGER NOT NULL,
    crit_low REAL,
    crit_high REAL,
    PRIMARY KEY (report_id, seq)
);
CREATE TABLE IF NOT EXISTS report_prints (
    id INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (report_id),
    device TEXT NOT NULL,
    printed_at REAL NOT NULL
);
"""
