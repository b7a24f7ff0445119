"""Command line: render any document from demo data, or show the printers' state.

    python -m printing render lab-report --demo -o lab.pdf
    python -m printing status [--config kiosk.toml]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tomllib
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.settings_printing import PrintingSettings
from printing.render import Kind, render_demo

logger = logging.getLogger(__name__)


def _say(text: str, stream=None) -> None:
    # The command line's output is for operators; the kiosk itself only logs.
    (stream or sys.stdout).write(text + "\n")


def _settings(path: Path | None) -> PrintingSettings:
    if path is None:
        return PrintingSettings()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return PrintingSettings.model_validate(data.get("printing", data))


def _render(args: argparse.Namespace) -> int:
    if not args.demo:
        _say("only --demo rendering is available from the command line", sys.stderr)
        return 2
    pdf = render_demo(args.kind)
    if str(args.output) == "-":
        sys.stdout.buffer.write(pdf)
    else:
        args.output.write_bytes(pdf)
        _say(f"{args.kind}: {len(pdf)} bytes -> {args.output}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from printing.factory import create_printer

    settings = _settings(args.config)
    worst = 0
    for role in ("a4", "slip"):
        try:
            printer = create_printer(getattr(settings, role), name=role)
            state = printer.state()
        except KioskError as exc:
            _say(f"{role}: error {exc.code}: {exc.message.en}")
            worst = 1
            continue
        _say(f"{role}: {state.status.value}" + (f" ({state.reason})" if state.reason else ""))
        worst = max(worst, 0 if state.ready else 1)
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m printing")
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render", help="render a document to PDF")
    render.add_argument("kind", choices=[k.value for k in Kind])
    render.add_argument("--demo", action="store_true", help="use the built-in demo document")
    render.add_argument("-o", "--output", type=Path, required=True, help="PDF file, or -")
    render.set_defaults(func=_render)
    status = sub.add_parser("status", help="show the configured printers' state")
    status.add_argument("--config", type=Path, help="TOML with a [printing] table")
    status.set_defaults(func=_status)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    try:
        return args.func(args)
    except KioskError as exc:
        _say(f"error {exc.code}: {exc.message.en}", sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
