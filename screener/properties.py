"""Safety properties as data: what must hold for every combination of answers.

A rule set folder holds ``properties.yaml``, checked by ``screener rules verify``. It names
the warning signs by tier (the clinical statement of which signs need emergency care and
which urgent care, kept apart from the rules that implement it) and lists properties in a
small vocabulary, so a clinic can add its own:

``at_least``
    When a condition holds, the disposition is at least this one. Give ``when`` (a condition
    in the rules' language) or ``signs`` (a tier) with ``answer`` ("yes" or "unknown"): each
    sign of the tier given that answer, whatever else is answered.
``never_lowers``
    Changing any of ``fields`` from one answer (``from``) to another (``to``), all else the
    same, never makes the disposition less severe.
``longer_never_lowers``
    A larger value of any of ``fields`` (the duration, a number), all else the same, never
    makes the disposition less severe.
``unknown_is_listed``
    When any of ``fields`` is unanswered or unknown, the result lists it.
``undecided_at_least``
    When a rule giving ``rules_giving`` can be neither ruled in nor out (its condition is
    unknown), the disposition is at least ``disposition``: a warning the screening could not
    rule out is never read as absent.

``fields`` take dotted paths; ``red_flags.*`` means every warning sign. Like the rules, the
file is read with ``yaml.safe_load`` and validated with unknown keys forbidden, then checked
against the answers model; messages name the file and the property.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from screener.conditions import AnyOf, Condition, Predicate
from screener.dispositions import Disposition
from screener.errors import RuleSetError, describe_validation
from screener.fields import catalogue, safety_questions
from screener.resources import data_dir
from screener.rules import ID_PATTERN, check_condition, read_yaml

PROPERTIES = "properties.yaml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _Property(_Model):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=10)


class AtLeast(_Property):
    """When the condition holds, the disposition is at least ``disposition``."""

    kind: Literal["at_least"]
    disposition: Disposition
    when: Condition | None = None
    signs: str | None = None
    answer: Literal["yes", "unknown"] | None = None

    @model_validator(mode="after")
    def _when_or_signs(self) -> AtLeast:
        if (self.when is None) == (self.signs is None):
            raise ValueError("give either 'when' (a condition) or 'signs' (a tier), not both")
        if (self.signs is None) != (self.answer is None):
            raise ValueError("'signs' and 'answer' go together")
        return self


class NeverLowers(_Property):
    """Changing a field from one answer to another never lowers the disposition."""

    kind: Literal["never_lowers"]
    fields: list[str] = Field(min_length=1)
    from_: str = Field(alias="from")
    to: str


class LongerNeverLowers(_Property):
    """A larger value of a field never lowers the disposition."""

    kind: Literal["longer_never_lowers"]
    fields: list[str] = Field(min_length=1)


class UnknownIsListed(_Property):
    """An unanswered or unknown field is listed in the result."""

    kind: Literal["unknown_is_listed"]
    fields: list[str] = Field(min_length=1)


class UndecidedAtLeast(_Property):
    """A rule that can be neither ruled in nor out still raises the disposition."""

    kind: Literal["undecided_at_least"]
    rules_giving: Disposition
    disposition: Disposition


Property = Annotated[
    AtLeast | NeverLowers | LongerNeverLowers | UnknownIsListed | UndecidedAtLeast,
    Field(discriminator="kind"),
]


class PropertyFile(_Model):
    version: str
    tiers: dict[str, list[str]] = Field(min_length=1)
    properties: list[Property] = Field(min_length=1)


@dataclass(frozen=True)
class PropertySet:
    """The loaded properties: tiers and ``at_least`` signs expanded, field patterns resolved."""

    version: str
    tiers: dict[str, tuple[str, ...]]
    properties: tuple[Property, ...]


def _sign_condition(fields: tuple[str, ...], answer: str) -> Condition:
    leaves: list[Condition] = [
        Predicate.model_validate(
            {"field": field, "equals": "yes"}
            if answer == "yes"
            else {"field": field, "is_unknown": True}
        )
        for field in fields
    ]
    return AnyOf(any=leaves)


def _resolve(prop: Property, tiers: dict[str, tuple[str, ...]], where: str) -> Property:
    specs = catalogue()
    if isinstance(prop, AtLeast):
        if prop.signs is not None:
            if prop.signs not in tiers:
                raise RuleSetError(
                    f"{where}: unknown tier '{prop.signs}'; tiers are {', '.join(tiers)}."
                )
            assert prop.answer is not None  # the validator pairs them
            prop = prop.model_copy(update={"when": _sign_condition(tiers[prop.signs], prop.answer)})
        assert prop.when is not None
        check_condition(prop.when, where)
        return prop
    if isinstance(prop, UndecidedAtLeast):
        return prop
    fields: list[str] = []
    for pattern in prop.fields:
        matched = [path for path in specs if fnmatchcase(path, pattern)]
        if not matched:
            raise RuleSetError(
                f"{where}: '{pattern}' names no field; known fields are {', '.join(specs)}."
            )
        fields += matched
    for path in fields:
        spec = specs[path]
        if isinstance(prop, NeverLowers) and (
            spec.kind != "choice" or not {prop.from_, prop.to} <= set(spec.options)
        ):
            raise RuleSetError(
                f"{where}: field '{path}' cannot change from {prop.from_!r} to {prop.to!r}; "
                f"its answers are {', '.join(spec.options) or '(not a choice)'}."
            )
        if isinstance(prop, LongerNeverLowers) and spec.kind not in ("number", "duration"):
            raise RuleSetError(
                f"{where}: field '{path}' holds a {spec.kind}, which has no larger value; "
                "use a number or the duration."
            )
    return prop.model_copy(update={"fields": list(dict.fromkeys(fields))})


def load_properties(directory: Path | str | None = None) -> PropertySet:
    """Load and check ``properties.yaml`` in ``directory`` (the shipped rules by default)."""
    folder = Path(directory) if directory is not None else data_dir("rules")
    path = folder / PROPERTIES
    if not path.is_file():
        raise RuleSetError(
            f"{folder}: no {PROPERTIES} here; a rule set needs its safety properties to be "
            "verified (copy the shipped one and adapt it)."
        )
    try:
        data = PropertyFile.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise RuleSetError(describe_validation(exc, str(path))) from exc
    signs = [spec.path for spec in safety_questions()]
    tiers: dict[str, tuple[str, ...]] = {}
    for name, fields in data.tiers.items():
        stray = [field for field in fields if field not in signs]
        if stray:
            raise RuleSetError(
                f"{path}, tier '{name}': {', '.join(stray)} is not a warning sign; "
                f"warning signs are {', '.join(signs)}."
            )
        tiers[name] = tuple(fields)
    seen: set[str] = set()
    resolved = []
    for prop in data.properties:
        where = f"{path}, property '{prop.id}'"
        if prop.id in seen:
            raise RuleSetError(f"{where}: duplicate id; property ids must be unique.")
        seen.add(prop.id)
        resolved.append(_resolve(prop, tiers, where))
    return PropertySet(data.version, tiers, tuple(resolved))
