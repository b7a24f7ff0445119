"""The Tencent open-platform client against a fake platform speaking its protocol."""

import os
from pathlib import Path

import pytest

from gateway.core.errors import GatewayError
from gateway.platform import factory, secrets
from gateway.platform.config import PlatformConfigError, TencentConfig, load
from gateway.platform.interface import CodeUse, Identity, UsageReport
from gateway.platform.tencent import TencentPlatform
from gateway.platform.tencent_protocol import envelope, signature
from testbed.addresses import JUST_ABOVE
from tests.fixtures.fake_health_platform import FakePlatform, documented_sign

CARD = "A" * 64
NOW = 1_800_000_000.0


@pytest.fixture
def fake():
    platform = FakePlatform()
    platform.url = platform.start()
    platform.cards[f"{CARD}:1"] = {
        "name": "张三", "gender": "男", "birthday": "1980-01-02", "idNumber": "110101198001020014",
        "idType": "01", "phone1": "13912345678", "healthCardId": CARD, "phid": "PH1",
    }
    yield platform
    platform.stop()


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


def client(fake, clock=None, secret=None, **extra) -> TencentPlatform:
    config = TencentConfig(kind="tencent", url=fake.url, app_id=fake.app_id, hospital_id="H1",
                           secret_file=Path("/unused"), **extra)
    return TencentPlatform(config, secret or fake.secret, clock or Clock())


def test_the_signature_follows_the_documented_rule():
    common = {"appToken": "t", "requestId": "R1", "hospitalId": "H", "timestamp": "1",
              "channelNum": "0200"}
    req = {"qrCodeText": "X:1", "empty": "", "none": None, "list": [1, 2]}
    assert signature(common, req, "k") == documented_sign(common, req, "k")
    # By hand: sorted k=v of the non-empty fields, the secret appended, SHA-256, Base64.
    import base64
    import hashlib
    text = "appToken=t&channelNum=0200&hospitalId=H&list=[1,2]&qrCodeText=X:1&requestId=R1&timestamp=1k"
    assert signature(common, req, "k") == base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    assert envelope(common, req, "k")["commonIn"]["sign"] == signature(common, req, "k")


def test_a_static_code_resolves_and_the_token_is_cached(fake):
    platform = client(fake)
    card = platform.resolve(f"{CARD}:1", CARD, None, CodeUse("T1"), NOW)
    assert card.health_card_id == CARD and card.identity.gender == "M"
    assert card.identity.phone == "13912345678"
    platform.resolve(f"{CARD}:1", CARD, None, CodeUse("T1"), NOW)
    assert fake.calls.count("getAppToken") == 1
    assert "张三" not in repr(card) and fake.secret not in repr(platform)


def test_the_token_is_renewed_before_it_expires_and_when_refused(fake):
    clock = Clock()
    platform = client(fake, clock)
    platform.resolve(f"{CARD}:1", CARD, None, CodeUse("T1"), NOW)
    clock.now += fake.token_lifetime - 200  # inside the renewal margin
    platform.resolve(f"{CARD}:1", CARD, None, CodeUse("T1"), NOW)
    assert fake.calls.count("getAppToken") == 2
    fake.expire_tokens()  # the platform forgot it early: renewed once, the call sent again
    platform.resolve(f"{CARD}:1", CARD, None, CodeUse("T1"), NOW)
    assert fake.calls.count("getAppToken") == 3


def test_a_dynamic_code_is_verified_at_its_point_of_use(fake):
    text = f"{CARD}:0:" + "B" * 32
    fake.cards[text] = fake.cards[f"{CARD}:1"]
    card = client(fake).resolve(text, CARD, "B" * 32, CodeUse("T1"), NOW)
    assert card.identity.id_number == "110101198001020014"
    assert fake.calls[-1] == "verifyQRCode"


@pytest.mark.parametrize(
    ("text", "token", "code"),
    [
        ("F" * 64 + ":1", None, "unknown_code"),
        ("F" * 64 + ":0:EXPIRED", "E", "expired_code"),
        ("F" * 64 + ":0:" + "C" * 32, "C" * 32, "malformed_code"),
    ],
)
def test_refusals_become_the_api_s_own_kinds(fake, text, token, code):
    with pytest.raises(GatewayError) as refused:
        client(fake).resolve(text, "F" * 64, token, CodeUse("T1"), NOW)
    assert refused.value.kind.code == code


def test_a_cancelled_card_is_refused(fake):
    fake.cards[f"{CARD}:1"]["cancelled"] = True
    with pytest.raises(GatewayError) as refused:
        client(fake).resolve(f"{CARD}:1", CARD, None, CodeUse("T1"), NOW)
    assert refused.value.kind.code == "card_cancelled"


def test_a_wrong_secret_is_refused_by_the_platform(fake):
    with pytest.raises(GatewayError) as refused:
        client(fake, secret="wrong").resolve(f"{CARD}:1", CARD, None, CodeUse("T1"), NOW)
    assert refused.value.kind.code == "platform_refused"


def test_a_platform_that_does_not_answer_is_unavailable():
    gone = FakePlatform()
    gone.url = gone.start()
    gone.stop()  # nothing listens on its port any more
    with pytest.raises(GatewayError) as refused:
        client(gone, timeout_s=1).resolve(f"{CARD}:1", CARD, None, CodeUse("T1"), NOW)
    assert refused.value.kind.code == "platform_unavailable"


def test_register_bind_and_report(fake):
    platform = client(fake)
    who = Identity(name="李四", gender="F", birth_date="1990-03-04", id_type="01",
                   id_number="110101199003040028", nation="01", phone="13800001111")
    card = platform.register(who, None, NOW)
    assert card.code_text in fake.cards
    platform.bind(card, "P00099999")
    assert fake.bindings[card.code_text] == "P00099999"
    platform.report_usage(UsageReport(card.health_card_id, "0101012", "0200", "0100",
                                      at="2027-01-15 08:00:00"))
    assert fake.reports[0]["cardChannel"] == "0200"


def test_configuration_and_secrets(tmp_path, fake):
    secret = tmp_path / "secret"
    secret.write_text(fake.secret)
    os.chmod(secret, 0o644)
    with pytest.raises(secrets.SecretError, match="chmod 600"):
        secrets.from_file(secret)
    os.chmod(secret, 0o600)
    config = tmp_path / "platform.toml"
    config.write_text(f'kind = "tencent"\nurl = "{fake.url}"\napp_id = "{fake.app_id}"\n'
                      f'hospital_id = "H1"\nsecret_file = "{secret}"\n')
    platform = factory.build(config, db=None, clock=Clock())
    assert platform.resolve(f"{CARD}:1", CARD, None, CodeUse("T"), NOW).health_card_id == CARD
    # Plain http off this machine is refused (validated only: nothing is connected to).
    config.write_text(f'kind = "tencent"\nurl = "http://{JUST_ABOVE}"\napp_id = "a"\nhospital_id = "h"\n'
                      'secret_file = "/x"\n')
    with pytest.raises(PlatformConfigError, match="url"):
        load(config)
