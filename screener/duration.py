"""How long the pain has lasted, compared with a threshold such as "3 months".

Two ways to know a duration, and one rule for each:

* **An onset date** is compared in calendar time: the pain is longer than
  3 months when ``onset + 3 calendar months < screening date``. Pain that began
  on 24 August is exactly 3 months old on 24 November (not chronic) and more
  than 3 months old on 25 November (chronic).
* **An amount and unit** ("14 weeks") is converted to days with one documented
  table: a month is 365.25 / 12 = 30.4375 days and a year 365.25 days. So
  3 months is 91.3125 days: 13 weeks (91 days) is not more than 3 months, and
  14 weeks (98 days) is. Amounts in the threshold's own unit compare exactly:
  "3 months" is not more than 3 months.

Arithmetic uses exact fractions, so no boundary case depends on rounding.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from dateutil.relativedelta import relativedelta

DurationUnit = Literal["days", "weeks", "months", "years"]

DAYS_PER_UNIT: dict[str, Fraction] = {
    "days": Fraction(1),
    "weeks": Fraction(7),
    "months": Fraction(36525, 1200),
    "years": Fraction(36525, 100),
}

MAX_DAYS = 80 * 365.25
"""Longest duration accepted as plausible: 80 years."""


# Both conversions are pure and dominate the cost of a screening, and real answers repeat the
# same few amounts and dates, so their results are kept (a bounded cache; Fraction and date
# are immutable).
@lru_cache(maxsize=4096)
def to_days(amount: float, unit: str) -> Fraction:
    """The exact number of days in ``amount`` of ``unit``, by the table above."""
    return Fraction(str(amount)) * DAYS_PER_UNIT[unit]


@lru_cache(maxsize=4096)
def add_span(start: date, amount: int, unit: str) -> date:
    """The calendar date ``amount`` units after ``start`` (31 Jan + 1 month = 28/29 Feb)."""
    if unit == "days":
        return start + timedelta(days=amount)
    if unit == "weeks":
        return start + timedelta(weeks=amount)
    if unit == "months":
        return start + relativedelta(months=amount)
    return start + relativedelta(years=amount)


def amount_text(amount: float, unit: str) -> str:
    """An amount as people write it: "1 week", "6 weeks", "2.5 months"."""
    return f"{amount:g} {unit.removesuffix('s') if amount == 1 else unit}"


def pain_days(
    amount: float | None, unit: str | None, onset: date | None, screening: date
) -> float | None:
    """Duration in days for display (timelines, summaries); ``None`` when unknown."""
    if onset is not None:
        return float((screening - onset).days)
    if amount is not None and unit is not None:
        return float(to_days(amount, unit))
    return None


def longer_than(
    amount: float | None,
    unit: str | None,
    onset: date | None,
    screening: date,
    threshold_amount: int,
    threshold_unit: str,
) -> bool | None:
    """Whether the pain has lasted strictly longer than the threshold; ``None`` if unknown."""
    if onset is not None:
        return add_span(onset, threshold_amount, threshold_unit) < screening
    if amount is None or unit is None:
        return None
    return to_days(amount, unit) > to_days(threshold_amount, threshold_unit)
