"""Comparing rule-set versions: which answers change disposition, and the rules behind it."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from screener.cli import main
from screener.documents import read_answers
from screener.rules import load_ruleset
from screener.ruleset_diff import corpus_files, diff_rulesets

from paths import EXAMPLES, RULES


def test_a_folder_gives_its_answers_files() -> None:
    """A folder in the corpus stands for its *.json files, not other YAML beside them."""
    files = corpus_files([str(EXAMPLES)])
    assert files and all(path.endswith(".json") for path in files)


def test_the_same_rules_change_nothing() -> None:
    """A rule set compared with itself changes no answers and no rules."""
    ruleset = load_ruleset(RULES)
    documents = [(path, read_answers(path)) for path in corpus_files([str(EXAMPLES)])]
    diff = diff_rulesets(ruleset, ruleset, documents)
    assert (diff.changed, diff.reasons_changed, diff.edited) == ([], [], [])
    assert diff.examined == len(documents)


def test_a_removed_rule_shows_who_changes_and_why(tmp_path: Path) -> None:
    """Dropping the referral file moves the referral example to another disposition."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    manifest = folder / "ruleset.yaml"
    manifest.write_text(manifest.read_text().replace("  - referral.yaml\n", ""))
    example = str(EXAMPLES / "specialist-referral-chronic-failed-trial.json")
    result = CliRunner().invoke(
        main, ["rules", "diff", str(RULES), str(folder), "--corpus", example]
    )
    assert result.exit_code == 0, result.output
    assert "Rules removed: chronic-unresolved-after-adequate-trial" in result.output
    assert f"{example}: specialist_referral -> self_care" in result.output
    assert "fired before: chronic-unresolved-after-adequate-trial" in result.output
    assert "fired after:  no-concern-found" in result.output
