from pathlib import Path

import pytest

from ceasefire.errors import CeasefireError
from ceasefire.settings import Settings

README = Path(__file__).parent.parent / "README.md"


@pytest.mark.parametrize("name,default,help", Settings.documentation())
def test_settings_each_setting_documented_in_readme(name, default, help):
    assert help.strip()
    assert f"`{name}`" in README.read_text(encoding="utf-8"), f"setting {name} is not in the README's settings table"


def test_settings_toml_then_overrides(tmp_path):
    config = tmp_path / "ceasefire.toml"
    config.write_text('db = "from-file.duckdb"\nbatch_size = 8\n', encoding="utf-8")
    settings = Settings.load(config, batch_size=16, workers=None)
    assert settings.db == "from-file.duckdb"
    assert settings.batch_size == 16
    assert settings.workers == 1


def test_settings_unknown_key_is_named(tmp_path):
    config = tmp_path / "ceasefire.toml"
    config.write_text("no_such_setting = 1\n", encoding="utf-8")
    with pytest.raises(CeasefireError, match="no_such_setting"):
        Settings.load(config)


def test_settings_missing_config_file_is_named(tmp_path):
    with pytest.raises(CeasefireError, match="config file not found"):
        Settings.load(tmp_path / "absent.toml")


def test_settings_are_hashable_for_per_process_model_caches():
    assert hash(Settings()) == hash(Settings())


@pytest.mark.parametrize("value, expected", [(["sy", "iq"], ("SY", "IQ")), ("SY, IQ", ("SY", "IQ")), ((), ())])
def test_settings_focus_countries_read_as_iso_codes(value, expected):
    settings = Settings().replace(focus_countries=value)
    assert settings.focus_countries == expected
    hash(settings)  # per-process model caches key on settings


def test_settings_focus_countries_bad_code_is_named():
    with pytest.raises(CeasefireError, match="Syria"):
        Settings().replace(focus_countries=["Syria"])
