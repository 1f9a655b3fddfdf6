"""Turning answers into a result: a pure function of the answers and the rule set."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from screener import __version__
from screener.answers import SCHEMA_VERSION, Answers, is_unknown, is_unset
from screener.conditions import evidence
from screener.dispositions import Disposition
from screener.fields import catalogue, safety_questions
from screener.rules import Outcome, Rule, RuleSet


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FiredRule(_Model):
    """A rule whose condition was true, and the answers that made it so."""

    id: str
    title: str
    disposition: Disposition
    rationale: str
    source: str
    education: list[str]
    evidence: dict[str, Any]


GapReason = Literal["not answered", "unknown", "declined"]


class Gap(_Model):
    """An answer the screening needed but did not get, and why it is missing."""

    field: str
    question: str
    reason: GapReason


class Result(_Model):
    """The outcome of one screening, with everything needed to explain it."""

    disposition: Disposition
    fired: list[FiredRule]
    unanswered_safety_questions: list[Gap]
    missing_information: list[Gap]
    education: list[str]
    ruleset_name: str
    ruleset_version: str
    ruleset_hash: str
    screener_version: str
    schema_version: str


def _fired(outcome: Outcome, found: dict[str, Any]) -> FiredRule:
    return FiredRule(
        id=outcome.id,
        title=outcome.title,
        disposition=outcome.disposition,
        rationale=outcome.rationale,
        source=outcome.source,
        education=list(outcome.education),
        evidence=found,
    )


def _gap(path: str, answers: Answers) -> Gap:
    reason: GapReason
    if path in answers.no_answer:
        reason = answers.no_answer[path]
    elif is_unset(operator.attrgetter(path)(answers)):
        reason = "not answered"
    else:
        reason = "unknown"
    return Gap(field=path, question=catalogue()[path].title, reason=reason)


@dataclass(frozen=True)
class Decision:
    """What a screening decides, without the explanation: enough for batches and audits."""

    disposition: Disposition
    fired: tuple[Outcome, ...]
    """The rules that fired, most severe first (the fallback when none did)."""
    unanswered: tuple[str, ...]
    """Field paths of the safety questions left unanswered or answered "unknown"."""


def ranked(fired: list[Outcome], fallback: Outcome) -> list[Outcome]:
    """The outcomes that decide a result, most severe first: the rules that fired, or the fallback.

    The first one gives the disposition. Rule-set verification decides with this too.
    """
    return sorted(fired or [fallback], key=lambda outcome: -outcome.disposition.severity)


@cache
def _safety_getters() -> tuple[tuple[str, operator.attrgetter[Any]], ...]:
    return tuple((spec.path, operator.attrgetter(spec.path)) for spec in safety_questions())


def decide(answers: Answers, ruleset: RuleSet) -> Decision:
    """The disposition, the rules that fired and the unanswered safety questions.

    The same decision as :func:`evaluate`, at a fraction of the cost: nothing is
    looked up or copied to explain it.
    """
    fired = ranked(
        [loaded.rule for loaded in ruleset.rules if loaded.test(answers) is True], ruleset.fallback
    )
    unanswered = tuple(path for path, get in _safety_getters() if is_unknown(get(answers)))
    return Decision(disposition=fired[0].disposition, fired=tuple(fired), unanswered=unanswered)


def unanswered_safety_questions(answers: Answers) -> list[Gap]:
    """Every warning-sign question without a usable answer, in the model's order."""
    return [_gap(path, answers) for path, get in _safety_getters() if is_unknown(get(answers))]


def missing_information(answers: Answers, ruleset: RuleSet) -> list[Gap]:
    """The information the rule set asks a result to point out, where it is missing."""
    return [
        _gap(item.field, answers)
        for item, applies in ruleset.information_needed
        if is_unknown(operator.attrgetter(item.field)(answers))
        and (applies is None or applies(answers) is True)
    ]


def evaluate(answers: Answers, ruleset: RuleSet) -> Result:
    """Screen one person's answers. The result is the most severe disposition that fired."""
    decision = decide(answers, ruleset)
    dumped = answers.model_dump(mode="json")
    fired = [
        _fired(rule, evidence(rule.when, answers, dumped) if isinstance(rule, Rule) else {})
        for rule in decision.fired
    ]
    education = list(dict.fromkeys(topic for rule in fired for topic in rule.education))

    return Result(
        disposition=decision.disposition,
        fired=fired,
        unanswered_safety_questions=[_gap(path, answers) for path in decision.unanswered],
        missing_information=missing_information(answers, ruleset),
        education=education,
        ruleset_name=ruleset.name,
        ruleset_version=ruleset.version,
        ruleset_hash=ruleset.content_hash,
        screener_version=__version__,
        schema_version=SCHEMA_VERSION,
    )
