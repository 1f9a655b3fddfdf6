"""The rule reference: a plain list, and a Markdown table of every rule, generated from the YAML.

``docs/rules.md`` is this output, kept in the repository so reviewers can read
the rule set without reading YAML; a test fails when it falls out of date.
"""

from __future__ import annotations

from screener.rules import RuleSet

REGENERATE = "screener rules list --format markdown > docs/rules.md"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_rule_reference(ruleset: RuleSet) -> str:
    """Every rule in file order, the fallback last, with rationale and source."""
    lines = [
        f"# Rule reference: {ruleset.name} {ruleset.version}",
        "",
        f"Generated from `rules/` by `{REGENERATE}`. Do not edit by hand.",
        "",
        "| id | disposition | file | title | rationale | source |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{rule.id}` | {rule.disposition.value} | {file} | {_cell(rule.title)} "
        f"| {_cell(rule.rationale)} | {_cell(rule.source)} |"
        for file, rule in ruleset.outcomes()
    ]
    return "\n".join(lines) + "\n"


def render_rule_list(ruleset: RuleSet) -> str:
    """A plain list for the terminal: id, disposition and file, then title and source."""
    lines = [f"{ruleset.name} {ruleset.version} ({ruleset.content_hash})"]
    for file, rule in ruleset.outcomes():
        lines += [
            f"{rule.id:42} {rule.disposition.value:20} {file}",
            f"    {rule.title}",
            f"    source: {rule.source}",
        ]
    return "\n".join(lines) + "\n"
