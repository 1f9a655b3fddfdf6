"""Turning answers into a result: a pure function of the answers and the rule set."""

from __future__ import annotations

import operator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from screener import __version__
from screener.answers import SCHEMA_VERSION, Answers, Duration, is_unknown
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


def _unset(value: object) -> bool:
    return value is None or (isinstance(value, Duration) and not value.is_known)


def _gap(path: str, answers: Answers) -> Gap:
    reason: GapReason
    if path in answers.no_answer:
        reason = answers.no_answer[path]
    elif _unset(operator.attrgetter(path)(answers)):
        reason = "not answered"
    else:
        reason = "unknown"
    return Gap(field=path, question=catalogue()[path].title, reason=reason)


def ranked(fired: list[Outcome], fallback: Outcome) -> list[Outcome]:
    """The outcomes that decide a result, most severe first: the rules that fired, or the fallback.

    The first one gives the disposition. Rule-set verification decides with this too.
    """
    return sorted(fired or [fallback], key=lambda outcome: -outcome.disposition.severity)


def unanswered_safety_questions(answers: Answers) -> list[Gap]:
    """Every warning-sign question without a usable answer, in the model's order."""
    return [
        _gap(spec.path, answers)
        for spec in safety_questions()
        if is_unknown(operator.attrgetter(spec.path)(answers))
    ]


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
    dumped = answers.model_dump(mode="json")
    outcomes = ranked(
        [loaded.rule for loaded in ruleset.rules if loaded.test(answers) is True], ruleset.fallback
    )
    fired = [
        _fired(
            outcome, evidence(outcome.when, answers, dumped) if isinstance(outcome, Rule) else {}
        )
        for outcome in outcomes
    ]
    education = list(dict.fromkeys(topic for rule in fired for topic in rule.education))

    return Result(
        disposition=fired[0].disposition,
        fired=fired,
        unanswered_safety_questions=unanswered_safety_questions(answers),
        missing_information=missing_information(answers, ruleset),
        education=education,
        ruleset_name=ruleset.name,
        ruleset_version=ruleset.version,
        ruleset_hash=ruleset.content_hash,
        screener_version=__version__,
        schema_version=SCHEMA_VERSION,
    )
