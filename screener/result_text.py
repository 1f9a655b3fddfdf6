"""The plain-text account of a result that ``screener evaluate`` prints."""

from __future__ import annotations

import textwrap

from screener.dispositions import SAFETY_NET, Disposition
from screener.evaluation import Result


def _wrap(text: str, width: int, first: str = "", rest: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=width,
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_on_hyphens=False,  # rule ids like unknown-urgent-sign stay whole
    )


def render_result(result: Result, width: int = 78) -> str:
    """Headline, next step, the reasons, and what was left unanswered, in plain words."""
    disposition = Disposition(result.disposition)
    lines = [f"Result: {disposition.headline}", "", _wrap(disposition.next_step, width), ""]
    lines.append("Why:")
    for rule in result.fired:
        lines.append(_wrap(f"{rule.title}. {rule.rationale}", width, "- ", "  "))
        lines.append(_wrap(f"Source: {rule.source}. Rule: {rule.id}.", width, "  "))
    if result.unanswered_safety_questions:
        lines += ["", "Warning signs we could not rule out (not answered, or not known):"]
        lines += [f"- {gap.question}" for gap in result.unanswered_safety_questions]
    if result.missing_information:
        lines += ["", "Information that was missing:"]
        lines += [f"- {gap.question}" for gap in result.missing_information]
    lines += ["", _wrap(SAFETY_NET, width), ""]
    lines.append(
        f"Rule set {result.ruleset_name} {result.ruleset_version} "
        f"({result.ruleset_hash[:19]}), screener {result.screener_version}."
    )
    return "\n".join(lines) + "\n"
