"""``python -m kiosk.outbox``: what staff use to see and re-drive parked outbox messages.

    python -m kiosk.outbox list [--data-dir DIR]              # parked messages, one a line
    python -m kiosk.outbox redrive [--data-dir DIR] --all     # back into the queue
    python -m kiosk.outbox redrive [--data-dir DIR] ID [ID …]

``DIR`` defaults to the kiosk's data folder (``KIOSK_DATA_DIR`` or the user's data folder).
Re-driven messages are sent by the running kiosk at its next outbox pass (within its pump
interval), or at the next start. Lines show ids, topic, times and the refusal, never a body.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kiosk.outbox import Outbox

FILENAME = "outbox.db"


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return "-"
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds")


def _open(data_dir: Path | None) -> Outbox | None:
    if data_dir is None:
        from kiosk.paths import data_dir as default_dir

        data_dir = default_dir()
    path = Path(data_dir) / FILENAME
    if not path.is_file():
        print(f"no outbox at {path}", file=sys.stderr)
        return None
    return Outbox(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.outbox",
                                     description="List and re-drive parked outbox messages.")
    # Accepted before or after the command: staff copy "list --data-dir …" from the self-test.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="the kiosk's data folder")
    parser.add_argument("--data-dir", type=Path, default=None, help="the kiosk's data folder")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", parents=[common], help="show parked messages")
    again = sub.add_parser("redrive", parents=[common], help="put parked messages back in the queue")
    again.add_argument("ids", nargs="*", help="message ids (from list)")
    again.add_argument("--all", action="store_true", help="every parked message")
    args = parser.parse_args(argv)
    if args.command == "redrive" and bool(args.ids) == args.all:
        parser.error("redrive takes message ids or --all")
    outbox = _open(args.data_dir)
    if outbox is None:
        return 2
    try:
        if args.command == "list":
            parked = outbox.parked()
            for m in parked:
                print(f"{m.id}\t{m.topic}\tcreated {_when(m.created_at)}\tparked "
                      f"{_when(m.parked_at)}\tattempts {m.attempts}\t{m.reason}")
            print(f"{len(parked)} parked, {outbox.pending()} waiting to be sent")
            return 0
        count = outbox.redrive(None if args.all else args.ids)
        print(f"{count} message(s) back in the queue")
        return 0 if args.all or count == len(args.ids) else 1
    finally:
        outbox.close()
