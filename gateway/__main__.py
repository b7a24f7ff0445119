"""``python -m gateway``: run the reference gateway.

The listening socket is bound here rather than by uvicorn so that ``--port 0`` works: the
real port is known before serving and announced on stdout as ``GATEWAY READY <url>``,
which is what test fixtures and the demo launcher wait for.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import uvicorn

from gateway.app import create_app
from gateway.core.clock import DEFAULT_TIME_ZONE, running_from, zone_named
from gateway.core.scan import DEFAULT_WRISTBAND, wristband_pattern
from gateway.core.settings import (
    DEFAULT_HOSPITAL_CODE,
    DEFAULT_HOSPITAL_NAME,
    DEFAULT_HOSPITAL_NAME_EN,
    Settings,
)
from gateway.platform.config import PlatformConfigError
from gateway.platform.secrets import SecretError

logger = logging.getLogger(__name__)

TOKENS_ENV = "GATEWAY_DEVICE_TOKENS"
KEEP_ALIVE_S = 75  # longer than a patient's pause, as nginx's default


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m gateway", description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8600, help="0 picks a free port")
    p.add_argument("--db", type=Path, required=True, help="SQLite file (created if missing)")
    p.add_argument(
        "--device-token-file",
        type=Path,
        action="append",
        default=[],
        help="file of accepted bearer tokens, one a line, readable by its owner only (0600); "
        f"repeatable. Tokens can also come from ${TOKENS_ENV} (comma-separated)",
    )
    p.add_argument(
        "--device-token",
        action="append",
        default=[],
        help="accepted bearer token (repeatable); every user on the machine can read it from "
        "the process list, so prefer --device-token-file",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="seed the demo world and serve the demo routes and pages (/demo/v1, /ehc, /pay)",
    )
    p.add_argument(
        "--metrics",
        action="store_true",
        help="serve Prometheus metrics at /metrics (request rates and latencies by route, "
        "errors, idempotent replays; no personal data)",
    )
    p.add_argument("--code-lifetime", type=int, default=60, help="dynamic code lifetime (s)")
    p.add_argument("--seed", type=int, default=2026, help="demo data seed")
    p.add_argument("--patients", type=int, default=240, help="demo patients to create")
    p.add_argument("--hospital-code", default=DEFAULT_HOSPITAL_CODE)
    p.add_argument("--hospital-name", default=DEFAULT_HOSPITAL_NAME)
    p.add_argument("--hospital-name-en", default=DEFAULT_HOSPITAL_NAME_EN)
    p.add_argument(
        "--report-print-limit", type=int, default=1, help="self-service prints per report"
    )
    p.add_argument(
        "--slip-reprint-limit", type=int, default=2,
        help="reprints (补打) of one payment or registration slip at kiosks (default %(default)s)",
    )
    p.add_argument(
        "--identify-limit", type=int, default=10,
        help="unmatched identify attempts allowed per device in the window (default %(default)s)",
    )
    p.add_argument(
        "--identify-window", type=int, default=300,
        help="the identify rate limit's sliding window, seconds (default %(default)s)",
    )
    p.add_argument(
        "--max-body-bytes", type=int, default=64 * 1024,
        help="largest request body accepted; larger ones get 413 (default %(default)s)",
    )
    p.add_argument(
        "--trusted-proxy", action="append", default=[], metavar="ADDRESS",
        help="a reverse proxy in front of the gateway (its IP address; repeat for several): "
        "its X-Forwarded-For is believed for the staff page's sign-in limit (default: none)",
    )
    p.add_argument(
        "--help-overdue-s", type=int, default=120,
        help="a help request nobody acknowledged within this many seconds is shown as overdue "
        "(default %(default)s)",
    )
    p.add_argument(
        "--platform-config", type=Path, default=None,
        help="TOML file naming the health-card platform (URL, app id, hospital id, where the "
        "secret is kept: a 0600 file or the keyring); without it the emulation answers",
    )
    p.add_argument(
        "--wristband-pattern", default=DEFAULT_WRISTBAND, metavar="REGEX",
        help="the inpatient number (住院号) on a wristband, matched against the whole scan; the "
        "kiosk's [codes] inpatient_no must accept the same numbers (default %(default)s)",
    )
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.add_argument(
        "--start-time",
        type=datetime.fromisoformat,
        default=None,
        help="run the gateway clock from this ISO 8601 instant (with offset), e.g. for "
        "demos and tests outside clinic hours",
    )
    p.add_argument(
        "--time-zone",
        default=DEFAULT_TIME_ZONE,
        help="the hospital's IANA time zone, where its day starts (default %(default)s)",
    )
    args = p.parse_args(argv)
    try:
        zone_named(args.time_zone)
    except ValueError as exc:
        p.error(str(exc))
    if args.start_time is not None and args.start_time.tzinfo is None:
        p.error("--start-time needs a UTC offset, e.g. 2027-01-15T16:00:00+08:00")
    if args.code_lifetime < 1:
        p.error("--code-lifetime must be at least 1")
    if not 0 <= args.slip_reprint_limit <= 10:
        p.error("--slip-reprint-limit must be 0..10")
    if args.report_print_limit < 0:
        p.error("--report-print-limit must be at least 0")
    if args.identify_limit < 1 or not 1 <= args.identify_window <= 86_400:
        p.error("--identify-limit must be at least 1 and --identify-window 1..86400")
    if not 1024 <= args.max_body_bytes <= 16 * 1024 * 1024:
        p.error("--max-body-bytes must be 1024..16777216")
    if not 10 <= args.help_overdue_s <= 3600:
        p.error("--help-overdue-s must be 10..3600")
    try:
        wristband_pattern(args.wristband_pattern)
    except ValueError as exc:
        p.error(f"--wristband-pattern: {exc}")
    if args.patients < 200:
        p.error("--patients must be at least 200")
    return args


class TokenFileError(ValueError):
    """A token file that cannot be read or that other users could read."""


def read_token_file(path: Path) -> list[str]:
    """Tokens of a file, one a line (blank lines and ``#`` comments skipped)."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TokenFileError(f"cannot read device token file {path}: {exc.strerror}") from None
    if mode & 0o077:
        raise TokenFileError(f"device token file {path} is open to other users; chmod 600 it")
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def device_tokens(cli: list[str], files: list[Path] | None = None) -> tuple[str, ...]:
    from_files = [t for path in files or () for t in read_token_file(path)]
    from_env = [t.strip() for t in os.environ.get(TOKENS_ENV, "").split(",")]
    return tuple(dict.fromkeys(t for t in [*cli, *from_files, *from_env] if t))


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # The protocol is named, not left 0: asyncio turns Nagle's algorithm off only on sockets
    # whose proto is IPPROTO_TCP, and connections accepted here inherit it. With proto 0 every
    # response written in two parts (head, then body) waited for the client's delayed ACK:
    # a fixed ~40 ms per request on a kept-alive connection (docs/benchmarks.md).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    # Lets a restarted gateway take its port back while old connections sit in TIME_WAIT.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


class _AnnouncingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, url: str) -> None:
        super().__init__(config)
        self._url = url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            print(f"GATEWAY READY {self._url}", flush=True)


