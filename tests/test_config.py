"""The settings file: a bad key names itself and falls back alone."""

from fieldcrm.config import load_settings
from fieldcrm.rules.settings import Settings


def test_no_file_means_the_defaults(tmp_path):
    assert load_settings(tmp_path / "none.toml") == (Settings(), [])


def test_good_keys_are_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[cadence]\nA = 10\n[agenda]\nsize = 5\n[after_sale]\namount = 1500\n[money]\ncurrency = "€"\n')
    settings, warnings = load_settings(path)
    assert warnings == []
    assert settings.cadence_days == {"A": 10, "B": 30, "C": 90}
    assert (settings.agenda_size, settings.after_sale_amount, settings.currency) == (5, 1500.0, "€")


def test_a_bad_value_names_the_key_and_only_that_key_falls_back(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[cadence]\nA = "often"\nB = 21\n[agenda]\nsize = 0\n')
    settings, warnings = load_settings(path)
    assert settings.cadence_days == {"A": 14, "B": 21, "C": 90}
    assert settings.agenda_size == 8
    assert warnings == [
        f"{path}: cadence.A must be a whole number from 1 to 730 (got 'often'); using 14.",
        f"{path}: agenda.size must be a whole number from 1 to 100 (got 0); using 8.",
    ]


def test_unknown_keys_and_broken_files_are_reported(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[agenda]\nsise = 3\n")
    assert load_settings(path)[1] == [f"{path}: unknown setting 'agenda.sise' was ignored."]
    path.write_text("[agenda\nsize = 3\n")
    settings, warnings = load_settings(path)
    assert settings == Settings() and len(warnings) == 1
    assert "is not valid TOML" in warnings[0] and "using the default settings" in warnings[0]


def test_theme_and_keys_round_trip_through_the_file(tmp_path):
    import dataclasses

    from fieldcrm.config import save_settings

    settings = dataclasses.replace(Settings(), theme="nord", keys={"reports": "f6,z"}, currency='"€\\')
    path = save_settings(settings, tmp_path / "sub" / "config.toml")
    assert load_settings(path) == (settings, [])


def test_a_key_for_an_unknown_screen_is_named(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nsalsa = "f9"\n')
    assert load_settings(path)[1] == [f"{path}: unknown setting 'keys.salsa' was ignored."]


def test_keys_the_app_relies_on_cannot_be_taken(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\ntoday = "q"\ncustomers = "ctrl+q,f2"\nreferrals = "f3,\\u001b"\n'
                    'complaints = "F4,K"\nsync = "f4,u"\n')
    settings, warnings = load_settings(path)
    assert settings.keys == {"complaints": "f4,k"}
    assert [w.split(": ")[1].split(" ")[0] for w in warnings] == ["keys.today", "keys.customers",
                                                                 "keys.referrals", "keys.sync"]
    assert "already set for another screen" in warnings[-1]
    assert all("not a key the app already uses" in w for w in warnings[:3])


def test_saving_the_settings_keeps_the_offices_database(tmp_path):
    from fieldcrm.config import configured_office_master, load_settings, save_settings

    path = tmp_path / "config.toml"
    path.write_text('[cadence]\nA = 10\n[office]\nmaster = "postgresql://office@db/fieldcrm"\n', encoding="utf-8")
    settings, warnings = load_settings(path)
    assert warnings == [] and settings.cadence_days["A"] == 10
    save_settings(settings, path)
    assert configured_office_master(path) == "postgresql://office@db/fieldcrm"
    assert load_settings(path) == (settings, [])
