"""Tables of the drug catalogue and the registry of dispensed box codes."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS drugs (
    drug_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    brand TEXT,
    spec TEXT NOT NULL,
    unit TEXT NOT NULL,
    manufacturer TEXT NOT NULL,
    gtin TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS drug_trace_prefixes (
    prefix TEXT PRIMARY KEY CHECK (length(prefix) = 7),
    drug_code TEXT NOT NULL REFERENCES drugs (drug_code)
);
-- Which catalogue drug fills each prescription item.
CREATE TABLE IF NOT EXISTS prescription_item_drugs (
    prescription_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    drug_code TEXT NOT NULL REFERENCES drugs (drug_code),
    PRIMARY KEY (prescription_id, seq),
    FOREIGN KEY (prescription_id, seq) REFERENCES prescription_items (prescription_id, seq)
);
CREATE TABLE IF NOT EXISTS trace_codes (
    code TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    drug_code TEXT NOT NULL REFERENCES drugs (drug_code),
    kind TEXT NOT NULL CHECK (kind IN ('trace20', 'gs1')),
    batch TEXT,
    expiry TEXT
);
CREATE INDEX IF NOT EXISTS trace_codes_by_drug ON trace_codes (drug_code);
CREATE TABLE IF NOT EXISTS dispensed_codes (
    code TEXT PRIMARY KEY,
    drug_code TEXT NOT NULL,
    dispense_id TEXT,  -- NULL for boxes dispensed before this system's records begin
    prescription_id TEXT,
    item_seq INTEGER,
    dispensed_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS dispensed_codes_by_dispense ON dispensed_codes (dispense_id);
"""
