"""Process start → home screen ready to scan: the real program, cold and then warm.

    python -m bench.startup [-n 10] [--json OUT]

Runs ``python -m ui --windowed`` as a kiosk's service manager does, with its device token
in a real Secret Service keyring (gnome-keyring on a private D-Bus session, as ``make demo``
does) and ``$NOTIFY_SOCKET`` pointing at a socket of this script: the clock runs from just
before the process is started to the ``READY=1`` the kiosk sends once its event loop has
shown the home screen (ui/heartbeat.py). The gateway is a real process on loopback. Qt runs
offscreen. ``cold`` is the first start with an empty bytecode cache (``PYTHONPYCACHEPREFIX``
on a new folder: every module compiled, as after an install or update); ``warm`` are the
starts after it. The operating system's file cache is not dropped (a shared machine); a
kiosk booted from its disk reads more.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.stats import describe
from testbed.gateway_process import GatewayProcess

ROOT = Path(__file__).resolve().parents[1]
INNER = "KIOSK_BENCH_INNER"
READY_TIMEOUT_S = 60.0


def config(folder: Path, url: str) -> Path:
    path = folder / "kiosk.toml"
    printed = folder / "printed"
    path.write_text(
        f'[gateway]\nurl = "{url}"\nretries = 0\n\n[voice]\nenabled = false\n\n'
        f'[printing.a4]\ntype = "folder"\npath = "{printed}"\n\n'
        f'[printing.slip]\ntype = "folder"\npath = "{printed}"\n',
        encoding="utf-8",
    )
    return path


def start_once(
    cfg: Path, cache: Path, folder: Path, profile: Path | None = None
) -> tuple[float, float]:
    """Milliseconds from starting the kiosk process to its READY=1, and the CPU time the
    process used in all (to READY=1 and then stopping): less swayed by a busy machine."""
    address = folder / f"notify-{secrets.token_hex(4)}"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(address))
    listener.settimeout(READY_TIMEOUT_S)
    env = {**os.environ, "NOTIFY_SOCKET": str(address), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPYCACHEPREFIX": str(cache)}
    log = open(folder / "kiosk.log", "ab")  # closed below
    started = time.perf_counter()
    command = [sys.executable, "-m", "ui", "--config", str(cfg), "--windowed"]
    if profile is not None:  # py-spy samples the start, written when the process ends
        command = [str(Path(sys.executable).parents[2] / ".venv-tools" / "bin" / "py-spy"),
                   "record", "-r", "250", "-f", "raw", "-o", str(profile), "--", *command]
    kiosk = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log,
                             start_new_session=True)
    try:
        while True:
            message = listener.recv(4096).decode()
            if "READY=1" in message.split("\n"):
                ready_ms = (time.perf_counter() - started) * 1000
                break
    except TimeoutError:
        log_path = folder / "kiosk.log"
        raise RuntimeError(f"kiosk not ready in {READY_TIMEOUT_S} s; see {log_path}") from None
    finally:
        # SIGINT makes py-spy write its samples; SIGTERM is how systemd stops the kiosk.
        os.killpg(kiosk.pid, signal.SIGINT if profile is not None else signal.SIGTERM)
        cpu_ms = _reap(kiosk)
        if profile is not None:  # py-spy has gone; the kiosk it started has not
            with contextlib.suppress(ProcessLookupError):
                os.killpg(kiosk.pid, signal.SIGTERM)
        log.close()
        listener.close()
        address.unlink(missing_ok=True)
    return ready_ms, cpu_ms


def _reap(process: subprocess.Popen) -> float:
    """Wait for the process (SIGKILL after 10 s); its user + system CPU time in ms."""
    deadline = time.monotonic() + 10
    while True:
        pid, _status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = _status
            return (usage.ru_utime + usage.ru_stime) * 1000
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
        time.sleep(0.02)


def inner(args: argparse.Namespace) -> int:
    folder = Path(os.environ["KIOSK_BENCH_FOLDER"])
    subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                   input=b"bench", check=True, stdout=subprocess.DEVNULL)
    gateway = GatewayProcess(folder / "gateway.db", extra_args=("--log-level", "warning"))
    try:
        subprocess.run([sys.executable, "-m", "kiosk.credentials", "set"], cwd=ROOT, check=True,
                       input=(gateway.token + "\n").encode(), stdout=subprocess.DEVNULL)
        cfg = config(folder, gateway.url)
        cache = folder / "pycache"
        cold = [start_once(cfg, cache, folder)]
        warm = [start_once(cfg, cache, folder) for _ in range(args.n)]
        if args.profile:
            start_once(cfg, cache, folder, profile=args.profile.resolve())
    finally:
        gateway.stop()
    results = {}
    for what, runs in (("cold (empty bytecode cache)", cold), ("warm", warm)):
        d = results[what] = describe([r[0] for r in runs])
        d["cpu"] = describe([r[1] for r in runs])
        print(f"process start → home ready, {what}: median {d['median_ms']} ms, "
              f"p95 {d['p95_ms']} ms, max {d['max_ms']} ms (n={d['n']}); "
              f"CPU median {d['cpu']['median_ms']} ms")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=10, help="warm starts after the cold one")
    p.add_argument("--json", type=Path)
    p.add_argument("--profile", type=Path, help="then one more warm start under py-spy (raw)")
    args = p.parse_args(argv)
    if os.environ.get(INNER):
        return inner(args)
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        raise SystemExit("needs dbus-run-session and gnome-keyring-daemon (make sysdeps)")
    # A private session bus, keyring and runtime folder, removed afterwards.
    folder = Path(tempfile.mkdtemp(prefix="kiosk-start-"))
    runtime = folder / "run"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, INNER: "1", "KIOSK_BENCH_FOLDER": str(folder),
           "XDG_DATA_HOME": str(folder / "share"), "XDG_RUNTIME_DIR": str(runtime),
           "HOME": str(folder)}
    argv = [sys.executable, "-m", "bench.startup", *(argv if argv is not None else sys.argv[1:])]
    try:
        return subprocess.run(["dbus-run-session", "--", *argv], cwd=ROOT, env=env).returncode
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
