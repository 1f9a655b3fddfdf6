"""The command line: exit codes and exact messages, including for every kind of bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from screener.cli import main
from screener.rules import load_ruleset

from paths import EXAMPLES, RULES

REFERRAL = str(EXAMPLES / "specialist-referral-chronic-failed-trial.json")


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def assert_input_error(result: Result, *phrases: str) -> None:
    """Exit 2, nothing on stdout, one paragraph on stderr with no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ")
    for phrase in phrases:
        assert phrase in result.stderr


def result_lines(result: Result) -> int:
    return len(result.stderr.strip().splitlines())


def test_evaluate_text_names_the_result_and_the_reason() -> None:
    """Text output leads with the result in plain words, then why, then the safety net."""
    result = run("evaluate", REFERRAL)
    assert result.exit_code == 0
    assert result.stdout.startswith("Result: Ask for a referral to a spine specialist")
    assert "chronic-unresolved-after-adequate-trial" in result.stdout
    assert "not a diagnosis" in result.stdout


def test_evaluate_json_is_the_result() -> None:
    """JSON output parses and holds the disposition and fired rules."""
    result = run("evaluate", REFERRAL, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["disposition"] == "specialist_referral"
    assert [rule["id"] for rule in data["fired"]] == ["chronic-unresolved-after-adequate-trial"]


def test_evaluate_reads_stdin() -> None:
    """- reads the answers from standard input, JSON or YAML."""
    text = Path(REFERRAL).read_text()
    assert json.loads(run("evaluate", "-", "--format", "json", stdin=text).stdout)[
        "disposition"
    ] == ("specialist_referral")


def test_evaluate_reads_yaml(tmp_path: Path) -> None:
    """A YAML answers file works as well as JSON."""
    path = tmp_path / "answers.yaml"
    path.write_text("screening_date: 2026-11-24\nred_flags: {bladder_change: 'yes'}\n")
    assert (
        json.loads(run("evaluate", str(path), "--format", "json").stdout)["disposition"]
        == "emergency"
    )


def test_missing_file() -> None:
    """A file that does not exist is named."""
    assert_input_error(run("evaluate", "nowhere.json"), "nowhere.json: no such file.")


def test_malformed_json(tmp_path: Path) -> None:
    """Broken JSON names the file, line and column."""
    path = tmp_path / "broken.json"
    path.write_text('{"age": 40,\n "duration": }')
    assert_input_error(
        run("evaluate", str(path)), "broken.json: not valid JSON", "line 2, column 14"
    )


def test_malformed_yaml(tmp_path: Path) -> None:
    """Broken YAML names the file."""
    path = tmp_path / "broken.yaml"
    path.write_text("age: [40\n")
    assert_input_error(
        run("evaluate", str(path)),
        "broken.yaml: not valid JSON or YAML: ",
        "',' or ']' at line 2, column 1.",  # the wording before it depends on libyaml
    )
    assert result_lines(run("evaluate", str(path))) == 1


def test_not_a_mapping(tmp_path: Path) -> None:
    """A list where a document belongs says what a document is."""
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    assert_input_error(run("evaluate", str(path)), "a mapping of fields (a JSON object), not list")


def test_wrong_type() -> None:
    """Text where a number belongs names the field and the value."""
    assert_input_error(
        run("evaluate", "-", stdin='{"pain_now": "a lot"}'),
        "standard input: field 'pain_now': Input should be a valid integer",
        "(got 'a lot')",
    )


def test_unknown_field() -> None:
    """A misspelt field is refused, not ignored."""
    assert_input_error(
        run("evaluate", "-", stdin='{"red_flags": {"saddle_numbnes": "yes"}}'),
        "field 'red_flags.saddle_numbnes': is not a known field",
    )


def test_out_of_range_value() -> None:
    """A negative duration is refused with the bound."""
    assert_input_error(
        run("evaluate", "-", stdin='{"duration": {"amount": -2, "unit": "weeks"}}'),
        "field 'duration.amount': Input should be greater than or equal to 0 (got -2)",
    )


def test_bad_option() -> None:
    """A value outside a question's options lists the options."""
    assert_input_error(
        run("evaluate", "-", stdin='{"red_flags": {"fever": "maybe"}}'),
        "field 'red_flags.fever': Input should be 'yes', 'no' or 'unknown' (got 'maybe')",
    )


def test_future_onset_date() -> None:
    """Pain cannot begin after the screening date."""
    assert_input_error(
        run(
            "evaluate",
            "-",
            stdin='{"screening_date": "2026-11-24", "duration": {"onset_date": "2026-12-01"}}',
        ),
        "the pain cannot start in the future",
    )


def test_broken_rule_file(tmp_path: Path) -> None:
    """A broken rule set given with --rules names the file and rule."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    path = folder / "emergency.yaml"
    path.write_text(path.read_text().replace("red_flags.bladder_change", "red_flags.bladder"))
    assert_input_error(
        run("evaluate", REFERRAL, "--rules", str(folder)),
        "emergency.yaml, rule 'emergency-bladder-change': unknown field 'red_flags.bladder'",
    )


def test_unknown_format_is_a_usage_error() -> None:
    """A bad option value is a usage error, exit 2."""
    assert run("evaluate", REFERRAL, "--format", "xml").exit_code == 2


def test_schema_is_json_schema() -> None:
    """screener schema prints the answers JSON Schema."""
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Answers"
    assert "red_flags" in schema["properties"]


def test_rules_list_shows_every_rule_with_its_source() -> None:
    """rules list shows ids, dispositions and sources."""
    result = run("rules", "list")
    assert result.exit_code == 0
    assert "emergency-saddle-numbness" in result.stdout
    assert "no-concern-found" in result.stdout
    assert result.stdout.count("\n    source: ") == len(load_ruleset(RULES).outcomes())


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(main), ids=[n for n, _ in _commands(main)])
def test_every_command_has_help(name: str, command: click.Command) -> None:
    """Every command explains itself in --help."""
    assert command.help, f"screener {name} has no help text"
    assert run(*name.split(), "--help").exit_code == 0


def test_report_text_goes_to_stdout() -> None:
    """Without -o, the patient report is printed, result first, with no colour off a terminal."""
    result = run("report", REFERRAL)
    assert result.exit_code == 0, result.output
    assert "Your result: Ask for a referral to a spine specialist" in result.stdout
    assert "\x1b[" not in result.stdout


def test_report_clinician_markdown() -> None:
    """--kind clinician --format md prints the clinician summary as Markdown."""
    result = run("report", REFERRAL, "--kind", "clinician", "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Back pain screening: clinician summary")
    assert "`specialist_referral`" in result.stdout


def test_report_pdf_needs_an_output_file() -> None:
    """A PDF is never sent to the terminal: without -o it is a usage error."""
    result = run("report", REFERRAL, "--format", "pdf")
    assert result.exit_code == 2
    assert "a PDF needs a file to go to: add -o FILE." in result.stderr


def test_report_file_is_owner_only(tmp_path: Path) -> None:
    """-o writes the file readable by its owner only, and says where it went."""
    path = tmp_path / "report.html"
    result = run("report", REFERRAL, "--format", "html", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text().startswith("<!DOCTYPE html>")
    assert path.stat().st_mode & 0o777 == 0o600
    assert result.stderr == f"Wrote the patient html to {path}.\n"


def test_report_keeps_an_existing_file(tmp_path: Path) -> None:
    """An existing file is not replaced without --force; with it, it is."""
    path = tmp_path / "report.md"
    path.write_text("keep me")
    assert_input_error(
        run("report", REFERRAL, "--format", "md", "-o", str(path)),
        f"{path}: the file exists; use --force to replace it.",
    )
    assert path.read_text() == "keep me"
    assert run("report", REFERRAL, "--format", "md", "-o", str(path), "--force").exit_code == 0
    assert path.read_text().startswith("# Your back pain screening")


def test_report_bad_input_writes_nothing(tmp_path: Path) -> None:
    """Bad answers end with exit 2, the field named, and no file at all."""
    path = tmp_path / "report.pdf"
    result = run("report", "-", "--format", "pdf", "-o", str(path), stdin='{"pain_now": 12}')
    assert_input_error(result, "field 'pain_now': Input should be less than or equal to 10")
    assert list(tmp_path.iterdir()) == []


def test_repeated_key_in_json_is_refused(tmp_path: Path) -> None:
    """A key given twice is refused: a later "no" must never cancel a red-flag "yes"."""
    path = tmp_path / "dup.json"
    path.write_text('{"red_flags": {"saddle_numbness": "yes", "saddle_numbness": "no"}}')
    assert_input_error(
        run("evaluate", str(path)), "the key 'saddle_numbness' appears twice in one object"
    )


def test_repeated_key_in_yaml_is_refused(tmp_path: Path) -> None:
    """The same holds for YAML, which would otherwise keep the last value."""
    path = tmp_path / "dup.yaml"
    path.write_text("red_flags:\n  saddle_numbness: 'yes'\n  saddle_numbness: 'no'\n")
    assert_input_error(
        run("evaluate", str(path)), "the key 'saddle_numbness' appears twice", "line 3"
    )


def test_whole_document_is_not_echoed_in_errors() -> None:
    """An error about the whole document does not repeat it: it may hold the patient's name."""
    document = (
        '{"screening_date": "2026-11-24", "patient": {"identifier": "Jane Doe", '
        '"date_of_birth": "2030-01-01"}}'
    )
    result = run("evaluate", "-", stdin=document)
    assert_input_error(result, "date_of_birth 2030-01-01 is after the screening date")
    assert "Jane Doe" not in result.stderr


def test_matrix_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    """rules matrix -o writes owner-only and does not replace a file without --force."""
    target = tmp_path / "matrix.md"
    target.write_text("signed off\n")
    assert_input_error(run("rules", "matrix", "-o", str(target)), "use --force")
    assert target.read_text() == "signed off\n"
    assert run("rules", "matrix", "-o", str(target), "--force").exit_code == 0
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert_input_error(run("rules", "matrix", "-o", str(tmp_path / "no" / "m.md")), "cannot write")
