"""The app starts on a book and quits with q."""

from fieldcrm.tui.app import FieldCRM


async def test_the_app_opens_on_the_book_and_quits_with_q(store):
    app = FieldCRM(store)
    async with app.run_test(size=(100, 30)) as pilot:
        summary = app.query_one("#summary")
        assert "40 customers" in str(summary.render())
        await pilot.press("q")
    assert app.return_code == 0
