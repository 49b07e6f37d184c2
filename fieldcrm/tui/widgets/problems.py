"""A form's refusal, shown where the rep is looking: under the field, with the field focused.

A single message at the bottom of a long form was drawn below the visible area
at 80×24, so ctrl+s seemed to do nothing.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label

from fieldcrm.i18n import _
from fieldcrm.tui.widgets.user_text import UserText


class FieldProblem(Label):
    """Why the field above was refused; takes no room while there is nothing to say."""

    DEFAULT_CSS = """
    FieldProblem { display: none; color: $error; width: 100%; height: auto; }
    FieldProblem.-shown { display: block; }
    """

    def __init__(self, field_id: str):
        super().__init__("", id=problem_id(field_id), markup=False)

    def say(self, text: str) -> None:
        self.update(UserText(text))
        self.set_class(bool(text), "-shown")


def problem_id(field_id: str) -> str:
    return f"{field_id}-problem"


def clear_problems(screen: Screen) -> None:
    for problem in screen.query(FieldProblem):
        problem.say("")


def refuse(screen: Screen, field_id: str, message: str) -> None:
    """Say why under the field, focus it, scroll both into view. No notification repeats it:
    at 80×24 a toast sat over the dialog's lower fields, and each ctrl+s stacked another."""
    refuse_all(screen, [(field_id, message)])


def refuse_all(screen: Screen, refusals: list[tuple[str, str]]) -> None:
    """As ``refuse``, for every (field id, message) at once: each said under its field, the
    first field focused, so one ctrl+s names everything to fix."""
    clear_problems(screen)
    for field_id, message in refusals:
        screen.query_one(f"#{problem_id(field_id)}", FieldProblem).say(message)
    field_id = refusals[0][0]
    screen.query_one(f"#{field_id}", Widget).focus()
    # The message takes room only once laid out: scroll after the next refresh.
    screen.call_after_refresh(screen.query_one(f"#{problem_id(field_id)}", FieldProblem).scroll_visible,
                              animate=False)


def not_written(error: Exception, what: str, then: str | None = None) -> str:
    """One sentence for a save that failed (a full disk, a read-only book): what typed is kept."""
    from fieldcrm.store.files import describe_os_error

    cause = error if isinstance(error, OSError) else error.__cause__
    if isinstance(cause, OSError):
        return _("{what} could not be written ({cause}); it is still here: free some space, then {then}.").format(
            what=what, cause=describe_os_error(cause), then=then or _("press ctrl+s again"))
    return str(error)
