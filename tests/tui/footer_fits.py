"""What a rep reads in the footer of every main screen: each key whole, and the keys
to change screens and to jump (^p) always there. Shared by the English run
(test_footer_fits.py) and the Chinese one (tests/tui_zh/zh_screens.py)."""

from textual.widgets._footer import FooterKey, FooterLabel

from fieldcrm.i18n import _

# Every main screen of a rep's book (the team report opens on office books only).
MAIN_SCREENS = ("today", "customers", "referrals", "complaints", "sync", "reports", "settings",
                "events", "notices")


def bottom_line(app) -> str:
    """The screen's last row as drawn."""
    return app.screen._compositor.render_strips()[-1].text


def cut_keys(app) -> list[str]:
    """The footer's keys and labels that are drawn only in part (their whole text is not on the line)."""
    line = bottom_line(app)
    palette = next(k for k in app.screen.query(FooterKey) if k.has_class("-command-palette"))
    cut = []
    for node in app.screen.query("Footer FooterKey, Footer FooterLabel"):
        if node is palette or not node.region.width or node.region.x >= palette.region.x:
            continue  # not drawn at all: the key help (?) lists it
        text = node.render().plain.strip() if isinstance(node, FooterKey) else str(node.render()).strip()
        if text not in line or node.region.right > palette.region.x:
            cut.append(text)
    return cut


async def check_every_main_screen(app, pilot) -> None:
    await app.ready()
    for mode in MAIN_SCREENS:
        app.switch_mode(mode)
        await pilot.pause()
        await pilot.pause()
        line = bottom_line(app)
        assert not cut_keys(app), (mode, cut_keys(app), line)
        for important in (f"F1–F7 {_('Screens')}", f"^p {_('Jump')}"):
            assert important in line, (mode, important, line)
        assert f"? {_('Keys')}" in line or f"F9 {_('Keys')}" in line, (mode, line)
        assert line.rstrip().endswith(f"^p {_('Jump')}"), (mode, line)
