"""Record identity: UUIDv7 strings made on the laptop, UUIDv5 for derived records.

TinyDB's integer doc_id is per file and collides across reps, so it is never an
identity; these ids are.
"""

from __future__ import annotations

import os
import random
import time
import uuid

# Fixed namespace so every laptop derives the same id for the same thing.
DERIVED_NAMESPACE = uuid.UUID("6f1b8a52-2d0c-4f53-9a55-1f0e6c3c2a10")


def new_id(ms: int | None = None, rng: random.Random | None = None) -> str:
    """A UUIDv7: 48 bits of Unix milliseconds, then random bits.

    Time-ordered, so ids sort roughly by creation. ``ms`` and ``rng`` make it
    deterministic (the demo book is seeded).
    """
    if ms is None:
        ms = time.time_ns() // 1_000_000
    rand = rng.getrandbits(74) if rng is not None else int.from_bytes(os.urandom(10), "big") >> 6
    rand_a = (rand >> 62) & 0xFFF
    rand_b = rand & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))


def derived_id(parent_id: str, purpose: str) -> str:
    """A deterministic id for a record derived from another (UUIDv5)."""
    return str(uuid.uuid5(DERIVED_NAMESPACE, f"{parent_id}/{purpose}"))
