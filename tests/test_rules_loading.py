"""Broken rule files fail on load with a message naming the file, the rule and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screener.errors import RuleSetError
from screener.rules import load_ruleset

from paths import RULES

GOOD_RULE = """\
  - id: urgent-fever
    title: Fever
    when: {field: red_flags.fever, equals: "yes"}
    disposition: urgent
    rationale: A fever with back pain needs a doctor soon.
    source: NHS urgent GP or 111 advice
"""


def rule_set_with(tmp_path: Path, urgent_rules: str) -> Path:
    """A copy of the shipped rules whose urgent.yaml holds only the given rules."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    (folder / "urgent.yaml").write_text(f"topic: urgent\nrules:\n{urgent_rules}")
    return folder


def load_error(folder: Path) -> str:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(folder)
    return str(caught.value)


def test_shipped_rules_load() -> None:
    """The shipped rule set loads, with a version and a content hash."""
    ruleset = load_ruleset(RULES)
    assert ruleset.version
    assert ruleset.content_hash.startswith("sha256:")


def test_a_valid_edit_loads(tmp_path: Path) -> None:
    """The fixture itself is sound: a good rule in place of urgent.yaml loads."""
    assert load_ruleset(rule_set_with(tmp_path, GOOD_RULE)).rule("urgent-fever").title == "Fever"


def test_unknown_field(tmp_path: Path) -> None:
    """A misspelt field names the file, the rule and the known fields."""
    message = load_error(
        rule_set_with(tmp_path, GOOD_RULE.replace("red_flags.fever", "red_flags.fevr"))
    )
    assert "urgent.yaml, rule 'urgent-fever'" in message
    assert "unknown field 'red_flags.fevr'" in message
    assert "red_flags.fever" in message


def test_operator_that_does_not_fit_the_field(tmp_path: Path) -> None:
    """gt on a yes/no question is refused, with the operators that fit."""
    message = load_error(rule_set_with(tmp_path, GOOD_RULE.replace('equals: "yes"', "gt: 3")))
    assert "rule 'urgent-fever'" in message
    assert "operator 'gt' does not fit field 'red_flags.fever'" in message
    assert "equals, in, is_unknown, is_answered" in message


def test_value_outside_the_options(tmp_path: Path) -> None:
    """A value that is not an option names the bad value and the allowed ones."""
    message = load_error(rule_set_with(tmp_path, GOOD_RULE.replace('"yes"', '"maybe"')))
    assert "value 'maybe' is not an option of field 'red_flags.fever'" in message
    assert "must be one of yes, no" in message


def test_unquoted_yes_gets_a_hint(tmp_path: Path) -> None:
    """YAML reads a bare yes as true; the message says to quote it."""
    message = load_error(rule_set_with(tmp_path, GOOD_RULE.replace('"yes"', "yes")))
    assert "value True is not an option" in message
    assert "quote yes and no" in message


def test_number_compared_with_text(tmp_path: Path) -> None:
    """A number field compared with text is refused."""
    rule = GOOD_RULE.replace('{field: red_flags.fever, equals: "yes"}', '{field: age, gt: "old"}')
    message = load_error(rule_set_with(tmp_path, rule))
    assert "rule 'urgent-fever'" in message
    assert "age" in message


def test_number_outside_the_field_range(tmp_path: Path) -> None:
    """Pain is 0 to 10: comparing it with 11 can never be true and is refused."""
    rule = GOOD_RULE.replace('{field: red_flags.fever, equals: "yes"}', "{field: pain_now, gt: 11}")
    message = load_error(rule_set_with(tmp_path, rule))
    assert "value 11 is outside field 'pain_now' range 0 to 10" in message


def test_comparing_with_unknown_points_to_is_unknown(tmp_path: Path) -> None:
    """equals: unknown is refused in favour of is_unknown."""
    message = load_error(rule_set_with(tmp_path, GOOD_RULE.replace('"yes"', "unknown")))
    assert "use is_unknown" in message


def test_duplicate_id(tmp_path: Path) -> None:
    """The same id twice in a rule set names both places."""
    message = load_error(rule_set_with(tmp_path, GOOD_RULE + GOOD_RULE))
    assert "rule 'urgent-fever': duplicate id" in message


def test_id_used_in_another_file(tmp_path: Path) -> None:
    """An id already used in another file is a duplicate too."""
    message = load_error(
        rule_set_with(tmp_path, GOOD_RULE.replace("urgent-fever", "emergency-bladder-change"))
    )
    assert "duplicate id" in message
    assert "emergency.yaml" in message


def test_misspelt_key(tmp_path: Path) -> None:
    """An unknown key (a typo of disposition) fails instead of being ignored."""
    message = load_error(rule_set_with(tmp_path, GOOD_RULE.replace("disposition:", "dispositon:")))
    assert "rule 'urgent-fever'" in message
    assert "field 'dispositon': is not a known field" in message


def test_unknown_disposition(tmp_path: Path) -> None:
    """A disposition outside the five names the five."""
    message = load_error(
        rule_set_with(tmp_path, GOOD_RULE.replace("disposition: urgent", "disposition: soon"))
    )
    assert "field 'disposition'" in message
    assert (
        "'emergency', 'urgent', 'specialist_referral', 'conservative_care' or 'self_care'"
        in message
    )


def test_missing_source(tmp_path: Path) -> None:
    """Every rule must cite its source."""
    rule = "\n".join(line for line in GOOD_RULE.splitlines() if "source:" not in line) + "\n"
    message = load_error(rule_set_with(tmp_path, rule))
    assert "field 'source': Field required" in message


def test_malformed_yaml(tmp_path: Path) -> None:
    """A YAML syntax error names the file."""
    folder = rule_set_with(tmp_path, GOOD_RULE)
    (folder / "urgent.yaml").write_text("topic: urgent\nrules: [\n")
    message = load_error(folder)
    assert "urgent.yaml: not valid YAML" in message


def test_missing_rule_file(tmp_path: Path) -> None:
    """A file named in the manifest but absent is reported."""
    folder = rule_set_with(tmp_path, GOOD_RULE)
    (folder / "urgent.yaml").unlink()
    assert "urgent.yaml: cannot read it" in load_error(folder)


def test_folder_without_manifest(tmp_path: Path) -> None:
    """Pointing at the wrong folder says what is missing."""
    assert "no ruleset.yaml here" in load_error(tmp_path)


def test_content_hash_changes_with_a_rule(tmp_path: Path) -> None:
    """Any edit to a rule file changes the rule-set hash a result records."""
    first = load_ruleset(rule_set_with(tmp_path / "a", GOOD_RULE))
    second = load_ruleset(rule_set_with(tmp_path / "b", GOOD_RULE.replace("Fever", "A fever")))
    assert first.content_hash != second.content_hash


def test_repeated_key_in_a_rule_is_refused(tmp_path: Path) -> None:
    """A rule that states its disposition twice fails to load instead of keeping the last."""
    rule = GOOD_RULE.replace(
        "    disposition: urgent\n", "    disposition: urgent\n    disposition: self_care\n"
    )
    message = load_error(rule_set_with(tmp_path, rule))
    assert "urgent.yaml: not valid YAML: the key 'disposition' appears twice" in message


def test_rule_file_that_is_not_utf8(tmp_path: Path) -> None:
    """A rule file in another encoding is named, not a traceback."""
    folder = rule_set_with(tmp_path, GOOD_RULE)
    (folder / "urgent.yaml").write_bytes("topic: urg\xe9nt\n".encode("latin-1"))
    assert "urgent.yaml: not UTF-8 text" in load_error(folder)
