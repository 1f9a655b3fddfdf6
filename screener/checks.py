"""Static checks of a rule set with its questionnaire (``screener rules check``).

Beyond what the loaders check (fields, operators, values, unique ids), a rule set must:

* let every rule fire: some answers make its condition true;
* let every rule decide: some answers make it fire while no other rule at least as severe
  fires. A rule that only ever fires next to such a rule is shadowed: it changes no result;
* reach every disposition;
* read only answers the questionnaire asks, on some path through its skip logic, in each mode;
* never have two rules that fire on exactly the same answers with different dispositions;
* name only education topics the reports hold: topic ``t`` exists when
  ``reports/content.yaml`` has a section ``t`` under ``topics``.

The searches run over the exact answer classes (:mod:`screener.search`), so "no answers
exist" is a proof over every possible answer, not a sample.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from screener.answer_space import Dimension, dimensions
from screener.conditions import Condition, predicates
from screener.dispositions import Disposition
from screener.questionnaire import MODES, Mode, Questionnaire
from screener.rules import LoadedRule, Outcome, RuleSet, read_yaml
from screener.search import Term, fields_of, find, tabulate

CONTENT = "content.yaml"
"""The report words (see screener/report.py); its ``topics`` are what rules may name."""


@dataclass(frozen=True)
class Finding:
    """One problem: which check found it, and a message naming the file and rule."""

    check: str
    message: str


def _where(ruleset: RuleSet, loaded: LoadedRule) -> str:
    return f"{ruleset.directory / loaded.file}, rule '{loaded.rule.id}'"


def _about(check: str, ruleset: RuleSet, loaded: LoadedRule, message: str) -> Finding:
    """A finding about one rule, naming its file and id first."""
    return Finding(check, f"{_where(ruleset, loaded)}: {message}.")


def _reads(condition: Condition) -> list[str]:
    return list(dict.fromkeys(leaf.field for leaf in predicates(condition)))


def _firing(
    ruleset: RuleSet, terms: Mapping[str, Term], dims: Mapping[str, Dimension]
) -> list[Finding]:
    findings = []
    for loaded in ruleset.rules:
        rule, term = loaded.rule, terms[loaded.rule.id]
        if find(dims, [term]) is None:
            message = "can never fire: no answers make its condition true"
            findings.append(_about("can-fire", ruleset, loaded, message))
            continue
        rivals = [
            other.rule
            for other in ruleset.rules
            if other is not loaded and other.rule.disposition.severity >= rule.disposition.severity
        ]
        if find(dims, [term], [terms[other.id] for other in rivals]) is not None:
            continue
        shadows = [
            f"'{o.id}' ({o.disposition.value})"
            for o in rivals
            if find(dims, [term], [terms[o.id]]) is None
        ]
        who = " or ".join(shadows) if shadows else "another rule at least as severe"
        message = f"shadowed, so it changes no result: whenever it fires, {who} fires too"
        findings.append(_about("shadowed", ruleset, loaded, message))
    return findings


def _dispositions(
    ruleset: RuleSet, terms: Mapping[str, Term], dims: Mapping[str, Dimension]
) -> list[Finding]:
    reached = set()
    if find(dims, [], list(terms.values())) is not None:
        reached.add(ruleset.fallback.disposition)
    findings = []
    for disposition in Disposition:
        givers = [
            loaded.rule.id for loaded in ruleset.rules if loaded.rule.disposition == disposition
        ]
        above = [
            terms[loaded.rule.id]
            for loaded in ruleset.rules
            if loaded.rule.disposition.severity > disposition.severity
        ]
        if disposition in reached or any(find(dims, [terms[g]], above) for g in givers):
            continue
        why = (
            f"every rule that gives it ({', '.join(givers)}) is outranked"
            if givers
            else "no rule gives it"
        )
        findings.append(
            Finding(
                "reachable",
                f"{ruleset.directory}: no answers lead to '{disposition.value}': {why}.",
            )
        )
    return findings


def asked_fields(
    questionnaire: Questionnaire, mode: Mode, dims: Mapping[str, Dimension]
) -> set[str]:
    """The fields asked on some path through the questionnaire in ``mode``.

    A question is asked when its ``show_when`` can be true, with the fields asked before it
    free and every other field unanswered.
    """
    asked: set[str] = set()
    for question in questionnaire.for_mode(mode):
        if question.show_when is not None:
            term = tabulate(question.show_when, dims)
            allowed: dict[str, Sequence[int]] = {
                path: [dims[path].index(None)] for path in fields_of(term) if path not in asked
            }
            if find(dims, [term], allowed=allowed) is None:
                continue
        asked.add(question.field)
    return asked


def _asked(
    ruleset: RuleSet, questionnaire: Questionnaire, dims: Mapping[str, Dimension]
) -> list[Finding]:
    findings = []
    for mode in MODES:
        asked = asked_fields(questionnaire, mode, dims)
        for loaded in ruleset.rules:
            for path in _reads(loaded.rule.when):
                if path not in asked:
                    message = f"reads '{path}', which the questionnaire never asks in {mode} mode"
                    findings.append(_about("asked", ruleset, loaded, message))
    return findings


def _same_answers(
    ruleset: RuleSet, terms: Mapping[str, Term], dims: Mapping[str, Dimension]
) -> list[Finding]:
    findings = []
    rules = list(ruleset.rules)
    for i, first in enumerate(rules):
        for second in rules[i + 1 :]:
            a, b = first.rule, second.rule
            if a.disposition == b.disposition or set(_reads(a.when)) != set(_reads(b.when)):
                continue
            if find(dims, [terms[a.id]], [terms[b.id]]) or find(dims, [terms[b.id]], [terms[a.id]]):
                continue
            findings.append(
                Finding(
                    "duplicate",
                    f"{_where(ruleset, first)} ({a.disposition.value}) and "
                    f"{_where(ruleset, second)} ({b.disposition.value}): the same condition "
                    "(they fire on exactly the same answers) with different dispositions.",
                )
            )
    return findings


def education_topics(reports: Path) -> set[str]:
    """The topics the reports can teach: the keys under ``topics`` in ``reports/content.yaml``."""
    path = reports / CONTENT
    if not path.is_file():
        return set()
    content = read_yaml(path)
    topics = content.get("topics") if isinstance(content, dict) else None
    return set(topics) if isinstance(topics, dict) else set()


def _education(ruleset: RuleSet, reports: Path) -> list[Finding]:
    topics = education_topics(reports)
    outcomes: list[tuple[str, Outcome]] = [
        (_where(ruleset, loaded), loaded.rule) for loaded in ruleset.rules
    ]
    fallback = ruleset.fallback
    outcomes.append((f"{ruleset.directory / 'ruleset.yaml'}, rule '{fallback.id}'", fallback))
    return [
        Finding(
            "education",
            f"{where}: education topic '{topic}' has no section in the reports; expected "
            f"'{topic}' under 'topics' in {reports / CONTENT}.",
        )
        for where, outcome in outcomes
        for topic in outcome.education
        if topic not in topics
    ]


def check_ruleset(ruleset: RuleSet, questionnaire: Questionnaire, reports: Path) -> list[Finding]:
    """Every problem the static checks find; an empty list when there are none."""
    conditions = [loaded.rule.when for loaded in ruleset.rules]
    conditions += [q.show_when for q in questionnaire.questions if q.show_when is not None]
    dims = dimensions(conditions)
    terms = {loaded.rule.id: tabulate(loaded.rule.when, dims) for loaded in ruleset.rules}
    return [
        *_firing(ruleset, terms, dims),
        *_dispositions(ruleset, terms, dims),
        *_asked(ruleset, questionnaire, dims),
        *_same_answers(ruleset, terms, dims),
        *_education(ruleset, reports),
    ]
