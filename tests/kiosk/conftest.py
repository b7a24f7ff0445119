"""Fixtures of the core's tests."""

from tests.kiosk.outbox_fakes import clock, outbox  # noqa: F401 (fixtures)
