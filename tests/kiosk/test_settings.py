from pathlib import Path

import pytest

from kiosk.errors import ConfigError
from kiosk.settings import CONFIG_ENV, Settings, config_path, load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_configs_are_valid():
    for path in sorted((ROOT / "config").glob("*.toml")):
        assert isinstance(load_settings(path), Settings), path


def test_defaults_fill_missing_sections():
    settings = parse_settings({})
    assert settings.session.idle_timeout_s == 90
    assert settings.kiosk.language == "zh"


def test_unknown_key_is_rejected_with_its_name():
    with pytest.raises(ConfigError) as info:
        parse_settings({"gateway": {"tiemout_s": 3}})
    assert "gateway.tiemout_s: unknown key" in info.value.message.en


def test_out_of_bounds_value_names_the_key():
    with pytest.raises(ConfigError) as info:
        parse_settings({"session": {"idle_timeout_s": 5}})
    assert "session.idle_timeout_s" in info.value.message.en


def test_warning_must_fit_inside_timeout():
    with pytest.raises(ConfigError) as info:
        parse_settings({"session": {"idle_timeout_s": 30, "warning_s": 40}})
    assert "warning_s" in info.value.message.en


def test_wrong_type_is_rejected():
    with pytest.raises(ConfigError):
        parse_settings({"wedge": {"min_length": "six"}})


def test_bad_code_pattern_is_rejected():
    with pytest.raises(ConfigError) as info:
        parse_settings({"codes": {"visit_card": "^(unclosed"}})
    assert "visit_card" in info.value.message.en


def test_config_chosen_by_flag_then_env_then_default(tmp_path):
    flag = tmp_path / "a.toml"
    env = {CONFIG_ENV: str(tmp_path / "b.toml")}
    assert config_path(flag, env) == flag
    assert config_path(None, env) == tmp_path / "b.toml"
    assert config_path(None, {}).name == "default.toml"


def test_missing_file_and_bad_toml_are_clear(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "nope.toml")
    assert "not found" in info.value.message.en
    bad = tmp_path / "bad.toml"
    bad.write_text("[kiosk\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(bad)
    assert "not valid TOML" in info.value.message.en


def test_no_secret_keys_in_schema():
    # The device token must come from the keyring; the schema has no place for it.
    fields = Settings.model_json_schema()["$defs"]["GatewaySection"]["properties"]
    assert not any("token" in name or "password" in name for name in fields)


def test_schema_description_lists_every_key():
    from kiosk.settings import describe

    text = "\n".join(describe())
    assert "session.idle_timeout_s (int) = 90 ge=15 le=900" in text
    assert "[codes]" in text and "Seconds without a touch" in text
