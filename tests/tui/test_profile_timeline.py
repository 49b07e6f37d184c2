"""A profile's timeline at 80 columns, as the rep reads it: a note with no outcome showed
"visit     · satisfaction 4/5", and a note's wrapped lines began at column 1, not under its text."""

from textual.geometry import Region

from fieldcrm.model import Customer, Interaction
from fieldcrm.textwidth import cells

NOTE = ("Dropped by with the new catalogue. 老板说下个月要开第二家店，希望我们提前安排送货；"
        "wants prices for the 20 kg pack and a demo of the new tiles before the holiday rush starts")


def _drawn(widget) -> list[str]:
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))]


async def _timeline(app, work) -> tuple[list[str], int, int]:
    """The profile card's lines as drawn at 80x24, where the new note's entry starts, the card's width."""
    customer = sorted(work.store.all(Customer), key=lambda c: c.name)[0]
    work.store.add(Interaction(customer_id=customer.id, kind="visit", at="2026-11-24T09:20:00Z",
                               outcome="", satisfaction=4, note=NOTE))
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_profile(customer.id)
        await pilot.pause()
        card = app.screen.query_one("#card")
        lines, width = _drawn(card), card.size.width
    return lines, next(i for i, line in enumerate(lines) if "24 Nov 09:20" in line), width


async def test_a_note_with_no_outcome_has_no_stray_separator(app, work):
    lines, head, _width = await _timeline(app, work)
    assert lines[head].endswith("visit    satisfaction 4/5"), lines[head]


async def test_a_long_note_wraps_under_its_own_text_at_80_columns(app, work):
    lines, head, width = await _timeline(app, work)
    following = lines[head + 1:]
    note = following[:next(i for i, line in enumerate(following) if not line or not line[2].isspace())]
    assert len(note) >= 3 and "".join(line.strip() for line in note).replace(" ", "") == NOTE.replace(" ", "")
    for line in note:  # every line of the note starts under its first, none past the card's edge
        assert line.startswith(" " * 6) and not line[6].isspace(), note
        assert cells(line) <= width
