import pytest

from gateway.demo_data import DemoPerson, generate


@pytest.fixture(scope="session")
def demo_people() -> list[DemoPerson]:
    """The population the default gateway seeds (seed 2026, 240 patients)."""
    return generate(2026, 240)
