"""The Sync screen: settle a conflict with one key; export and import from the app."""

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable

from fieldcrm.clock import FrozenClock
from fieldcrm.model import Customer, Interaction, Rep
from fieldcrm.store import Store
from fieldcrm.tui.app import FieldCRM
from fieldcrm.workbook import Workbook
from tests.tui.seen import toasts
from tests.sync.helpers import Site, export_day, import_into, merge_files
from tests.tui.conftest import SIZE, table_rows, type_text


def _conflicted_book(tmp_path):
    """Ann's book where Bob and Ann changed one customer's e-mail without seeing each other."""
    office, ann, bob = Site(tmp_path / "office"), Site(tmp_path / "ann"), Site(tmp_path / "bob")
    for site, name in ((ann, "Ann"), (bob, "Bob")):
        with site.open() as book:
            book.set_rep(Rep(name=name))
    with office.open() as master:
        li = master.add(Customer(name="李伟", email="old@li.cn"))
    start = merge_files(office, [], tmp_path / "start.fieldsync")
    import_into(ann, [start])
    import_into(bob, [start])
    for hours, site, email in ((1, ann, "ann@li.cn"), (2, bob, "bob@li.cn")):  # Bob's is later: it wins
        site.clock.advance(hours=hours)
        with site.open() as book:
            book.update(Customer, li.id, email=email)
    office.clock.advance(hours=3)  # the office merges in the evening, after the reps' work
    merged = merge_files(office, [export_day(ann, tmp_path / "a.fieldsync"), export_day(bob, tmp_path / "b.fieldsync")],
                         tmp_path / "merged.fieldsync")
    ann.clock.advance(hours=12)  # Ann imports the next morning (Bob's later change is not from her future)
    import_into(ann, [merged])
    return ann, li


