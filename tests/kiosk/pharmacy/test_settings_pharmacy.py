"""The [pharmacy] settings table: defaults, bounds, unknown keys refused."""

from __future__ import annotations

import pytest

from kiosk.errors import ConfigError
from kiosk.settings import Role, load_settings, parse_settings
from kiosk.settings_pharmacy import PharmacySettings
from tests.kiosk.test_settings import ROOT


def test_defaults_mask_names_and_lock_after_five_minutes():
    settings = PharmacySettings()
    assert settings.show_full_name is False
    assert settings.auto_lock_s == 300 and settings.label_printer == "slip"


def test_shipped_counter_example_runs_the_counter_role():
    settings = load_settings(ROOT / "config" / "pharmacy-counter.toml")
    assert settings.kiosk.role is Role.PHARMACY_COUNTER
    assert settings.pharmacy.window == "3"


@pytest.mark.parametrize(
    "table",
    [{"auto_lock_s": 5}, {"label_printer": "laser"}, {"window": "3 "}, {"passwrd": "x"}],
)
def test_bad_pharmacy_settings_are_named(table):
    with pytest.raises(ConfigError) as info:
        parse_settings({"pharmacy": table})
    assert "pharmacy." in info.value.message.en
