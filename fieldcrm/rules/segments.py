"""Segmentation: value tiers by the 80/20 rule, key-account faces, loyalty stages, cadence."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from fieldcrm.i18n import _
from fieldcrm.model import Customer
from fieldcrm.rules.settings import Settings

A_SHARE = 0.80  # tier A: the top customers making this share of revenue
B_SHARE = 0.95  # tier B: the next ones up to this share


@dataclass(frozen=True)
class Tier:
    tier: str  # what applies: the override if there is one
    computed: str  # what the 80/20 rule says
    overridden: bool
    why: str


def compute_tiers(revenue: dict[str, float]) -> dict[str, str]:
    """A/B/C by trailing revenue: A is the smallest set of top customers making ~80%
    of revenue (at least the top customer), B the next ~15%, C the rest and anyone
    who bought nothing. Customers with equal revenue always share a tier."""
    total = sum(v for v in revenue.values() if v > 0)
    tiers = {cid: "C" for cid in revenue}
    if total <= 0:
        return tiers
    ranked = sorted([(v, cid) for cid, v in revenue.items() if v > 0], reverse=True)
    running, previous_value, previous_tier = 0.0, None, "A"
    for value, cid in ranked:
        share_before = running / total
        if value == previous_value:
            tier = previous_tier  # a tie stays with the one before it
        elif share_before < A_SHARE:
            tier = "A"
        elif share_before < B_SHARE:
            tier = "B"
        else:
            tier = "C"
        tiers[cid] = tier
        running += value
        previous_value, previous_tier = value, tier
    return tiers


def effective_tier(customer: Customer, computed: str, revenue: float, settings: Settings) -> Tier:
    money = _("{amount} in 12 months").format(amount=f"{settings.currency}{revenue:,.0f}")
    if customer.tier_override in ("A", "B", "C"):
        why = _("set by you (the 80/20 rule says {tier}; {money})").format(tier=computed, money=money)
        return Tier(customer.tier_override, computed, True, why)
    if computed == "A":
        why = _("among the customers who bring 80% of revenue ({money})").format(money=money)
    elif computed == "B":
        why = _("among the customers who bring the next 15% of revenue ({money})").format(money=money)
    elif revenue > 0:
        why = _("in the last 5% of revenue ({money})").format(money=money)
    else:
        why = _("no purchases in 12 months")
    return Tier(computed, computed, False, why)


def cadence_days(customer: Customer, tier: str, settings: Settings) -> int:
    """Days between contacts: the customer's own setting, else the tier's."""
    if customer.cadence_days:
        return customer.cadence_days
    return settings.cadence_days.get(tier, settings.cadence_days["C"])


def loyalty_stage(purchase_days: int, referred_a_buyer: bool) -> str:
    if referred_a_buyer:
        return "advocate"
    if purchase_days == 0:
        return "prospect"
    return "first-time buyer" if purchase_days == 1 else "repeat buyer"


@dataclass(frozen=True)
class FaceThresholds:
    """Book-wide yardsticks the faces are judged against."""

    high_margin_per_deal: float  # the top quarter of margin per deal
    median_margin_rate: float


def face_thresholds(deals: list[tuple[float, float]]) -> FaceThresholds | None:
    """From (amount, margin) of every deal with a known margin; None without margin data."""
    known = [(a, m) for a, m in deals if a > 0]
    if len(known) < 4:
        return None
    margins = sorted(m for _, m in known)
    return FaceThresholds(
        high_margin_per_deal=margins[int(len(margins) * 0.75)],
        median_margin_rate=statistics.median(m / a for a, m in known),
    )


def key_account_face(customer: Customer, deals_12m: list[tuple[float, float]],
                     thresholds: FaceThresholds | None) -> str:
    """red: high profit per deal, buys occasionally; white: high volume, thin margin,
    steady; black: little profit but marked strategic. "" when it does not apply."""
    if thresholds is None or not deals_12m:
        return "black" if customer.strategic else ""
    amount = sum(a for a, _ in deals_12m)
    margin = sum(m for _, m in deals_12m)
    rate = margin / amount if amount else 0.0
    if customer.strategic and rate <= thresholds.median_margin_rate:
        return "black"
    if margin / len(deals_12m) >= thresholds.high_margin_per_deal and len(deals_12m) <= 3:
        return "red"
    if rate <= thresholds.median_margin_rate and len(deals_12m) >= 4:
        return "white"
    return ""
