"""kill -9 a writer at random moments: every acknowledged save survives.

A forked child opens the book and saves notes in a loop, snapshotting every
few saves, and reports each note's id down a pipe only after ``add`` has
returned. The parent kills it with SIGKILL after a random number of
acknowledgements (sometimes before the first, so some kills land during
open, during a save or during a snapshot), then checks the book.
"""

import os
import random
import signal

from fieldcrm.model import Customer, Interaction
from fieldcrm.store import Store

KILLS = 200


def _writer(book, ack_fd: int, round_no: int) -> None:
    store = Store.open(book)
    customer = next(iter(store.raw_all(Customer)))["id"]
    n = 0
    while True:
        note = store.add(Interaction(customer_id=customer, note=f"round {round_no} note {n}"))
        os.write(ack_fd, note.id.encode() + b"\n")
        n += 1
        if n % 7 == 0:
            store.checkpoint()


def _read_acks(fd: int, wanted: int, buffer: bytearray) -> None:
    while buffer.count(b"\n") < wanted:
        chunk = os.read(fd, 4096)
        if not chunk:
            return
        buffer.extend(chunk)


def test_every_acknowledged_save_survives_sigkill(demo_book):
    rng = random.Random(20261124)
    acknowledged: set[str] = set()
    for round_no in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: write until killed
            os.close(read_fd)
            try:
                _writer(demo_book, write_fd, round_no)
            finally:
                os._exit(1)
        os.close(write_fd)
        buffer = bytearray()
        _read_acks(read_fd, rng.randint(0, 12), buffer)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        _read_acks(read_fd, 10**9, buffer)  # whatever it acknowledged before dying
        os.close(read_fd)
        acknowledged |= {line.decode() for line in buffer.split(b"\n") if line}
        with Store.open(demo_book, read_only=True) as book:
            missing = [i for i in acknowledged if book.get(Interaction, i) is None]
            assert not missing, f"round {round_no}: lost {len(missing)} acknowledged notes"
    assert len(acknowledged) > KILLS  # the loop really saved notes
    with Store.open(demo_book) as book:  # and the book opens for writing afterwards
        assert all(book.get(Interaction, i) for i in acknowledged)
    assert not list(demo_book.glob(".*.tmp"))
