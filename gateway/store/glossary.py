"""The hospital's English glossary: English for the Chinese names its records carry.

A hospital's information system keeps drug names, priced items, diagnoses and allergies in
Chinese; the ones that offer an English service keep a translation table beside them (the
drug dictionary's English generic name, the price list's English item name). Records keep
the Chinese name, as the HIS does, and answers add the English where the glossary has it,
``None`` where it has not: the kiosk then shows the Chinese rather than a wrong guess.

Label text ("口服 一次1片 一日3次 饭后服用") is assembled from its parts (route, dose,
frequency, note), each looked up; if any part is missing from the glossary the English
label is ``None`` as a whole, never half translated.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

SCHEMA = """
CREATE TABLE IF NOT EXISTS glossary (
    zh TEXT PRIMARY KEY,
    en TEXT NOT NULL
);
"""


def english(conn: sqlite3.Connection, texts: Iterable[str]) -> dict[str, str]:
    """The English of each text the glossary (or the department dictionary) knows."""
    wanted = sorted({t for t in texts if t})
    found: dict[str, str] = {}
    # SQLite's default limit on bound parameters is far above a screenful of names, but a
    # long bill is looked up in slices to stay clear of it.
    for start in range(0, len(wanted), 400):
        part = wanted[start:start + 400]
        marks = ",".join("?" * len(part))
        rows = conn.execute(
            f"SELECT zh, en FROM glossary WHERE zh IN ({marks})"
            f" UNION SELECT name, name_en FROM departments WHERE name IN ({marks})",
            part + part,
        ).fetchall()
        found.update((r[0], r[1]) for r in rows)
    return found


def one(conn: sqlite3.Connection, text: str) -> str | None:
    return english(conn, [text]).get(text)


def label_en(known: dict[str, str], *parts: str) -> str | None:
    """The English of a label made of parts, or None unless every part is known."""
    present = [p for p in parts if p]
    if not all(p in known for p in present):
        return None
    return "; ".join(known[p] for p in present) or None


def define(conn: sqlite3.Connection, entries: Iterable[tuple[str, str]]) -> None:
    """Add or correct translations (the hospital's dictionary upload, or the demo's)."""
    conn.executemany(
        "INSERT INTO glossary (zh, en) VALUES (?, ?) ON CONFLICT (zh) DO UPDATE SET en = excluded.en",
        list(entries),
    )
