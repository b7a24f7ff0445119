"""In-process checks (TestClient): properties over many inputs and a controllable clock."""

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.app import create_app
from gateway.core.settings import Settings

TOKEN = "in-process-token"
FUZZ_KINDS = {"malformed_code", "unknown_code", "invalid_request", "not_registered"}


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def clock():
    return Clock()


@pytest.fixture(scope="module")
def app(tmp_path_factory, clock):
    path = tmp_path_factory.mktemp("inprocess") / "gw.sqlite"
    return create_app(Settings(db_path=path, device_tokens=(TOKEN,), code_lifetime=30,
                                       demo=True, identify_limit=1_000_000), clock)


@pytest.fixture
def client(app):
    # One client per test: leaving its context stops the event loop and its worker threads.
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


@pytest.fixture
def card(client):
    return client.get("/demo/v1/patients", params={"limit": 1}).json()["patients"][0][
        "health_card_id"
    ]


def _identify(client, text):
    return client.post("/api/v1/identify", json={"text": text, "source": "manual"})


_texts = st.one_of(
    st.text(min_size=1, max_size=600),
    st.from_regex(r"[0-9A-Fa-f]{60,66}:[0-2](:[0-9A-F]{30,33})?(::[0-9A-Z]{0,12})?", fullmatch=True),
    st.from_regex(r"[0-9]{9,19}[0-9Xx]?", fullmatch=True),
    st.from_regex(r"NHSA[0-9A-Fa-f]{30,34}", fullmatch=True),
)


# The client fixture is function-scoped but stateless between examples.
_ONE_CLIENT = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=300, deadline=None, suppress_health_check=_ONE_CLIENT)
@given(text=_texts)
def test_garbage_never_breaks_the_gateway(client, text):
    response = _identify(client, text)
    assert response.status_code < 500
    if response.status_code != 200:
        error = response.json()["error"]
        assert error["code"] in FUZZ_KINDS
        if len(text.strip()) > 3:
            assert text.strip() not in response.text


@settings(max_examples=50, deadline=None, suppress_health_check=_ONE_CLIENT)
@given(body=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["text", "source", "terminal_id", "x"]), children,
                      max_size=4),
    max_leaves=8,
))
def test_any_json_body_gets_a_typed_answer(client, body):
    response = client.post("/api/v1/identify", json=body)
    assert response.status_code in (200, 400, 404, 422)
    if response.status_code != 200:
        assert set(response.json()["error"]) == {"code", "message", "message_zh"}


def test_dynamic_code_lives_exactly_its_lifetime(client, clock, card):
    text = client.post(f"/demo/v1/cards/{card}/codes", json={"kind": "dynamic"}).json()["text"]
    clock.now += 29.9
    assert _identify(client, text).status_code == 200
    clock.now += 0.1
    response = _identify(client, text)
    assert (response.status_code, response.json()["error"]["code"]) == (410, "expired_code")


def test_static_code_does_not_expire(client, clock, card):
    text = client.post(f"/demo/v1/cards/{card}/codes", json={"kind": "static"}).json()
    assert text["expires_at"] is None
    clock.now += 86_400
    assert _identify(client, text["text"]).status_code == 200


def test_identify_log_holds_no_scan_text(client, card):
    code = client.post(f"/demo/v1/cards/{card}/codes", json={}).json()["text"]
    _identify(client, code)
    db = client.app.state.gateway.db
    with db.transaction() as conn:
        rows = [tuple(r) for r in conn.execute("SELECT * FROM identify_log")]
    assert rows
    assert not any(card in str(value) for row in rows for value in row)
    with db.transaction() as conn:
        stored = [r[0] for r in conn.execute("SELECT token_sha256 FROM devices")]
    assert TOKEN not in stored and len(stored[0]) == 64


@pytest.mark.parametrize("path", ["/demo/v1/cards/XYZ/codes", "/demo/v1/cards/" + "0" * 64 + "/codes"])
def test_demo_code_for_unknown_card(client, path):
    response = client.post(path, json={"kind": "dynamic"})
    assert response.status_code in (404, 422)
    assert response.json()["error"]["code"] in ("unknown_code", "invalid_request")
