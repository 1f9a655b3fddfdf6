"""The catalogue of answer fields that rules and questions can refer to.

It is read off the :class:`~screener.answers.Answers` model itself, so the
model stays the one place where a field, its type and its options are defined.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

import annotated_types
from pydantic import BaseModel

from screener.answers import Answers, Duration, RedFlags

FieldKind = Literal["choice", "multichoice", "number", "duration", "date", "text"]


@dataclass(frozen=True)
class FieldSpec:
    """One answer field: its dotted path, what kind of value it holds, and its limits.

    For a number the limits are its range; for text, ``maximum`` is the longest length.
    """

    path: str
    kind: FieldKind
    title: str
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False

    @property
    def is_safety_question(self) -> bool:
        return self.path.startswith("red_flags.")


def _strip_optional(annotation: object) -> object:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _spec(path: str, annotation: object, title: str, metadata: list[object]) -> FieldSpec | None:
    inner = _strip_optional(annotation)
    origin = typing.get_origin(inner)
    if origin is Literal:
        return FieldSpec(path, "choice", title, options=tuple(typing.get_args(inner)))
    if origin is list:
        (item,) = typing.get_args(inner)
        if typing.get_origin(item) is Literal:
            return FieldSpec(path, "multichoice", title, options=tuple(typing.get_args(item)))
        return None
    if inner in (int, float):
        low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), None)
        high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), None)
        return FieldSpec(
            path,
            "number",
            title,
            minimum=float(low) if low is not None else None,  # type: ignore[arg-type]
            maximum=float(high) if high is not None else None,  # type: ignore[arg-type]
            integer=inner is int,
        )
    if inner is Duration:
        return FieldSpec(path, "duration", title)
    if inner is date:
        return FieldSpec(path, "date", title)
    if inner is str:
        longest = next(
            (m.max_length for m in metadata if isinstance(m, annotated_types.MaxLen)), None
        )
        return FieldSpec(path, "text", title, maximum=float(longest) if longest else None)
    return None


def _walk(model: type[BaseModel], prefix: str) -> list[FieldSpec]:
    specs: list[FieldSpec] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        inner = _strip_optional(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel) and inner is not Duration:
            specs.extend(_walk(inner, f"{path}."))
            continue
        spec = _spec(path, info.annotation, info.title or name, list(info.metadata))
        if spec is not None:
            specs.append(spec)
    return specs


@cache
def catalogue() -> dict[str, FieldSpec]:
    """Every addressable answer field, by dotted path, in model order."""
    return {spec.path: spec for spec in _walk(Answers, "")}


def safety_questions() -> list[FieldSpec]:
    """The red-flag fields, in the order the model declares them."""
    return [catalogue()[f"red_flags.{name}"] for name in RedFlags.model_fields]
