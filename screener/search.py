"""Finding answers that make some conditions true and keep others from being true.

The static checks ask questions such as "can this rule fire?" or "can it fire while no rule
at least as severe does?". Each is a search over the answer classes of the fields the
conditions read (:mod:`screener.answer_space`). A condition is first tabulated: each
predicate becomes the truth value it takes on each class of its field, computed by the
compiled predicate itself. The search then gives one field at a time a class, and drops a
branch as soon as some condition can no longer come out as wanted whatever the remaining
fields hold. When it answers "none", no answers at all exist, because the classes are exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from screener.answer_space import Dimension, answers_from
from screener.conditions import AllOf, Condition, NotOf, Predicate, Truth, compile_condition
from screener.errors import ScreenerError

STEP_LIMIT = 200_000


class SearchLimitError(ScreenerError):
    """A search for answers took more steps than allowed."""


@dataclass(frozen=True)
class Leaf:
    """A predicate, as the truth value it takes on each class of its field."""

    field: str
    truths: tuple[Truth, ...]


@dataclass(frozen=True)
class Node:
    op: Literal["all", "any", "not"]
    children: tuple[Term, ...]


Term = Leaf | Node
Possible = frozenset[Truth]


def tabulate(condition: Condition, dims: Mapping[str, Dimension]) -> Term:
    """A condition as a tree of truth tables over the classes in ``dims``."""
    if isinstance(condition, Predicate):
        test = compile_condition(condition)
        classes = dims[condition.field].classes
        truths = tuple(test(answers_from({condition.field: c.value})) for c in classes)
        return Leaf(condition.field, truths)
    if isinstance(condition, NotOf):
        return Node("not", (tabulate(condition.not_, dims),))
    op: Literal["all", "any"] = "all" if isinstance(condition, AllOf) else "any"
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return Node(op, tuple(tabulate(child, dims) for child in children))


def fields_of(term: Term) -> list[str]:
    """The fields a term reads, left to right, each once."""
    if isinstance(term, Leaf):
        return [term.field]
    return list(dict.fromkeys(field for child in term.children for field in fields_of(child)))


def _negate(values: Possible) -> Possible:
    return frozenset(None if value is None else not value for value in values)


def _all(parts: list[Possible]) -> Possible:
    """Every value the three-valued 'and' of the parts can take, each part free in its set."""
    out: set[Truth] = set()
    if all(True in part for part in parts):
        out.add(True)
    if any(False in part for part in parts):
        out.add(False)
    if all(part - {False} for part in parts) and any(None in part for part in parts):
        out.add(None)
    return frozenset(out)


def possible(
    term: Term, chosen: Mapping[str, int], allowed: Mapping[str, Sequence[int]]
) -> Possible:
    """The truth values a term can still take, given the classes chosen so far."""
    if isinstance(term, Leaf):
        if term.field in chosen:
            return frozenset({term.truths[chosen[term.field]]})
        return frozenset(term.truths[i] for i in allowed[term.field])
    parts = [possible(child, chosen, allowed) for child in term.children]
    if term.op == "not":
        return _negate(parts[0])
    if term.op == "all":
        return _all(parts)
    return _negate(_all([_negate(part) for part in parts]))  # any = not all not


def find(
    dims: Mapping[str, Dimension],
    must: Sequence[Term],
    must_not: Sequence[Term] = (),
    allowed: Mapping[str, Sequence[int]] | None = None,
) -> dict[str, int] | None:
    """Classes for the fields read that make every ``must`` true and no ``must_not`` true.

    ``allowed`` limits the classes some fields may take (by default, any class in ``dims``).
    Returns ``{field: class index}``, or ``None`` when no answers exist.
    """
    order = list(dict.fromkeys(f for term in [*must, *must_not] for f in fields_of(term)))
    limits: dict[str, Sequence[int]] = {
        field: range(len(dims[field].classes)) for field in order
    } | dict(allowed or {})
    steps = 0

    def feasible(chosen: dict[str, int]) -> bool:
        return all(True in possible(term, chosen, limits) for term in must) and all(
            possible(term, chosen, limits) != {True} for term in must_not
        )

    def extend(chosen: dict[str, int]) -> dict[str, int] | None:
        nonlocal steps
        steps += 1
        if steps > STEP_LIMIT:
            raise SearchLimitError(
                f"the search for answers gave up after {STEP_LIMIT} steps; "
                f"simplify the conditions on {', '.join(order)}."
            )
        if not feasible(chosen):
            return None
        if len(chosen) == len(order):
            return dict(chosen)
        field = order[len(chosen)]
        for index in limits[field]:
            found = extend({**chosen, field: index})
            if found is not None:
                return found
        return None

    return extend({})
