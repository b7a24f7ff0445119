import pytest

from gateway.demo.population import DemoPerson, generate


@pytest.fixture(scope="session")
def demo_people() -> list[DemoPerson]:
    """The population the default gateway seeds (seed 2026, 240 patients)."""
    return generate(2026, 240)


@pytest.fixture(scope="session")
def spec(tmp_path_factory) -> dict:
    """The OpenAPI document the reference gateway serves (built once for the contract tests)."""
    from gateway.app import create_app
    from gateway.core.settings import Settings

    path = tmp_path_factory.mktemp("spec") / "gw.sqlite"
    return create_app(Settings(db_path=path, device_tokens=("t",), demo=True)).openapi()
