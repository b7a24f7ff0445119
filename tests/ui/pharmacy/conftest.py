"""Every workstation window a test builds is closed when the test ends, as the staff closing
it would: its parts (print queue, pump, scanners) stop with it."""

from __future__ import annotations

import pytest

from tests.ui.pharmacy.desk import OPEN


@pytest.fixture(autouse=True)
def _close_desks():
    yield
    while OPEN:
        OPEN.pop().close()
