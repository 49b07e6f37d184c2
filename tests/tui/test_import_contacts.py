"""F8, import contacts: the adding belongs to the app, whatever happens to its dialog."""

import asyncio
from types import SimpleNamespace

from fieldcrm.tui.screens import import_contacts
from fieldcrm.model import Customer
from fieldcrm.tui.screens.import_contacts import ImportContacts
from fieldcrm.tui.widgets.rowlist import RowList
from tests.tui.conftest import SIZE, list_rows, type_text

CONTACTS = 1500


def write_cards(path, count: int) -> None:
    path.write_text("".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported Person {n:04}\r\n"
                            f"TEL:+44 7700 {n:06}\r\nEND:VCARD\r\n" for n in range(count)))


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def start_import(app, pilot, path, then: str = "") -> None:
    await pilot.press("f8")
    await pilot.pause()
    await type_text(pilot, str(path))
    await pilot.press("enter")
    await pilot.pause()
    assert f"enter: add the {CONTACTS} new customers" in str(app.screen.query_one("#preview").render())
    await pilot.press("enter", *([then] if then else []))


async def test_escape_while_adding_closes_the_dialog_and_the_customers_still_arrive(
        app, work, tmp_path, monkeypatch):
    cards = tmp_path / "phone.vcf"
    write_cards(cards, CONTACTS)
    before = work.store.count(Customer)
    # The adding waits after its first batch until the test has pressed escape: mid-way, every time.
    gate = asyncio.Event()
    monkeypatch.setattr(import_contacts, "asyncio", SimpleNamespace(sleep=lambda _: gate.wait()))
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        try:  # a guard, not a wait: a dialog whose own handler does the adding takes no more keys
            await asyncio.wait_for(start_import(app, pilot, cards, then="escape"), timeout=20)
            await pilot.pause()
            assert work.store.count(Customer) - before == getattr(import_contacts, "BATCH", 25)  # mid-way
            assert not isinstance(app.screen, ImportContacts)
        finally:
            gate.set()
        assert any("Still adding the contacts" in t for t in toasts(app))

        await app.workers.wait_for_complete()
        await pilot.pause()
        assert work.store.count(Customer) - before == CONTACTS
        assert any(f"Added {CONTACTS} customers." in t for t in toasts(app)), toasts(app)
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "Imported Person 1499")
        await pilot.pause()
        names = [row[0] for row in list_rows(app.screen.query_one(RowList))]
        assert any("Imported Person 1499" in name for name in names), names[:5]


async def test_left_open_the_dialog_closes_itself_when_done(app, work, tmp_path):
    cards = tmp_path / "phone.vcf"
    write_cards(cards, CONTACTS)
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await start_import(app, pilot, cards)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ImportContacts)
        assert any(f"Added {CONTACTS} customers." in t for t in toasts(app))
        assert not any("Still adding" in t for t in toasts(app))


async def test_the_preview_counts_and_names_a_contact_saving_would_refuse_and_adds_the_others(app, work, tmp_path):
    cards = tmp_path / "huge-line.vcf"
    cards.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + "B" * 3_000_000 + "\r\nEND:VCARD\r\n"
                     "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Valid Vera\r\nTEL:+44 7700 999111\r\nEND:VCARD\r\n")
    before = work.store.count(Customer)
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("f8")
        await pilot.pause()
        await type_text(pilot, str(cards))
        await pilot.press("enter")
        await pilot.pause()
        preview = str(app.screen.query_one("#preview").render())
        assert ("2 contacts: 1 new customer, 0 already in the book, 0 look like customers you have (held back), "
                "1 refused.") in preview, preview  # "1 new customers" in a new rep's trial
        assert "refused: card 1 (BBBB" in preview and "name is longer than 20000 characters" in preview
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert work.store.count(Customer) - before == 1
        assert any("Added 1 customer; 1 refused contact set aside (not added)." in t for t in toasts(app)), \
            toasts(app)


async def test_the_progress_bar_shows_only_while_adding(app, work, tmp_path, monkeypatch):
    """Before a file is chosen, after a refused path and on the preview there is nothing in
    progress: no bar (an empty one animates as if it were working)."""
    from tests.tui.seen import in_view
    cards = tmp_path / "phone.vcf"
    write_cards(cards, CONTACTS)
    gate = asyncio.Event()  # the adding waits after its first batch: the bar is seen mid-way
    monkeypatch.setattr(import_contacts, "asyncio", SimpleNamespace(sleep=lambda _: gate.wait()))
    async with app.run_test(size=SIZE) as pilot:
        await app.ready()
        await pilot.press("f8")
        await pilot.pause()
        bar = app.screen.query_one("#bar")
        assert not in_view(bar)
        await type_text(pilot, str(tmp_path / "multiple_entry.vc"))
        await pilot.press("enter")
        await pilot.pause()
        assert "is not a file" in str(app.screen.query_one("#preview").render()) and not in_view(bar)
        app.screen.query_one("#path").value = ""
        try:
            await start_import(app, pilot, cards)
            await pilot.pause()
            assert in_view(bar)
        finally:
            gate.set()
        await app.workers.wait_for_complete()
