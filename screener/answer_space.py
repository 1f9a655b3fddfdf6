"""The discretised answer space: a few classes of values per answer field, exact for the rules.

Nobody can try every possible answer, and nobody needs to: a condition reads an answer only
through its predicates. For each field we list candidate values:

* a choice: every option, and "unanswered";
* a list: "none", each option a predicate names, every combination of those, "unanswered";
* a number: each value a predicate compares with, one either side of it, one between two
  such values, and "unanswered" (within the field's bounds; whole numbers for whole fields);
* the duration: each span a predicate names ("3 months"), one day more than it, "unanswered";

then put two candidates in one class when every predicate on the field gives both the same
truth value. Answers that differ only within a class make every condition come out the same,
so the first candidate of a class stands for all of it and nothing is lost. Each class keeps
the candidates it stands for, so a reader sees both sides of every boundary.

Durations are written as an amount and a unit. The calendar comparison used for an onset date
is the same line drawn another way, and is tested on its own (tests/test_duration.py).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from itertools import pairwise as successive
from typing import Any

from screener.answers import Answers, is_unknown
from screener.conditions import Condition, Predicate, Truth, compile_condition, predicates
from screener.duration import to_days
from screener.fields import FieldSpec, catalogue

SCREENING_DATE = date(2026, 1, 1)
"""Every generated answers document is screened on this date, so runs are reproducible."""

_PLACEHOLDER = {"date": SCREENING_DATE.isoformat(), "text": "(given)"}


def describe(value: Any) -> str:
    """A short label for an answer value: '92 days', 'none', 'unanswered'."""
    if value is None:
        return "unanswered"
    if isinstance(value, dict):
        amount, unit = value["amount"], value["unit"]
        return f"{amount:g} {unit.removesuffix('s') if amount == 1 else unit}"
    if isinstance(value, list):
        return " + ".join(value) if value else "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class ValueClass:
    """Answer values that every condition treats alike; ``value`` stands for the rest."""

    value: Any
    also: tuple[Any, ...] = ()

    @property
    def known(self) -> bool:
        return not is_unknown(self.value)

    def __str__(self) -> str:
        others = f" (also {', '.join(describe(v) for v in self.also)})" if self.also else ""
        return describe(self.value) + others


@dataclass(frozen=True)
class Dimension:
    """One answer field and its classes, ordered by size where the field has one."""

    field: str
    classes: tuple[ValueClass, ...]

    def index(self, value: Any) -> int:
        """The class that ``value`` belongs to (it must be one of the candidates)."""
        return next(
            i for i, c in enumerate(self.classes) if value == c.value or value in list(c.also)
        )

    def __str__(self) -> str:
        return f"{self.field}: " + " | ".join(str(c) for c in self.classes)


def answers_from(values: Mapping[str, Any]) -> Answers:
    """An answers document with the given fields (dotted paths) set and nothing else."""
    doc: dict[str, Any] = {"screening_date": SCREENING_DATE}
    for path, value in values.items():
        if value is None:
            continue
        *parents, leaf = path.split(".")
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return Answers.model_validate(doc)


def _numbers(spec: FieldSpec, preds: list[Predicate]) -> list[Any]:
    points = sorted(
        {
            float(value)
            for p in preds
            if p.operator in ("equals", "gt", "ge", "lt", "le")
            for value in p.values
        }
    )
    between = [(low + high) / 2 for low, high in successive(points)]
    raw = [*points, *(p + step for p in points for step in (-1, 1)), *between] or [0.0]
    if spec.integer:
        raw = [whole for value in raw for whole in (math.floor(value), math.ceil(value))]
    low = spec.minimum if spec.minimum is not None else -math.inf
    high = spec.maximum if spec.maximum is not None else math.inf
    return list(dict.fromkeys(value for value in raw if low <= value <= high))


def _durations(preds: list[Predicate]) -> list[Any]:
    spans = sorted(
        {(p.longer_than.amount, p.longer_than.unit) for p in preds if p.longer_than is not None},
        key=lambda span: to_days(*span),
    )
    exact = [{"amount": amount, "unit": unit} for amount, unit in spans]
    over = [{"amount": math.floor(to_days(*span)) + 1, "unit": "days"} for span in spans]
    return [*exact, *over] or [{"amount": 1, "unit": "weeks"}]


def _candidates(spec: FieldSpec, preds: list[Predicate]) -> list[Any]:
    if spec.kind == "choice":
        return [*spec.options, None]
    if spec.kind == "multichoice":
        named = list(
            dict.fromkeys(v for p in preds for v in p.values if v in spec.options and v != "")
        )
        subsets = [list(c) for size in range(len(named) + 1) for c in combinations(named, size)]
        return [*subsets, None]
    if spec.kind == "number":
        return [*_numbers(spec, preds), None]
    if spec.kind == "duration":
        return [*_durations(preds), None]
    return [_PLACEHOLDER[spec.kind], None]


def _size(spec: FieldSpec, value: Any) -> tuple[bool, float]:
    """Sort key: known values first, by magnitude for numbers and durations."""
    if is_unknown(value):
        return (True, 0.0)
    if spec.kind == "number":
        return (False, float(value))
    if spec.kind == "duration":
        return (False, float(to_days(value["amount"], value["unit"])))
    return (False, 0.0)


def _dimension(spec: FieldSpec, preds: list[Predicate]) -> Dimension:
    tests = [compile_condition(p) for p in preds]
    get = operator.attrgetter(spec.path)
    groups: dict[tuple[Truth, ...], list[Any]] = {}
    for value in _candidates(spec, preds):
        answers = answers_from({spec.path: value})
        signature = (is_unknown(get(answers)), *(test(answers) for test in tests))
        groups.setdefault(signature, []).append(value)

    def size(value: Any) -> tuple[bool, float]:
        return _size(spec, value)

    classes = [
        ValueClass(values[0], tuple(sorted(values[1:], key=size))) for values in groups.values()
    ]
    return Dimension(spec.path, tuple(sorted(classes, key=lambda c: size(c.value))))


def dimensions(
    conditions: Iterable[Condition], fields: Iterable[str] = (), keep: Iterable[Predicate] = ()
) -> dict[str, Dimension]:
    """The classes of every field the conditions read, and of ``fields`` too, in model order.

    ``keep`` adds predicates that no condition holds but whose values must stay apart (the
    values a property compares, for instance).
    """
    by_field: dict[str, list[Predicate]] = {path: [] for path in fields}
    for predicate in [*(leaf for c in conditions for leaf in predicates(c)), *keep]:
        by_field.setdefault(predicate.field, []).append(predicate)
    specs = catalogue()
    return {path: _dimension(specs[path], by_field[path]) for path in specs if path in by_field}


def pairwise(sizes: Sequence[int]) -> list[tuple[int, ...]]:
    """Rows of class indexes that between them hold every pair of classes of any two fields.

    A covering array of strength 2, built greedily: start each row from a pair not yet
    covered, then give each other field the class that covers most new pairs.
    """
    if len(sizes) < 2:
        return [(v,) for v in range(sizes[0])] if sizes else [()]
    pairs = list(combinations(range(len(sizes)), 2))
    uncovered = {(i, a, j, b) for i, j in pairs for a in range(sizes[i]) for b in range(sizes[j])}
    rows: list[tuple[int, ...]] = []
    while uncovered:
        i, a, j, b = min(uncovered)
        row = {i: a, j: b}
        for k in range(len(sizes)):
            if k not in row:
                row[k] = max(
                    range(sizes[k]),
                    key=lambda v, k=k: sum(  # type: ignore[misc]
                        ((m, w, k, v) if m < k else (k, v, m, w)) in uncovered
                        for m, w in row.items()
                    ),
                )
        full = tuple(row[k] for k in range(len(sizes)))
        uncovered -= {(i, full[i], j, full[j]) for i, j in pairs}
        rows.append(full)
    return rows
