"""The service flows' journeys: real windows against a real reference gateway. ``gateway``
is a private one per test module (its data changes as the module's journeys run)."""

from __future__ import annotations

import pytest

from tests.ui.services.faulty import faulty_kiosk  # noqa: F401 - the money journeys' fixture
from tests.ui.services.patient_services import private_gateway


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    yield from private_gateway(tmp_path_factory)
