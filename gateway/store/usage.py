"""Tables of usage reports (用卡数据监测)."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS usage_reports (
    report_id TEXT PRIMARY KEY,
    device TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    patient_id TEXT REFERENCES patients (patient_id),
    scene TEXT NOT NULL,
    channel TEXT NOT NULL,
    card_type TEXT NOT NULL,
    cost_type TEXT,
    used_at TEXT NOT NULL,
    terminal_id TEXT,
    received_at REAL NOT NULL,
    response TEXT NOT NULL
);
"""