def _install_stop_handlers() -> list[int]:
    """uvicorn handles SIGTERM/SIGINT while serving, then re-raises the signal once it has
    shut down. These handlers catch that re-raise so a requested stop exits with status 0,
    and they also hold a stop that arrives before serving starts."""
    received: list[int] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _frame: received.append(signum))
    return received


def clock(start: datetime | None) -> Callable[[], float]:
    """The real clock, or one that started at ``start`` and runs at normal speed."""
    return running_from(start)


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    if given[:1] in (["reconcile"], ["trail"]):
        from gateway.reconcile_cli import main as reconcile_main

        return reconcile_main(given)
    args = parse_args(argv)
    stop_requested = _install_stop_handlers()
    logging.basicConfig(
        level=args.log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        tokens = device_tokens(args.device_token, args.device_token_file)
    except TokenFileError as exc:
        logger.error("%s", exc)
        return 2
    settings = Settings(
        db_path=args.db,
        device_tokens=tokens,
        code_lifetime=args.code_lifetime,
        seed=args.seed,
        patients=args.patients,
        hospital_code=args.hospital_code,
        hospital_name=args.hospital_name,
        hospital_name_en=args.hospital_name_en,
        report_print_limit=args.report_print_limit,
        slip_reprint_limit=args.slip_reprint_limit,
        time_zone=args.time_zone,
        identify_limit=args.identify_limit,
        identify_window_s=args.identify_window,
        max_body_bytes=args.max_body_bytes,
        help_overdue_s=args.help_overdue_s,
        demo=args.demo,
        metrics=args.metrics,
        platform_config=args.platform_config,
        trusted_proxies=tuple(args.trusted_proxy),
        wristband_pattern=args.wristband_pattern,
    )
    try:
        app = create_app(settings, clock(args.start_time))
    except (PlatformConfigError, SecretError) as exc:
        logger.error("health-card platform: %s", exc)
        return 2
    if stop_requested:
        return 0
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        logger.error("cannot listen on %s:%d: %s", args.host, args.port, exc.strerror)
        return 2
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    config = uvicorn.Config(
        app,
        log_level=args.log_level,
        access_log=False,  # uvicorn's access log prints raw paths, which can hold card ids
        timeout_graceful_shutdown=5,
        # A kiosk is idle for seconds between a patient's taps. uvicorn's 5 s default closed
        # its kept-alive connection in between, and a request sent as it closed failed with a
        # connection error (the 200-kiosk benchmark, docs/benchmarks.md).
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    server = _AnnouncingServer(config, f"http://{shown}:{port}")
    try:
        asyncio.run(server.serve(sockets=[sock]))
    finally:
        sock.close()
        app.state.gateway.db.close()  # the last connection: the log is checkpointed now
    logger.info("gateway stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
