"""Keys typed ahead of a screen change land where the rep meant them: on the screen that opened.

Textual hands each key to the widget that has the focus when the app reads it. A
fast typist's ``n`` and "quick note…" arrive together, so the letters are all
handed to Today's list before ``n`` has opened the note; they came back unused
from a screen no longer on top and were lost (the note's held letters rang the
bell). Here such a key is delivered again to the screen now on top, once that
screen has mounted and set its focus; keys arriving meanwhile wait behind it, so
the order stays as typed.

A key that ends a form (ctrl+s) holds the keys after it (``hold_keys``) until the
form is done and the next screen is up (``release_keys``): they were read into the
note being saved (ten fast notes became one).

A key that moves the focus holds the keys after it too, until it has been
handled all the way up to the app (``_settle``): Textual hands out keys already
read before the focus moves, so escape (leave Customers' search) then ``t`` typed
fast put the ``t`` into the search.
"""

from __future__ import annotations

from textual import events

SETTLE_ROUNDS = 5  # a message that sets off another: a few rounds, never a loop
SETTLE_AT_MOST_S = 0.5  # a key's hold on the next ones, at most (normally a few milliseconds)


class KeepsTypeahead:
    """Mix into the App, before ``App``."""

    _held_keys: list[events.Key] | None = None
    _typeahead_pending = False
    _keys_on_hold = 0

    def hold_keys(self) -> None:
        """Keys from now on wait (in order) until ``release_keys``."""
        self._keys_on_hold += 1
        if self._held_keys is None:
            self._held_keys = []

    def release_keys(self, at_once: bool = False) -> None:
        """``at_once``: the screen is the one the keys were typed on, with its focus already
        set, so they need not wait for the next frame (a fast typist's 30 keys a second)."""
        self._keys_on_hold = max(0, self._keys_on_hold - 1)
        self._schedule_delivery(at_once)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:  # straight from the terminal
            if self._held_keys or self._keys_on_hold:  # earlier keys or a save still pending: wait behind them
                self._held_keys.append(event)  # type: ignore[union-attr]
                return
            event._sent_to_screen = self.screen  # type: ignore[attr-defined]
            await super().on_event(event)  # type: ignore[misc]
            self._settle(event)
            return
        await super().on_event(event)  # type: ignore[misc]

    def _settle(self, event: events.Key) -> None:
        """Hold the next keys until this one has bubbled from the focused widget up to the app
        and what it asked for there (a focus to move, a screen to open) is done: a callback
        queued behind it at each level in turn, the app's last."""
        self.hold_keys()
        chain = list((self.focused or self.screen).ancestors_with_self)  # type: ignore[attr-defined]

        released = False
        screen = self.screen  # type: ignore[attr-defined]

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                at_most.stop()
                self.release_keys(at_once=self.screen is screen)  # type: ignore[attr-defined]

        # A widget closed before it reached its callback (a form dismissed by this key) never
        # runs it: the keys must not wait for ever.
        at_most = self.set_timer(SETTLE_AT_MOST_S, release)  # type: ignore[attr-defined]

        def step(rest: list, rounds: int) -> None:
            while rest and not rest[0].call_later(step, rest[1:], rounds):  # a widget already gone: skip it
                rest = rest[1:]
            if rest:
                return
            # What the key set off may still travel up as messages (the search box's enter is a
            # Submitted that opens the profile): go round again until nothing is on its way.
            # (_message_queue is Textual's own, not public: tests/tui/test_typeahead.py guards it.)
            now = list((self.focused or self.screen).ancestors_with_self)  # type: ignore[attr-defined]
            if rounds < SETTLE_ROUNDS and any(node._message_queue.qsize() for node in now):
                step(now, rounds + 1)
            else:
                release()
        step(chain, 1)

    def _on_key(self, event: events.Key) -> None:
        """A key no widget used, back at the app: stale if the screen it was sent to is gone.
        (Textual calls every class's ``_on_key`` in turn; prevent_default skips App's bindings.)"""
        sent_to = getattr(event, "_sent_to_screen", None)
        if sent_to is not None and sent_to is not self.screen:  # type: ignore[attr-defined]
            event.prevent_default()
            self._hold_key(event)

    def _hold_key(self, event: events.Key) -> None:
        if self._held_keys is None:
            self._held_keys = []
        self._held_keys.append(events.Key(event.key, event.character))
        self._schedule_delivery()

    def _schedule_delivery(self, at_once: bool = False) -> None:
        if not self._typeahead_pending:
            self._typeahead_pending = True
            deliver = self.call_later if at_once else self.call_after_refresh  # type: ignore[attr-defined]
            deliver(self._deliver_held)

    async def _deliver_held(self) -> None:
        """Deliver the held keys, in order, as if they had just been typed."""
        self._typeahead_pending = False
        if self._keys_on_hold:
            return  # release_keys delivers them
        screen = self.screen  # type: ignore[attr-defined]
        if not screen.is_mounted:  # still building: its focus is not where it will be
            self._schedule_delivery()
            return
        held, self._held_keys = self._held_keys or [], []
        for key in held:
            key.set_sender(self)  # type: ignore[arg-type]
            await self.on_event(key)
