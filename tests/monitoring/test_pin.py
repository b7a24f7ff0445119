"""The maintenance PIN: scrypt hash in configuration, a gate that locks after wrong tries."""

from __future__ import annotations

import pytest

from kiosk.errors import ConfigError
from kiosk.pin import PinGate, Verdict, check_encoded, hash_pin, prompt_hash, verify_pin
from kiosk.settings import parse_settings

# Lowest allowed cost: the tests check the logic, not the cost.
FAST = {"n": 2**12, "r": 8, "p": 1}


def test_hash_verifies_its_pin_only_and_is_salted():
    encoded = hash_pin("246810", **FAST)
    assert verify_pin("246810", encoded)
    assert not verify_pin("246811", encoded)
    assert hash_pin("246810", **FAST) != encoded
    assert "246810" not in encoded


@pytest.mark.parametrize("pin", ["123", "abcd", "1234567890123", ""])
def test_a_pin_is_four_to_twelve_digits(pin):
    with pytest.raises(ValueError):
        hash_pin(pin, **FAST)


@pytest.mark.parametrize("encoded", [
    "plain-1234", "scrypt$16384$8$1$c2FsdA==", "scrypt$1000$8$1$c2FsdHNhbHQ=$AAAA",
    "scrypt$16384$8$1$!!!$AAAA", "pbkdf2$16384$8$1$c2FsdHNhbHQ=$AAAA",
])
def test_malformed_or_weak_hashes_are_refused(encoded):
    with pytest.raises(ValueError):
        check_encoded(encoded)


def test_configuration_refuses_a_bad_hash_and_names_the_key():
    with pytest.raises(ConfigError) as caught:
        parse_settings({"maintenance": {"pin_hash": "1234"}})
    assert "maintenance.pin_hash" in caught.value.message.en
    ok = parse_settings({"maintenance": {"pin_hash": hash_pin("1234", **FAST)}})
    assert ok.maintenance.pin_hash.startswith("scrypt$")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_pins_lock_the_gate_for_doubling_times():
    clock = Clock()
    gate = PinGate(hash_pin("1357", **FAST), max_attempts=3, lockout_s=60, clock=clock)
    assert gate.attempt("0000").attempts_left == 2
    assert gate.attempt("0000").verdict is Verdict.WRONG
    third = gate.attempt("0000")
    assert (third.verdict, third.locked_for_s) == (Verdict.LOCKED, 60)
    # Locked: even the right PIN is not checked.
    assert gate.attempt("1357").verdict is Verdict.LOCKED
    clock.now += 60
    for _ in range(3):
        last = gate.attempt("9999")
    assert (last.verdict, last.locked_for_s) == (Verdict.LOCKED, 120)
    clock.now += 120
    assert gate.attempt("1357").verdict is Verdict.ACCEPTED
    # Success forgets the history: the next lockout is the first again.
    for _ in range(3):
        last = gate.attempt("9999")
    assert last.locked_for_s == 60


def test_prompt_asks_twice_and_refuses_a_mismatch():
    answers = iter(["4321", "4321"])
    assert verify_pin("4321", prompt_hash(lambda _prompt: next(answers)))
    answers = iter(["4321", "4322"])
    with pytest.raises(ValueError, match="differ"):
        prompt_hash(lambda _prompt: next(answers))


def test_metrics_on_every_interface_are_warned_about():
    from kiosk.settings_check import warnings

    assert warnings(parse_settings({"metrics": {"enabled": True}})) == []
    every, no_token = warnings(parse_settings({"metrics": {"enabled": True, "address": "0.0.0.0"}}))
    assert "every interface" in every and "token_file" in no_token
