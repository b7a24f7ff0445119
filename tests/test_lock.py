"""The locks in requirements/ agree with pyproject.toml and with what is installed.

Fails when a dependency was added or re-bounded in pyproject.toml without ``make lock``,
when a lock line lost its hashes, or when the test environment drifted from the lock.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(lock: str) -> dict[str, str]:
    found: dict[str, str] = {}
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = PIN.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{lock}: {match.group(1)} has no hash"
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(r) for r in listed]


@pytest.mark.parametrize("lock,extras", [("runtime.txt", [None]), ("dev.txt", [None, "dev"])])
def test_every_declared_dependency_is_pinned_within_its_bounds(lock, extras):
    locked = pins(lock)
    for extra in extras:
        for requirement in declared(extra):
            if requirement.marker and not requirement.marker.evaluate():
                continue
            name = canonicalize_name(requirement.name)
            assert name in locked, f"{name} is not in requirements/{lock}: run make lock"
            assert requirement.specifier.contains(locked[name], prereleases=True), (
                f"{name}=={locked[name]} in {lock} is outside {requirement.specifier}: run make lock"
            )


def test_runtime_and_dev_locks_agree():
    runtime, dev = pins("runtime.txt"), pins("dev.txt")
    assert {n: v for n, v in runtime.items() if dev.get(n) != v} == {}


def test_the_environment_is_the_locked_one():
    locked = pins("dev.txt")
    drifted = {}
    for name, version in locked.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            drifted[name] = (version, None)
            continue
        if installed != version:
            drifted[name] = (version, installed)
    assert not drifted, f"installed differs from requirements/dev.txt (make venv): {drifted}"
