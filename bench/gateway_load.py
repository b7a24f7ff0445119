"""The reference gateway under a hospital's kiosks at 8 am, on loopback only.

    python -m bench.gateway_load [--kiosks 200] [--seconds 40] [--ramp] [--json OUT]

One real gateway process (``python -m gateway --demo``, its clock at a weekday 08:30) serves
``--kiosks`` simulated kiosks, each a thread with its own device token and kept-alive
connection, doing what a kiosk does for one patient after another: identify a fresh health
code, then one morning errand (book: departments, schedules, slots, lock, pay, commit; pay
bills: list, preview, pay, settle; reports: list, open one; check in: appointments), then end
the visit. Between taps a patient thinks 2-6 s, and a next patient arrives 5-30 s after the
last left (seeded, so every run asks the same). The patient's phone confirming a payment
(``/demo/v1``) is timed apart from the kiosk's own calls.

``--ramp`` then shortens every wait (x1.5, x2.25, ...) in bounded steps until p95 passes 100 ms
or a step errs, and reports the throughput where that happened. Every phase has a deadline,
so the run stops by itself. Client and gateway share the machine's cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import requests

from bench.stats import describe
from testbed.gateway_process import GatewayProcess, token_file

MORNING = "2027-01-15T08:30:00+08:00"  # a Friday
TIMEOUT_S = 10.0


class Kiosk:
    """One kiosk's session loop; records (label, ms, status) of every call."""

    def __init__(self, url: str, token: str, cards: list[str], seed: int, speed: list[float],
                 stop: threading.Event, record) -> None:
        self.url, self.cards, self.speed, self.stop, self.record = url, cards, speed, stop, record
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def wait(self, low: float, high: float) -> bool:
        return not self.stop.wait(self.rng.uniform(low, high) / self.speed[0])

    def call(self, label: str, method: str, path: str, *, visit: str | None = None,
             keyed: bool = False, ok: tuple[int, ...] = (200, 201, 204), **kw):
        headers = {}
        if visit:
            headers["X-Visit-Token"] = visit
        if keyed:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.url + path, headers=headers,
                                         timeout=TIMEOUT_S, **kw)
        except requests.RequestException as exc:
            self.record(label, (time.perf_counter() - started) * 1000, type(exc).__name__)
            return None
        self.record(label, (time.perf_counter() - started) * 1000,
                    "ok" if response.status_code in ok else str(response.status_code))
        return response.json() if response.status_code in ok and response.content else None

    def run(self) -> None:
        try:
            while self.wait(5, 30):
                self.session(self.rng.choice(self.cards))
        finally:
            self.http.close()

    def session(self, card: str) -> None:
        code = self.call("phone: health code", "POST", f"/demo/v1/cards/{card}/codes",
                         json={"kind": "dynamic"})
        if code is None:
            return
        who = self.call("identify", "POST", "/api/v1/identify",
                        json={"text": code["text"], "source": "camera"})
        if who is None:
            return
        visit = who["visit_token"]
        errand = self.rng.choices([self.book, self.pay, self.reports, self.check_in],
                                  weights=[35, 25, 25, 15])[0]
        if self.wait(2, 6):
            errand(visit)
        self.call("end visit", "DELETE", "/api/v1/visits/current", visit=visit)

    def book(self, visit: str) -> None:
        departments = self.call("departments", "GET", "/api/v1/departments", visit=visit)
        if not departments or not self.wait(2, 6):
            return
        code = self.rng.choice(departments["departments"])["code"]
        schedules = self.call("schedules", "GET", f"/api/v1/departments/{code}/schedules",
                              visit=visit)
        open_ = [s for s in (schedules or {}).get("schedules", []) if s["status"] == "open"]
        if not open_ or not self.wait(2, 6):
            return
        schedule = self.rng.choice(open_)
        slots = self.call("slots", "GET", f"/api/v1/schedules/{schedule['schedule_id']}/slots",
                          visit=visit)
        free = [s for s in (slots or {}).get("slots", []) if s["available"]]
        if not free or not self.wait(2, 6):
            return
        # Another kiosk may take the slot first: the gateway's 409 is the expected answer.
        lock = self.call("lock", "POST", "/api/v1/registrations/locks", visit=visit, keyed=True,
                         ok=(201, 409), json={"schedule_id": schedule["schedule_id"],
                                              "slot_id": self.rng.choice(free)["slot_id"]})
        if not lock or "lock_id" not in lock:
            return
        order = self.call("pay", "POST", "/api/v1/payments", visit=visit, keyed=True,
                          json={"purpose": "registration", "reference": lock["lock_id"],
                                "amount_fen": lock["fee"]["total_fen"]})
        if order is None or not self.wait(2, 6):
            return
        self.call("phone: confirm", "POST", f"/demo/v1/payments/{order['payment_id']}/confirm",
                  json={"method": "wechat"})
        self.call("payment status", "GET", f"/api/v1/payments/{order['payment_id']}",
                  visit=visit)
        self.call("register", "POST", "/api/v1/registrations", visit=visit, keyed=True,
                  json={"lock_id": lock["lock_id"], "payment_id": order["payment_id"]})

    def pay(self, visit: str) -> None:
        bills = self.call("bills", "GET", "/api/v1/patients/me/bills", visit=visit,
                          params={"status": "unpaid"})
        unpaid = [b["bill_id"] for b in (bills or {}).get("bills", [])]
        if not unpaid or not self.wait(2, 6):
            return
        preview = self.call("preview", "POST", "/api/v1/settlements/previews", visit=visit,
                            keyed=True, json={"bill_ids": unpaid, "insurance_voucher": None})
        if preview is None:
            return
        order = self.call("pay", "POST", "/api/v1/payments", visit=visit, keyed=True,
                          json={"purpose": "bills", "reference": preview["preview_id"],
                                "amount_fen": preview["self_pay_fen"]})
        if order is None or not self.wait(2, 6):
            return
        self.call("phone: confirm", "POST", f"/demo/v1/payments/{order['payment_id']}/confirm",
                  json={"method": "wechat"})
        self.call("settle", "POST", "/api/v1/settlements", visit=visit, keyed=True,
                  json={"preview_id": preview["preview_id"], "payment_id": order["payment_id"]})

    def reports(self, visit: str) -> None:
        listed = self.call("reports", "GET", "/api/v1/patients/me/reports", visit=visit)
        ready = [r for r in (listed or {}).get("reports", []) if r["status"] == "ready"]
        if ready and self.wait(2, 6):
            self.call("report", "GET", f"/api/v1/reports/{self.rng.choice(ready)['report_id']}",
                      visit=visit)

    def check_in(self, visit: str) -> None:
        self.call("appointments", "GET", "/api/v1/patients/me/appointments", visit=visit)


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: list[tuple[str, float, str]] = []

    def __call__(self, label: str, ms: float, outcome: str) -> None:
        with self.lock:
            self.rows.append((label, ms, outcome))

    def take(self) -> list[tuple[str, float, str]]:
        with self.lock:
            rows, self.rows = self.rows, []
        return rows


