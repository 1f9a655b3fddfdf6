"""Generated answers documents for the benchmark: plausible, varied and reproducible.

Every field and option is read off the answers model, so the sample keeps up with it.
Most people answer "no" to most warning signs, so most records reach the duration and
treatment rules rather than stopping at an emergency.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from screener.documents import nested
from screener.fields import FieldSpec, catalogue

SCREENED = date(2026, 11, 24)
UNITS = ("days", "weeks", "months")


def _red_flag(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.02:
        return "yes"
    if roll < 0.04:
        return "unknown"
    if roll < 0.05:
        return None
    return "no"


def _duration(rng: random.Random) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.05:
        return {}
    if roll < 0.3:
        return {"onset_date": (SCREENED - timedelta(days=rng.randint(0, 1500))).isoformat()}
    return {"amount": rng.randint(1, 40), "unit": rng.choice(UNITS)}


def _value(spec: FieldSpec, rng: random.Random) -> Any:
    if spec.is_safety_question:
        return _red_flag(rng)
    if spec.kind == "duration":
        return _duration(rng)
    if rng.random() < 0.1:
        return None
    if spec.kind == "choice":
        return rng.choice(spec.options)
    if spec.kind == "multichoice":
        return rng.sample(spec.options, rng.randint(0, min(3, len(spec.options))))
    if spec.kind == "number":
        return rng.randint(int(spec.minimum or 0), int(min(spec.maximum or 90, 90)))
    return None


SKIPPED = {"schema_version", "screening_date", "answered_by"}


def sample_document(rng: random.Random) -> dict[str, Any]:
    """One answers document with every question answered, left out or unknown at random."""
    values = {path: _value(spec, rng) for path, spec in catalogue().items() if path not in SKIPPED}
    answered = {path: value for path, value in values.items() if value is not None}
    return {"screening_date": SCREENED.isoformat(), **nested(answered)}


def sample_documents(count: int, seed: int = 6) -> list[dict[str, Any]]:
    """``count`` documents from a fixed seed, so every run measures the same data."""
    rng = random.Random(seed)
    return [sample_document(rng) for _ in range(count)]
