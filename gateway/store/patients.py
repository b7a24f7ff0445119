"""The hospital's patients (what the HIS knows) and the log of identify attempts.

``residents`` (what the health-card platform knows) belongs to the platform emulation;
a resident can hold a valid card and still be unknown here: the ``not_registered`` case.
"""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS patients (
    patient_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    birth_date TEXT NOT NULL,
    id_type TEXT NOT NULL DEFAULT '01',
    id_number TEXT NOT NULL UNIQUE,
    legacy_id_number TEXT UNIQUE,
    region_code TEXT NOT NULL,
    phone TEXT NOT NULL,
    visit_card_no TEXT NOT NULL UNIQUE,
    health_card_id TEXT REFERENCES residents (health_card_id),
    insured INTEGER NOT NULL,
    insurance_region TEXT
);
CREATE TABLE IF NOT EXISTS identify_log (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    device TEXT NOT NULL,
    terminal_id TEXT,
    source TEXT NOT NULL,
    outcome TEXT NOT NULL
);
"""

# Joined view of a patient with the status of their bound card; the API reports
# health_card_id only while that card is active.
PATIENT_SELECT = """
SELECT p.*, r.card_status AS card_status
FROM patients p LEFT JOIN residents r ON r.health_card_id = p.health_card_id
"""
