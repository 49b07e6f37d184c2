"""The Settings screen writes the config file; a bad value is named and nothing is saved."""

import tomllib

from textual.widgets import DataTable

from fieldcrm.config import load_settings
from tests.tui.conftest import SIZE


async def test_settings_are_saved_and_take_effect(app, work, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("FIELDCRM_CONFIG", str(config))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        app.screen.query_one("#s-agenda-size").value = "5"
        app.screen.query_one("#s-cadence-A").value = "10"
        app.screen.query_one("#s-app-theme").value = "nord"
        app.screen.query_one("#s-after_sale-amount").value = "¥3,500"  # as a rep types an amount
        app.screen.query_one("#card-name").value = "Wu Lei 吴磊"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.theme == "nord"
        await pilot.press("t")
        await pilot.pause()
        assert "5 on the list" in str(app.screen.query_one("#heading").render())
        assert app.screen.query_one(DataTable).row_count >= 5
    saved = tomllib.loads(config.read_text())
    assert saved["agenda"]["size"] == 5 and saved["cadence"]["A"] == 10 and saved["app"]["theme"] == "nord"
    assert saved["after_sale"]["amount"] == 3500 and work.settings.after_sale_amount == 3500
    assert load_settings(config) == (work.settings, [])
    assert work.store.rep.name == "Wu Lei 吴磊"


async def test_a_value_that_does_not_fit_is_named_and_nothing_is_saved(app, work, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("FIELDCRM_CONFIG", str(config))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        app.screen.query_one("#s-agenda-size").value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        problem = str(app.screen.query_one("#s-agenda-size-problem").render())
        assert "agenda.size must be a whole number from 1 to 100 (got 'lots')" in problem
        assert "Nothing was saved." in problem
    assert not config.exists() and work.settings.agenda_size == 8


async def test_keys_can_be_changed_in_the_config(work):
    import dataclasses

    from fieldcrm.tui.app import FieldCRM

    work.settings = dataclasses.replace(work.settings, keys={"reports": "f6,z"})
    app = FieldCRM(work=work)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("z")
        await pilot.pause()
        assert app.current_mode == "reports"