def summarise(rows: list[tuple[str, float, str]], seconds: float) -> dict:
    kiosk = [r for r in rows if not r[0].startswith("phone")]
    by_label: dict[str, list[float]] = defaultdict(list)
    for label, ms, _ in rows:
        by_label[label].append(ms)
    errors = defaultdict(int)
    for label, _, outcome in rows:
        if outcome != "ok":
            errors[f"{label}: {outcome}"] += 1
    return {
        "requests": len(rows),
        "throughput_rps": round(len(rows) / seconds, 1),
        "kiosk_calls": describe([r[1] for r in kiosk]),
        "errors": dict(errors),
        "by_call": {label: describe(ms) for label, ms in sorted(by_label.items())},
    }


def phase(recorder: Recorder, speed: list[float], factor: float, warm_s: float,
          seconds: float) -> dict:
    speed[0] = factor
    time.sleep(warm_s)  # the load reaches its new level before it is measured
    recorder.take()
    started = time.perf_counter()
    time.sleep(seconds)
    result = summarise(recorder.take(), time.perf_counter() - started)
    result["speed"] = factor
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kiosks", type=int, default=200)
    p.add_argument("--seconds", type=float, default=40.0, help="measured time at 1x")
    p.add_argument("--ramp", action="store_true", help="then speed up until p95 > 100 ms")
    p.add_argument("--step-seconds", type=float, default=15.0)
    p.add_argument("--patients", type=int, default=1000)
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="gateway-load-"))
    tokens = [secrets.token_hex(16) for _ in range(args.kiosks)]
    token_file(folder / "kiosks.tokens", "\n".join(tokens))
    gateway = GatewayProcess(
        folder / "gateway.db", token=tokens[0], entry="gateway",
        extra_args=("--device-token-file", str(folder / "kiosks.tokens"),
                    "--patients", str(args.patients), "--start-time", MORNING,
                    "--log-level", "warning"),
    )
    stop = threading.Event()
    speed = [1.0]
    recorder = Recorder()
    results = []
    try:
        cards = [p["health_card_id"] for p in gateway.demo_patients(args.patients)
                 if p["status"] == "active"]
        kiosks = [Kiosk(gateway.url, t, cards, args.seed * 1000 + i, speed, stop, recorder)
                  for i, t in enumerate(tokens)]
        threads = [threading.Thread(target=k.run, daemon=True) for k in kiosks]
        for t in threads:
            t.start()
        results.append(phase(recorder, speed, 1.0, 30.0, args.seconds))
        report(results[-1])
        factor = 1.5
        while args.ramp and factor <= 64:
            results.append(phase(recorder, speed, factor, 5.0, args.step_seconds))
            report(results[-1])
            if results[-1]["kiosk_calls"]["p95_ms"] > 100 or results[-1]["errors"]:
                break
            factor *= 1.5
    finally:
        stop.set()
        gateway.stop()
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    if args.json:
        args.json.write_text(json.dumps({"kiosks": args.kiosks, "date": datetime.now(UTC).isoformat(
            timespec="seconds"), "phases": results}, indent=2, ensure_ascii=False))
    return 0


def report(r: dict) -> None:
    c = r["kiosk_calls"]
    print(f"x{r['speed']:g}: {r['throughput_rps']} req/s, kiosk calls median {c['median_ms']} ms"
          f" p95 {c['p95_ms']} ms (n={c['n']}), errors {r['errors'] or 'none'}", flush=True)
    for label, d in r["by_call"].items():
        print(f"    {label:20} n={d['n']:5} median {d['median_ms']:7} p95 {d['p95_ms']:7}")


if __name__ == "__main__":
    raise SystemExit(main())
