"""The condition language shared by rules and questions, and its compiler.

A condition is a tree written in YAML::

    all:
      - {field: duration, longer_than: {amount: 3, unit: months}}
      - {field: treatment.outcome, in: [plateaued, no_change, worse]}
      - not: {field: red_flags.fever, equals: "yes"}

Leaves are predicates on one answer field. Evaluation uses three values:
``True``, ``False`` and ``None`` (unknown). A predicate on an unanswered or
"unknown" field is ``None``, ``not`` keeps ``None`` as ``None``, and a rule
fires only on ``True``. So an unanswered red flag can never be read as "no":
the only way to act on a missing answer is to say so with ``is_unknown``.

Conditions are compiled once into closures; nothing is evaluated as code.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import cached_property
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Discriminator, Field, PositiveInt, Tag, model_validator

from screener.answers import Answers, is_unknown
from screener.duration import DurationUnit, longer_than
from screener.fields import FieldSpec

Truth = bool | None
Compiled = Callable[[Answers], Truth]
Scalar = str | int | float | bool

OPERATORS = (
    "equals",
    "in",
    "gt",
    "ge",
    "lt",
    "le",
    "contains",
    "contains_any",
    "is_unknown",
    "is_answered",
    "longer_than",
)

OPERATORS_BY_KIND: dict[str, tuple[str, ...]] = {
    "choice": ("equals", "in", "is_unknown", "is_answered"),
    "multichoice": ("contains", "contains_any", "is_unknown", "is_answered"),
    "number": ("equals", "gt", "ge", "lt", "le", "is_unknown", "is_answered"),
    "duration": ("longer_than", "is_unknown", "is_answered"),
    "date": ("is_unknown", "is_answered"),
    "text": ("is_unknown", "is_answered"),
}


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Span(_Node):
    """A length of time in a rule, such as 3 months."""

    amount: PositiveInt
    unit: DurationUnit


class _Compilable(_Node):
    @cached_property
    def compiled(self) -> Compiled:
        """This condition compiled once, shared by every tree it is part of."""
        return compile_condition(cast("Condition", self))


class Predicate(_Compilable):
    """A test on one answer field; exactly one operator is given."""

    field: str
    equals: Scalar | None = None
    in_: list[Scalar] | None = Field(None, alias="in", min_length=1)
    # Comparisons accept any scalar here so that the cross-check against the
    # answers model can say which field holds a number, not just "not a number".
    gt: Scalar | None = None
    ge: Scalar | None = None
    lt: Scalar | None = None
    le: Scalar | None = None
    contains: str | None = None
    contains_any: list[str] | None = Field(None, min_length=1)
    is_unknown: Literal[True] | None = None
    is_answered: Literal[True] | None = None
    longer_than: Span | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Predicate:
        given = [op for op in OPERATORS if self.operand(op) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a predicate on '{self.field}' needs exactly one operator, got "
                f"{given or 'none'}; operators are {', '.join(OPERATORS)}"
            )
        return self

    def operand(self, op: str) -> Any:
        return getattr(self, "in_" if op == "in" else op)

    @cached_property
    def operator(self) -> str:
        return next(op for op in OPERATORS if self.operand(op) is not None)

    @property
    def values(self) -> list[Scalar]:
        """The option values this predicate compares against (for cross-checks)."""
        operand = self.operand(self.operator)
        return list(operand) if isinstance(operand, list) else [operand]


class AllOf(_Compilable):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Compilable):
    any: list[Condition] = Field(min_length=1)


class NotOf(_Compilable):
    not_: Condition = Field(alias="not")


def _tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((key for key in ("all", "any", "not", "field") if key in value), None)
    tags: dict[type[BaseModel], str] = {
        AllOf: "all",
        AnyOf: "any",
        NotOf: "not",
        Predicate: "field",
    }
    return tags.get(type(value))


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[Predicate, Tag("field")],
    Discriminator(
        _tag,
        custom_error_type="unknown_condition",
        custom_error_message="a condition is a mapping with one of the keys all, any, not, field",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def predicates(condition: Condition) -> list[Predicate]:
    """Every leaf of a condition tree, left to right."""
    if isinstance(condition, Predicate):
        return [condition]
    if isinstance(condition, NotOf):
        return predicates(condition.not_)
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return [leaf for child in children for leaf in predicates(child)]


def check_predicate(predicate: Predicate, spec: FieldSpec | None, known: list[str]) -> str | None:
    """Why a predicate does not fit the answers model, or ``None`` when it does."""
    if spec is None:
        return f"unknown field '{predicate.field}'; known fields are {', '.join(known)}"
    op = predicate.operator
    allowed = OPERATORS_BY_KIND[spec.kind]
    if op not in allowed:
        return (
            f"operator '{op}' does not fit field '{spec.path}', which holds a {spec.kind}; "
            f"use one of {', '.join(allowed)}"
        )
    if op in ("is_unknown", "is_answered", "longer_than"):
        return None
    for value in predicate.values:
        if spec.kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                return f"field '{spec.path}' holds a number; {value!r} is not a number"
            if (spec.minimum is not None and value < spec.minimum) or (
                spec.maximum is not None and value > spec.maximum
            ):
                return (
                    f"value {value:g} is outside field '{spec.path}' range "
                    f"{spec.minimum:g} to {spec.maximum:g}"
                )
        elif value not in spec.options or value in ("unknown", "not_sure"):
            hint = ' (in YAML, quote yes and no: "yes")' if isinstance(value, bool) else ""
            usable = [o for o in spec.options if o not in ("unknown", "not_sure")]
            unknown_hint = (
                "; to test for an unknown answer use is_unknown"
                if (value in ("unknown", "not_sure"))
                else ""
            )
            return (
                f"value {value!r} is not an option of field '{spec.path}'{hint}{unknown_hint}; "
                f"must be one of {', '.join(usable)}"
            )
    return None


def _compile_predicate(predicate: Predicate) -> Compiled:
    get = operator.attrgetter(predicate.field)
    op = predicate.operator
    operand = predicate.operand(op)

    if op == "is_unknown":
        return lambda answers: is_unknown(get(answers))
    if op == "is_answered":
        return lambda answers: not is_unknown(get(answers))
    if op == "longer_than":
        span: Span = operand

        def exceeds(answers: Answers) -> Truth:
            d = answers.duration
            return longer_than(
                d.amount, d.unit, d.onset_date, answers.screening_date, span.amount, span.unit
            )

        return exceeds

    test: Callable[[Any], bool]
    if op == "equals":
        test = operand.__eq__
    elif op == "in":
        test = frozenset(operand).__contains__
    elif op == "contains":
        test = lambda values: operand in values  # noqa: E731
    elif op == "contains_any":
        wanted = frozenset(operand)
        test = lambda values: not wanted.isdisjoint(values)  # noqa: E731
    else:
        compare = getattr(operator, op)
        test = lambda value: compare(value, operand)  # noqa: E731

    def check(answers: Answers) -> Truth:
        value = get(answers)
        if is_unknown(value):
            return None
        return bool(test(value))

    return check


def compile_condition(condition: Condition) -> Compiled:
    """Turn a condition tree into one callable returning True, False or None."""
    if isinstance(condition, Predicate):
        return _compile_predicate(condition)
    if isinstance(condition, NotOf):
        inner = condition.not_.compiled

        def negate(answers: Answers) -> Truth:
            value = inner(answers)
            return None if value is None else not value

        return negate
    if isinstance(condition, AllOf):
        return _junction([child.compiled for child in condition.all], decisive=False)
    return _junction([child.compiled for child in condition.any], decisive=True)


def _junction(parts: list[Compiled], decisive: bool) -> Compiled:
    """``all`` (decisive value False) or ``any`` (decisive value True), three-valued.

    One part with the decisive value settles it; otherwise any unknown part
    makes the whole unknown; otherwise it is the non-decisive value.
    """

    def combine(answers: Answers) -> Truth:
        result: Truth = not decisive
        for part in parts:
            value = part(answers)
            if value is decisive:
                return decisive
            if value is None:
                result = None
        return result

    return combine


def evidence(condition: Condition, answers: Answers, dumped: dict[str, Any]) -> dict[str, Any]:
    """The answer values that made a true condition true, by field path."""
    if isinstance(condition, Predicate):
        value: Any = dumped
        for part in condition.field.split("."):
            value = value[part]
        found = {condition.field: value}
        if condition.operator == "longer_than":
            found["screening_date"] = dumped["screening_date"]
        return found
    if isinstance(condition, NotOf):
        return evidence(condition.not_, answers, dumped)
    children = condition.all if isinstance(condition, AllOf) else condition.any
    found = {}
    for child in children:
        if isinstance(condition, AllOf) or child.compiled(answers) is True:
            found.update(evidence(child, answers, dumped))
    return found
