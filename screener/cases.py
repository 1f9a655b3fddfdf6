"""Example cases that ship with a rule set: answers in, expected disposition out.

A rule set folder may hold ``cases/``: ``base.yaml`` is a complete, calm
answers document (every warning sign answered "no"), and each other file lists
cases whose ``answers`` are merged over that base. A case states the
disposition and the exact set of rule ids it expects to fire, so a clinic that
edits rules can run the same checks we do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from screener.answers import Answers
from screener.dispositions import Disposition
from screener.documents import parse_answers, read_document
from screener.errors import RuleSetError, describe_validation
from screener.evaluation import Result, evaluate
from screener.rules import ID_PATTERN, RuleSet

BASE = "base.yaml"


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=ID_PATTERN)
    description: str = ""
    answers: dict[str, Any] = Field(default_factory=dict)
    disposition: Disposition
    fired: list[str] = Field(min_length=1)


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cases: list[Case] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedCase:
    case: Case
    file: str
    answers: Answers


@dataclass(frozen=True)
class CaseOutcome:
    loaded: LoadedCase
    result: Result

    @property
    def fired(self) -> set[str]:
        return {rule.id for rule in self.result.fired}

    @property
    def passed(self) -> bool:
        return self.result.disposition == self.loaded.case.disposition and self.fired == set(
            self.loaded.case.fired
        )


def merged(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """``overlay`` laid over ``base``: mappings merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def load_cases(folder: Path) -> list[LoadedCase]:
    """Every case in ``folder`` (normally ``<rules>/cases``), with its answers built."""
    base = read_document(str(folder / BASE))
    if not isinstance(base, dict):
        raise RuleSetError(
            f"{folder / BASE}: the base answers must be a mapping of fields, "
            f"not {type(base).__name__}."
        )
    loaded = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == BASE:
            continue
        try:
            case_file = CaseFile.model_validate(read_document(str(path)))
        except ValidationError as exc:
            raise RuleSetError(describe_validation(exc, str(path))) from exc
        for case in case_file.cases:
            answers = parse_answers(merged(base, case.answers), f"{path}, case '{case.name}'")
            loaded.append(LoadedCase(case, path.name, answers))
    return loaded


def run_cases(cases: list[LoadedCase], ruleset: RuleSet) -> list[CaseOutcome]:
    return [CaseOutcome(loaded, evaluate(loaded.answers, ruleset)) for loaded in cases]


def describe_outcome(outcome: CaseOutcome) -> str:
    """One line: PASS or FAIL, the case, and for a failure what was expected and what came."""
    case = outcome.loaded.case
    name = f"{outcome.loaded.file.removesuffix('.yaml')}:{case.name}"
    if outcome.passed:
        return f"PASS {name}"
    return (
        f"FAIL {name}: expected {case.disposition.value} ({', '.join(sorted(case.fired))}), "
        f"got {outcome.result.disposition.value} ({', '.join(sorted(outcome.fired))})"
    )
