"""``python -m kiosk.settings``: list every key, or check a configuration file.

    python -m kiosk.settings                 # every key with type, default, bounds, description
    python -m kiosk.settings --check FILE    # exit 0 if FILE is valid, 1 naming each problem

The check never connects anywhere: URLs are judged from their text, files named in the
configuration (the hospital CA) are read locally. Accepted settings that weaken security
(plain HTTP off the machine) are printed as warnings.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from pydantic import ValidationError

from kiosk.errors import ConfigError
from kiosk.settings import Settings, describe, error_lines


def warnings(settings: Settings) -> list[str]:
    """What the kiosk logs as a warning at every start with these settings."""
    return settings.gateway.warnings() + settings.metrics.warnings()


def _local_files(data: dict) -> list[str]:
    """Files the configuration names, checked even when other keys are wrong, so one run
    lists every problem."""
    # Imported here: the client pulls in requests, which listing the keys does not need.
    from kiosk.gateway_client import checked_trust

    problems = []
    gateway = data.get("gateway")
    ca_bundle = gateway.get("ca_bundle") if isinstance(gateway, dict) else None
    if isinstance(ca_bundle, str):
        try:
            checked_trust(ca_bundle)
        except ConfigError as exc:
            problems.append(f"gateway.ca_bundle: {exc.message.en}")
    return problems


def check(path: Path) -> tuple[list[str], list[str]]:
    """(problems, warnings) of the configuration file at ``path``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        return [f"not valid TOML: {exc}"], []
    files = _local_files(data)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        return error_lines(exc) + files, []
    return files, warnings(settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.settings",
                                     description="List the configuration keys or check a file.")
    parser.add_argument("--check", type=Path, metavar="FILE",
                        help="validate FILE without connecting anywhere")
    args = parser.parse_args(argv)
    if args.check is None:
        print("\n".join(describe()))
        return 0
    try:
        problems, cautions = check(args.check)
    except OSError as exc:
        print(f"{args.check}: cannot read: {exc.strerror}", file=sys.stderr)
        return 2
    for line in cautions:
        print(f"{args.check}: warning: {line}", file=sys.stderr)
    for line in problems:
        print(f"{args.check}: {line}", file=sys.stderr)
    if problems:
        print(f"{args.check}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{args.check}: OK")
    return 0
