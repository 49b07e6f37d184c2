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
    language: str = ""  # "en" or "zh"; "" follows the environment (fieldcrm/i18n.py)
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys, e.g. {"today": "f1,t"}
    # Festival greetings ([greetings]): which festivals, for which tiers and loyalty stages,
    # how many days ahead (Chinese New Year earlier: greetings start in the days before it).
    festivals: tuple[str, ...] = ("new_year", "spring_festival", "lantern", "dragon_boat", "mid_autumn",
                                  "double_ninth", "national_day")
    festival_tiers: tuple[str, ...] = ("A", "B", "C")
    festival_stages: tuple[str, ...] = ("first-time buyer", "repeat buyer", "advocate")  # not prospects
    festival_days: int = 7  # as birthdays: time to plan a gift
    spring_festival_days: int = 10  # from about 小年, when the new-year greetings begin
    # Change-of-season care (换季关怀) at these solar terms, for customers who prefer messages.
    season_terms: tuple[str, ...] = ("立春", "立夏", "立秋", "立冬")
