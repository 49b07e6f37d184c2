"""Sync: export the day's file, import the office's, and settle conflicts by hand."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Label, ProgressBar, Static

from fieldcrm.i18n import _, listed, ngettext
from fieldcrm.model import TABLES
from fieldcrm.tui.screens.base import BookScreen
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.tables import ListTable, fill, selected_key
from fieldcrm.tui.widgets.user_text import UserText

COLUMNS = [(_("record"), 14), (_("field"), 9), (_("1 kept"), 18), (_("kept by, at"), 22), (_("2 other"), 18),
           (_("other by, at"), 22)]


class SyncScreen(BookScreen):
    BINDINGS = [
        Binding("1", "keep(0)", _("Keep the kept value")),
        Binding("2", "keep(1)", _("Keep the other")),
        Binding("e", "export", _("Export my day")),
        Binding("i", "import_files", _("Import a file")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="status", classes="title")
        yield Label("", id="waiting", classes="hint")
        yield Label(_("Conflicts: both values are kept until you choose one (1 or 2)."), classes="hint")
        yield ListTable(cursor_type="row", zebra_stripes=True, id="conflicts")
        yield Static("", id="detail")
        yield KeysFooter()

    def show(self) -> None:
        from fieldcrm.sync.authors import kept_stamp, plain, rep_names, written
        from fieldcrm.sync.importer import waiting_words
        work = self.app.work
        store, names = work.store, rep_names(work.store)
        base = store.meta.get("base_hlc", "")
        self.rows: dict[str, tuple] = {}
        self.details: dict[str, Text] = {}
        for table, record_id, fields in store.conflicts():
            doc = store.doc(table, record_id) or {}
            label = doc.get("name") or doc.get("lead_name") or doc.get("note", "")[:20] or record_id[:8]
            for field, others in fields.items():
                if field == "deleted":
                    kept, other = _("deleted"), listed(plain(v) for _, v in others)
                    choices = (True, False)  # keep it deleted, or restore it (nothing was lost)
                else:
                    kept, other = doc.get(field), others[0][1]
                    choices = (kept, other)
                kept_by = written(kept_stamp(doc, table, field, base), names, work.tz)
                other_by = listed(written(stamp, names, work.tz) for stamp, _ in others)
                key = f"{table}:{record_id}:{field}"
                self.rows[key] = (table, record_id, field, choices, label, plain(kept), kept_by, plain(other),
                                  other_by)
                self.details[key] = UserText.assemble(
                    (f"{label} · {field}\n", "bold"), _("1 kept:  "), plain(kept), (f"  ({kept_by})\n", "dim"),
                    _("2 other: "), plain(other), (f"  ({other_by})", "dim"))
        fill(self.query_one(DataTable), COLUMNS, [(k, [v[4], v[2], *v[5:]]) for k, v in self.rows.items()])
        last = store.meta.get("last_export_file") or _("never")
        self.query_one("#status", Label).update(UserText(
            " · ".join([
                ngettext("Sync · {count} change not yet exported", "Sync · {count} changes not yet exported",
                         store.unexported).format(count=store.unexported),
                _("last export: {last}").format(last=last),
                ngettext("{count} conflict", "{count} conflicts", len(self.rows)).format(count=len(self.rows))])))
        waiting = self.query_one("#waiting", Label)
        count = store.waiting()
        waiting.display = count > 0
        waiting.update(waiting_words(count) if count else "")
        self._show_detail()
        self.refresh_bindings()  # 1 and 2 only while there is a conflict to settle

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Both values in full, with who wrote each and when: the table cuts long ones."""
        key = selected_key(self.query_one(DataTable))
        detail = self.query_one("#detail", Static)
        detail.display = key in self.details
        detail.update(self.details.get(key, ""))

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "keep":
            return bool(getattr(self, "rows", None))
        return True

    def action_keep(self, which: int) -> None:
        key = selected_key(self.query_one(DataTable))
        if key is None:
            return
        table, record_id, field, choices, label, *_rest = self.rows[key]
        self.app.work.store.resolve(TABLES[table], record_id, field, choices[which])
        self.app.work.refresh_record(table, record_id)
        self.app.changed()
        self.notify(UserText(_("{label}: {field} settled.").format(label=label, field=field)))
        self.show()

    def action_export(self) -> None:
        from fieldcrm.paths import sync_folder
        from fieldcrm.store import BookError
        from fieldcrm.store.outside_files import make_output_folder
        from fieldcrm.sync.exporter import export
        try:
            # Not the folder the app was started in (a git clone, the book itself): one stable place.
            folder = make_output_folder(sync_folder())
        except BookError as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        done = export(self.app.work.store, folder=folder)
        self.notify(UserText(done.message()), timeout=10 if done.path else 5)
        self.app.changed()
        self.show()

    def action_import_files(self) -> None:
        from fieldcrm.office.morning import morning_name
        from fieldcrm.paths import typed_paths
        from fieldcrm.store import BookError
        from fieldcrm.store.outside_files import check_input
        from fieldcrm.tui.screens.prompts import Ask

        def parse(text: str) -> list[Path]:
            paths = typed_paths(text)
            if not paths:
                raise ValueError(_("Type the path of the office's .fieldsync file."))
            for path in paths:  # a pipe would block the import forever, the book locked
                try:
                    check_input(path)
                except BookError as error:
                    raise ValueError(str(error)) from None
            return paths

        work = self.app.work
        self.app.push_screen(Ask(_("Import which files? (paths, space between; quote a path with spaces)"), parse,
                                 placeholder=morning_name(work.store.rep.name, work.today())),
                             lambda paths: self.app.push_screen(Importing(paths), lambda _: self.show())
                             if paths else None)


class Importing(ModalScreen[None]):
    """Verify and merge files with a progress bar; the summary when done."""

    BINDINGS = [Binding("escape", "close", _("Close"))]

    def __init__(self, paths: list[Path]):
        super().__init__()
        self.paths = paths

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(UserText(ngettext("Importing {count} file…", "Importing {count} files…", len(self.paths)).format(
                count=len(self.paths)), style="bold"), id="what")
            yield ProgressBar(total=len(self.paths) + 1, show_eta=False, id="bar")
            yield Label("", id="summary")
        yield Footer()

    def on_mount(self) -> None:
        # A worker thread; this modal keeps the rep's keys away from the book meanwhile.
        self.run_worker(self._run, thread=True)

    def _run(self) -> None:
        from fieldcrm.store import BookError
        from fieldcrm.sync.importer import import_files

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self.query_one("#bar", ProgressBar).update, progress=done, total=total)

        try:
            summary = import_files(self.app.work.store, self.paths, progress=progress, tz=self.app.work.tz)
            text = "\n".join(summary.lines())
        except BookError as error:
            text = str(error)
        self.app.call_from_thread(self._done, text)

    def _done(self, text: str) -> None:
        self.app.work.reload_facts()
        self.app.changed()
        self.query_one("#what", Label).update(UserText(_("Import finished"), style="bold"))
        self.query_one("#summary", Label).update(UserText(text + "\n\n" + _("escape: close")))

    def action_close(self) -> None:
        self.dismiss(None)

