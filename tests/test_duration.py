"""The 3-month line: strictly more than 3 months is chronic, on both sides of the line."""

from __future__ import annotations

from datetime import date

import pytest

from screener.duration import add_span, longer_than

SCREENED = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("amount", "unit", "chronic"),
    [
        (3, "months", False),
        (3.01, "months", True),
        (91, "days", False),
        (92, "days", True),
        (12, "weeks", False),
        (13, "weeks", False),
        (14, "weeks", True),
        (0.25, "years", False),
        (0.26, "years", True),
        (1, "years", True),
        (0, "days", False),
    ],
)
def test_amount_against_3_months(amount: float, unit: str, chronic: bool) -> None:
    """Amounts convert by 30.4375 days a month; exactly 3 months is not more than 3 months."""
    assert longer_than(amount, unit, None, SCREENED, 3, "months") is chronic


@pytest.mark.parametrize(
    ("onset", "chronic"),
    [
        (date(2026, 8, 24), False),
        (date(2026, 8, 23), True),
        (date(2026, 9, 1), False),
    ],
)
def test_onset_date_against_3_calendar_months(onset: date, chronic: bool) -> None:
    """With an onset date, onset + 3 calendar months must fall before the screening date."""
    assert longer_than(None, None, onset, SCREENED, 3, "months") is chronic


def test_onset_date_wins_over_amount() -> None:
    """When both are given, the calendar date decides."""
    assert longer_than(10, "years", date(2026, 10, 1), SCREENED, 3, "months") is False


def test_unknown_duration_is_unknown() -> None:
    """No amount and no onset date gives None, not False."""
    assert longer_than(None, None, None, SCREENED, 3, "months") is None


def test_month_end_clamps() -> None:
    """31 November does not exist: 31 August + 3 months is 30 November."""
    assert add_span(date(2026, 8, 31), 3, "months") == date(2026, 11, 30)
