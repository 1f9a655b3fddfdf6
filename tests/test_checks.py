"""Static checks: the shipped rules pass; missing topics and unreachable dispositions are named."""

from __future__ import annotations

import shutil
from pathlib import Path

from screener.checks import check_ruleset, education_topics
from screener.questionnaire import load_questionnaire
from screener.resources import data_dir
from screener.rules import load_ruleset

from paths import REPO, RULES


def test_shipped_rules_pass_every_check() -> None:
    """No finding for the shipped rules, questionnaire and report templates."""
    findings = check_ruleset(load_ruleset(RULES), load_questionnaire(RULES), REPO / "reports")
    assert findings == []


def test_education_topics_are_the_report_content_topics(tmp_path: Path) -> None:
    """A topic exists when reports/content.yaml has a section for it under 'topics'."""
    (tmp_path / "content.yaml").write_text("topics:\n  miss: {}\n  self_care: {}\nlabels: {}\n")
    assert education_topics(tmp_path) == {"miss", "self_care"}


def test_a_topic_without_report_words_names_the_rule_and_the_place_expected(tmp_path: Path) -> None:
    """With no report words, each rule's topic is reported with where it belongs."""
    findings = check_ruleset(load_ruleset(RULES), load_questionnaire(RULES), tmp_path)
    messages = [f.message for f in findings if f.check == "education"]
    assert any(
        "rule 'chronic-unresolved-after-adequate-trial': education topic 'miss' has no section "
        "in the reports; expected 'miss' under 'topics'" in message
        for message in messages
    )


def test_a_disposition_no_rule_gives_is_unreachable(tmp_path: Path) -> None:
    """Without the referral file, no answers lead to specialist_referral."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    manifest = folder / "ruleset.yaml"
    manifest.write_text(manifest.read_text().replace("  - referral.yaml\n", ""))
    findings = check_ruleset(load_ruleset(folder), load_questionnaire(folder), data_dir("reports"))
    assert [f.message for f in findings if f.check == "reachable"] == [
        f"{folder}: no answers lead to 'specialist_referral': no rule gives it."
    ]
