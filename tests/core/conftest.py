"""Fixtures of the core's tests."""

from tests.core.outbox_fakes import clock, outbox  # noqa: F401 (fixtures)
