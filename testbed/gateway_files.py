"""Reading what a test gateway wrote, without changing it: its database with the emulated
payment provider's and insurer's own files attached, so a test can join the journal with
``provider_charges`` (the provider's records) in one query."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any


def read_rows(db_path: Path, sql: str, *args: Any) -> list[tuple]:
    db_path = Path(db_path)
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        for name in ("provider", "insurer"):
            other = db_path.with_name(f"{db_path.stem}.{name}.sqlite")
            if other.exists():
                conn.execute("ATTACH DATABASE ? AS " + name, (f"file:{other}?mode=ro",))
        return [tuple(r) for r in conn.execute(sql, args)]
