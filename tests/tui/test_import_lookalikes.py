"""Issue 11 item 1 in the app: look-alikes are listed with both names, and the rep chooses per contact."""

from fieldcrm.model import Customer
from tests.tui.conftest import SIZE, table_rows


async def test_each_look_alike_can_be_added_merged_or_skipped(app, work, tmp_path):
    first, second = work.store.all(Customer)[:2]
    path = tmp_path / "phone.vcf"
    path.write_text("".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL:{phone}\r\nEMAIL:{email}\r\nEND:VCARD\r\n"
        for name, phone, email in (("Family Phone", first.phones[0], "family@example.com"),
                                   ("Front Desk", second.phones[0], "desk@example.com"))))
    before = work.store.count(Customer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        app.screen.query_one("#path").value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert "2 look like customers you have" in str(app.screen.query_one("#preview").render())
        table = app.screen.query_one("#lookalikes")
        assert [row[:2] + row[3:] for row in table_rows(table)] == [
            ["Family Phone", first.name, "skip"], ["Front Desk", second.name, "skip"]]
        await pilot.press("tab")  # from the path into the look-alikes
        await pilot.pause()
        assert app.screen.focused is table
        await pilot.press("a", "down", "m")
        await pilot.pause()
        assert [row[3] for row in table_rows(table)] == ["add anyway", "merge"]
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        toasts = " ".join(str(t.render()) for t in app.screen.query("Toast"))
        assert "Added 1 customer" in toasts and "1 look-alike merged" in toasts
    assert work.store.count(Customer) == before + 1
    assert "Family Phone" in {c.name for c in work.store.all(Customer)}
    merged = work.store.get(Customer, second.id)
    assert merged.name == second.name and merged.email == (second.email or "desk@example.com")
