"""Two versions of a rule set compared over a corpus of answers (``screener rules diff``).

For every answers file, both versions screen it; the report lists the files whose
disposition changes, with the rules that fired before and after (the why), then those whose
disposition stays but whose reasons change. It starts with the rules added, removed or
edited between the versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from screener.answers import Answers
from screener.evaluation import Result, evaluate
from screener.rules import Outcome, RuleSet


@dataclass(frozen=True)
class Change:
    """One answers file screened by both versions."""

    source: str
    before: Result
    after: Result

    @property
    def fired_before(self) -> list[str]:
        return [rule.id for rule in self.before.fired]

    @property
    def fired_after(self) -> list[str]:
        return [rule.id for rule in self.after.fired]


@dataclass(frozen=True)
class RuleSetDiff:
    old: RuleSet
    new: RuleSet
    added: list[str]
    removed: list[str]
    edited: list[str]
    examined: int
    changed: list[Change]
    reasons_changed: list[Change]


def corpus_files(paths: Iterable[str]) -> list[str]:
    """The answers files named: each file as given, each folder's ``*.json`` files, sorted."""
    found: list[str] = []
    for path in paths:
        folder = Path(path)
        found += sorted(str(p) for p in folder.rglob("*.json")) if folder.is_dir() else [path]
    return found


def _outcomes(ruleset: RuleSet) -> dict[str, Outcome]:
    rules: dict[str, Outcome] = {loaded.rule.id: loaded.rule for loaded in ruleset.rules}
    return rules | {ruleset.fallback.id: ruleset.fallback}


def diff_rulesets(old: RuleSet, new: RuleSet, corpus: list[tuple[str, Answers]]) -> RuleSetDiff:
    """Screen every answers document with both versions and collect what changes."""
    before, after = _outcomes(old), _outcomes(new)
    screened = [Change(source, evaluate(a, old), evaluate(a, new)) for source, a in corpus]
    return RuleSetDiff(
        old=old,
        new=new,
        added=[rule_id for rule_id in after if rule_id not in before],
        removed=[rule_id for rule_id in before if rule_id not in after],
        edited=[i for i in before if i in after and before[i] != after[i]],
        examined=len(screened),
        changed=[c for c in screened if c.before.disposition != c.after.disposition],
        reasons_changed=[
            c
            for c in screened
            if c.before.disposition == c.after.disposition and c.fired_before != c.fired_after
        ],
    )


def _version(ruleset: RuleSet) -> str:
    return f"{ruleset.name} {ruleset.version} ({ruleset.content_hash[:19]}) in {ruleset.directory}"


def render_diff(diff: RuleSetDiff) -> str:
    """The plain-text report of a diff."""
    lines = [f"Old: {_version(diff.old)}", f"New: {_version(diff.new)}"]
    for label, ids in (("added", diff.added), ("removed", diff.removed), ("edited", diff.edited)):
        lines.append(f"Rules {label}: {', '.join(ids) or 'none'}")
    lines += [
        "",
        f"{diff.examined} answers files: {len(diff.changed)} change disposition, "
        f"{len(diff.reasons_changed)} keep it with different reasons.",
    ]
    for title, changes in (
        ("Disposition changed", diff.changed),
        ("Reasons changed", diff.reasons_changed),
    ):
        if changes:
            lines += ["", f"{title}:"]
        for change in changes:
            lines += [
                f"  {change.source}: {change.before.disposition.value} -> "
                f"{change.after.disposition.value}",
                f"    fired before: {', '.join(change.fired_before)}",
                f"    fired after:  {', '.join(change.fired_after)}",
            ]
    return "\n".join(lines) + "\n"
