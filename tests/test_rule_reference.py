"""The rule reference generated from the YAML, and kept current in docs/rules.md."""

from __future__ import annotations

from screener.rule_reference import REGENERATE, render_rule_list, render_rule_reference
from screener.rules import RuleSet

from paths import REPO


def test_rule_reference_is_current(ruleset: RuleSet) -> None:
    """docs/rules.md is the generated rule reference; regenerate it after a rule change."""
    current = (REPO / "docs" / "rules.md").read_text()
    assert current == render_rule_reference(ruleset), (
        f"docs/rules.md is out of date; run: {REGENERATE}"
    )


def test_reference_has_a_row_per_outcome(ruleset: RuleSet) -> None:
    """Every rule and the fallback appear once, with their source."""
    reference = render_rule_reference(ruleset)
    for _, rule in ruleset.outcomes():
        assert reference.count(f"| `{rule.id}` |") == 1
        assert " ".join(rule.source.split()) in reference


def test_list_names_every_rule(ruleset: RuleSet) -> None:
    """The terminal list shows every outcome's id and source."""
    listing = render_rule_list(ruleset)
    assert listing.count("    source: ") == len(ruleset.outcomes())
