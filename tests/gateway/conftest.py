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


# An in-process demo gateway of the module's own (its tests change its data) on the moment
# the patient-service helpers pin, and a client per test: leaving a client's context stops
# its event loop and worker threads. A module that needs other settings defines its own.
@pytest.fixture(scope="module")
def app(tmp_path_factory, request):
    from tests.gateway.service_client import Clock, make_app

    name = request.module.__name__.rsplit(".", 1)[-1]
    return make_app(tmp_path_factory.mktemp(name) / "gw.sqlite", Clock())


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    from tests.gateway.service_client import TOKEN

    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def private_gateway(tmp_path_factory, request):
    """A real-socket gateway of the module's own, for tests that change money and records
    (settle bills, steer the emulated payment provider) others may count on."""
    from testbed.gateway_process import GatewayProcess

    name = request.module.__name__.rsplit(".", 1)[-1]
    server = GatewayProcess(tmp_path_factory.mktemp(name) / "gw.sqlite")
    yield server
    server.stop()
