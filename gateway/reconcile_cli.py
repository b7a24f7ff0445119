"""``python -m gateway reconcile --db FILE [--date D]`` and ``python -m gateway trail --db
FILE REF``: the daily reconciliation (对账) and one receipt's money trail, read from the
gateway's database (read only) for staff at a terminal. Exit status 0 when the day has no
differences, 1 when it has some, 2 when the database cannot be read."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

from gateway.core.clock import DEFAULT_TIME_ZONE, local, use_zone, zone_named
from gateway.insurance.emulated import EmulatedInsurer
from gateway.insurance.factory import insurer_path
from gateway.platform.payment_provider import EmulatedProvider, provider_path
from gateway.store.money_trail import trail
from gateway.store.reconciliation import reconcile


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m gateway", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("reconcile", help="list every difference of one hospital day")
    rec.add_argument("--date", type=date.fromisoformat, default=None,
                     help="the hospital day, YYYY-MM-DD (default: today in the hospital's zone)")
    tr = sub.add_parser("trail", help="the money trail of one receipt number")
    tr.add_argument("ref", help="a receipt number (单据号), payment id or provider trade no")
    for one in (rec, tr):
        one.add_argument("--db", type=Path, required=True, help="the gateway's SQLite file")
        one.add_argument("--time-zone", default=DEFAULT_TIME_ZONE,
                         help="the hospital's IANA time zone (default %(default)s)")
        one.add_argument("--json", action="store_true", help="machine-readable output")
    args = p.parse_args(argv)
    try:
        zone_named(args.time_zone)
    except ValueError as exc:
        p.error(str(exc))
    return args


def _yuan(fen: int | None) -> str:
    return "-" if fen is None else f"{fen // 100}.{fen % 100:02d}"


def main(argv: list[str]) -> int:
    args = _args(argv)
    use_zone(args.time_zone)
    if not args.db.is_file():
        print(f"no database at {args.db}; pass the gateway's --db file", file=sys.stderr)
        return 2
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    # The emulated provider's and insurer's own files beside the database (what a hospital
    # reads from its provider's and insurer's reconciliation files instead).
    provider = EmulatedProvider(provider_path(args.db))
    insurer = EmulatedInsurer(insurer_path(args.db), lambda _token: "")
    try:
        if args.command == "trail":
            steps = trail(conn, args.ref, provider)
            if args.json:
                print(json.dumps([asdict(s) for s in steps], ensure_ascii=False))
            for s in [] if args.json else steps:
                print(f"{local(s.at):%Y-%m-%d %H:%M:%S}  {s.source:<9} {s.what:<28} "
                      f"{_yuan(s.amount_fen):>10}  {s.ref}")
            if not steps:
                print(f"no record names {args.ref}", file=sys.stderr)
            return 0 if steps else 1
        day = args.date or local(time.time()).date()  # the gateway runs on the real clock
        result = reconcile(conn, day, provider, insurer)
    except sqlite3.Error as exc:
        print(f"cannot read {args.db}: {exc}", file=sys.stderr)
        return 2
    finally:
        conn.close()
    if args.json:
        print(json.dumps({**asdict(result), "day": day.isoformat()}, ensure_ascii=False))
    else:
        print(f"reconciliation {day}: {result.orders} orders, {result.provider_records} provider "
              f"records, {result.receipts} receipts, insurance {_yuan(result.insurance_fen)}")
        for d in result.differences:
            print(f"{d.kind:<22} receipt {d.receipt_no or '-':<16} order {d.payment_id or '-':<28} "
                  f"journal {_yuan(d.journal_fen):>8} provider {_yuan(d.provider_fen):>8} "
                  f"hospital {_yuan(d.hospital_fen):>8}  {d.detail}")
        print(f"{len(result.differences)} difference(s)")
    return 1 if result.differences else 0
