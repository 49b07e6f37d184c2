"""The rep's settings that rules depend on, with the practice's defaults."""

from __future__ import annotations

from dataclasses import dataclass, field


def _default_cadence() -> dict[str, int]:
    return {"A": 14, "B": 30, "C": 90}


@dataclass(frozen=True)
class Settings:
    cadence_days: dict[str, int] = field(default_factory=_default_cadence)  # by tier
    agenda_size: int = 8  # visits a day holds; the rest are "also due"
    after_sale_amount: float = 2000.0  # a purchase this large earns a satisfaction call
    after_sale_days: int = 7  # ...this many days after it
    greeting_days: int = 7  # birthdays and anniversaries this many days ahead
    referral_hot_hours: int = 24  # a new lead is top priority this long
    soft_data_days: int = 365  # soft data older than this should be confirmed
    currency: str = "¥"
    theme: str = ""  # the app's colour theme ("" for Textual's default)
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys, e.g. {"today": "f1,t"}