async def test_a_conflict_is_shown_side_by_side_and_settled_with_one_key(tmp_path):
    ann, li = _conflicted_book(tmp_path)
    store = Store.open(ann.folder, clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("y")
            rows = table_rows(app.screen.query_one(DataTable))
            # Bob's name came with the office's file; Ann is this book's rep.
            assert rows == [["李伟", "email", "bob@li.cn", "Bob, 2026-11-23 10:00", "ann@li.cn",
                             "Ann, 2026-11-23 09:00"]]
            assert str(app.screen.query_one("#detail").render()).splitlines() == [
                "李伟 · email", "1 kept:  bob@li.cn  (Bob, 2026-11-23 10:00)",
                "2 other: ann@li.cn  (Ann, 2026-11-23 09:00)"]
            await pilot.press("2")  # keep the other one: Ann's own
            await pilot.pause()
            assert table_rows(app.screen.query_one(DataTable)) == []
        assert store.get(Customer, li.id).email == "ann@li.cn" and store.conflicts() == []
    finally:
        store.close()


async def test_export_and_import_from_the_app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    other = Site(tmp_path / "other")
    with other.open() as book:
        tom = book.add(Customer(name="Tom Baker"))
        book.add(Interaction(customer_id=tom.id, note="met at the fair"))
    incoming = export_day(other, tmp_path / "incoming.fieldsync")
    store = Store.open(tmp_path / "mine", clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc))
    try:
        store.add(Customer(name="Mine"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("y", "e")
            await pilot.pause()
            written = list((Path.home() / "fieldcrm-sync").glob("*-2026-11-24-1.fieldsync"))
            assert len(written) == 1 and not list(tmp_path.glob("*-2026-11-24-*.fieldsync"))  # not where it started
            assert any(f"Wrote {written[0]} (" in toast for toast in toasts(app))  # the full path, to find it
            await pilot.press("i")
            await pilot.pause()
            asked = [str(label.render()) for label in app.screen.query("Label")]
            assert "Import which files? (paths, space between; quote a path with spaces)" in asked, asked  # a question, not "file(s)"
            await type_text(pilot, str(incoming))
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "2 new records" in str(app.screen.query_one("#summary").render())
            await pilot.press("escape")
        assert store.count(Customer) == 2 and app.work.name_of(tom.id) == "Tom Baker"
    finally:
        store.close()


async def test_a_pipe_typed_as_the_file_to_import_is_refused_in_the_dialog(tmp_path):
    import os
    fifo = tmp_path / "pipe.fieldsync"
    os.mkfifo(fifo)
    store = Store.open(tmp_path / "mine", clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("y", "i")
            await type_text(pilot, str(fifo))
            await pilot.press("enter")
            await pilot.pause()
            problem = str(app.screen.query_one("#problem").render())
            assert "not a regular file" in problem  # before: the import blocked on the pipe for ever
            assert app.focused is app.screen.query_one("#answer")
    finally:
        store.close()


async def test_export_from_the_app_never_writes_into_the_book_it_was_started_in(tmp_path, monkeypatch):
    book = tmp_path / "mine"
    store = Store.open(book, clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc))
    try:
        store.add(Customer(name="Mine"))
        before = sorted(book.rglob("*"))
        monkeypatch.chdir(book)  # fieldcrm started from inside the book folder
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("y", "e")
            await pilot.pause()
            written = Path.home() / "fieldcrm-sync" / "rep-2026-11-24-1.fieldsync"
            assert written.is_file() and (written.parent.stat().st_mode & 0o777) == 0o700
            assert any(str(written) in toast for toast in toasts(app))
        assert sorted(book.rglob("*")) == before  # the export only noted itself in the book's log
    finally:
        store.close()


async def test_export_from_the_app_refuses_a_sync_folder_inside_a_book(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "mine", clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc))
    try:
        store.add(Customer(name="Mine"))
        monkeypatch.setenv("HOME", str(tmp_path / "mine"))  # ~/fieldcrm-sync would be inside the book
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("y", "e")
            await pilot.pause()
            assert any("inside the book folder" in toast for toast in toasts(app))
        assert not (tmp_path / "mine" / "fieldcrm-sync").exists() and store.unexported > 0
    finally:
        store.close()


async def test_the_import_prompt_shows_this_reps_morning_file_and_takes_a_path_with_spaces(tmp_path, monkeypatch):
    """The placeholder is the name the office gives this rep's file today; a path with a space,
    quoted (or typed alone, unquoted), is one file."""
    monkeypatch.chdir(tmp_path)
    other = Site(tmp_path / "other")
    with other.open() as book:
        book.add(Customer(name="Tom Baker"))
    folder = tmp_path / "Office files"
    folder.mkdir()
    incoming = export_day(other, folder / "li wei-morning-2026-11-24.fieldsync")
    Store.create(tmp_path / "mine", [], rep=Rep(name="Li Wei"))
    store = Store.open(tmp_path / "mine", clock=FrozenClock("2026-11-24T09:30:00+00:00"))
    app = FieldCRM(work=Workbook(store, tz=dt.timezone.utc))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("y", "i")
            await pilot.pause()
            answer = app.screen.query_one("#answer")
            assert answer.placeholder == "li-wei-morning-2026-11-24.fieldsync"  # as the office names it
            for typed in (f'"{incoming}"', str(incoming)):
                answer.value = typed
                await pilot.press("enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert "Import finished" in str(app.screen.query_one("#what").render()), typed
                await pilot.press("escape", "i")
                await pilot.pause()
                answer = app.screen.query_one("#answer")
            answer.value = f'"{incoming}'  # a quote left open: said, nothing imported
            await pilot.press("enter")
            await pilot.pause()
            assert "quote" in str(app.screen.query_one("#problem").render())
        assert app.work.store.count(Customer) == 1
    finally:
        store.close()


async def test_the_sync_status_wraps_at_80_columns_and_keeps_its_conflict_count(app, work):
    """After an export at 80x24 the status line ran past the edge: '… · last export:
    alex-chen-陈立-2026-11-26-2.fieldsync · 0' and the count's word was cut off."""
    from fieldcrm.textwidth import cells

    work.add(Customer(name="欧阳建国"))  # something to export
    async with app.run_test(size=(80, 24)) as pilot:
        await app.ready()
        await pilot.press("y", "e")
        await pilot.pause()
        status = app.screen.query_one("#status")
        text = str(status.render())
        assert "last export: " in text and text.rstrip().endswith("0 conflicts"), text
        assert cells(text) > app.size.width  # the line is longer than the terminal...
        assert status.outer_size.width <= app.size.width  # ...so it wraps inside it, every part shown
        assert status.size.height >= -(-cells(text) // status.size.width)
