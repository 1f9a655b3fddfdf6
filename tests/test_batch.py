"""Batch screening: the CSV mapping, bad records, order, and the files it writes."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from screener import batch
from screener.batch import (
    check_columns,
    document_from_row,
    errors_path_for,
    file_format,
    run_batch,
    screen_partition,
)
from screener.cli import main
from screener.errors import InputFileError, OutputFileError, ScreenerError
from screener.rules import RuleSet, load_ruleset

CALM_ROW = {
    "record_id": "p-1",
    "screening_date": "2026-11-24",
    "duration.amount": "8",
    "duration.unit": "months",
    "treatment.tried": "yes",
    "treatment.kinds": "physical_therapy; pain_relievers",
    "treatment.weeks": "10",
    "treatment.outcome": "plateaued",
    **{f"red_flags.{flag}": "no" for flag in ("bladder_change", "fever")},
}


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def records(base_answers: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """``count`` calm records with ids r0, r1, ...; every third has a fever (urgent)."""
    found = []
    for index in range(count):
        fever = "yes" if index % 3 == 0 else "no"
        red_flags = base_answers["red_flags"] | {"fever": fever}
        found.append(base_answers | {"record_id": f"r{index}", "red_flags": red_flags})
    return json.loads(json.dumps(found, default=str))  # type: ignore[no-any-return]


def test_row_columns_are_field_paths() -> None:
    """Dotted columns become nested fields; lists split on ';' and are trimmed."""
    doc = document_from_row(CALM_ROW)
    assert doc["duration"] == {"amount": "8", "unit": "months"}
    assert doc["treatment"]["kinds"] == ["physical_therapy", "pain_relievers"]
    assert doc["red_flags"] == {"bladder_change": "no", "fever": "no"}
    assert doc["record_id"] == "p-1"


def test_empty_cell_is_not_answered_and_none_is_an_empty_list() -> None:
    """An empty cell leaves the field out; 'none' in a list column means none of these."""
    doc = document_from_row({"age": "", "limits": "none", "symptoms": "  "})
    assert doc == {"limits": []}


def test_row_reads_no_answer_and_notes() -> None:
    """no_answer holds field=reason pairs; notes.<section> columns hold notes."""
    doc = document_from_row(
        {"no_answer": "red_flags.fever=declined; age=unknown", "notes.pain": "worse at work"}
    )
    assert doc == {
        "no_answer": {"red_flags.fever": "declined", "age": "unknown"},
        "notes": {"pain": "worse at work"},
    }


def test_dataframe_row_values_pass_through() -> None:
    """Rows from a dataframe may hold numbers, lists and NaN for a missing value."""
    doc = document_from_row({"age": 40, "pain_now": float("nan"), "limits": ["work"]})
    assert doc == {"age": 40, "limits": ["work"]}


def test_unknown_column_is_named_with_a_suggestion() -> None:
    """A misspelt CSV column stops the batch before it starts, suggesting the right name."""
    with pytest.raises(InputFileError, match=r"unknown column 'red_flags\.fevr'; did you mean"):
        check_columns(["record_id", "red_flags.fevr"], "cohort.csv")


def test_repeated_column_is_refused() -> None:
    """A column given twice is refused: which one would count?"""
    with pytest.raises(InputFileError, match="column 'age' appears more than once"):
        check_columns(["age", "age"], "cohort.csv")


def test_formats_come_from_the_suffix() -> None:
    """.jsonl, .ndjson and .csv are known; anything else is refused with the choices."""
    assert file_format(Path("a.ndjson"), "input") == "jsonl"
    assert file_format(Path("a.CSV"), "input") == "csv"
    with pytest.raises(ScreenerError, match=r"the output must be JSON Lines or CSV, named \.jsonl"):
        file_format(Path("a.xlsx"), "output")


def test_errors_file_sits_beside_the_output() -> None:
    """By default, bad records go to OUTPUT.errors with the output's format."""
    assert errors_path_for(Path("out/results.csv")) == Path("out/results.errors.csv")


def test_partition_screens_rows_and_reports_bad_ones(ruleset: RuleSet) -> None:
    """A bad row gives an error row and the next row is still screened."""
    rows = [{"record_id": "a", "age": "200"}, {"record_id": "b", "oops": "1"}, CALM_ROW]
    out = list(screen_partition(rows, ruleset))
    assert [row["record_id"] for row in out] == ["a", "b", "p-1"]
    assert "field 'age'" in out[0]["error"]
    assert out[0]["disposition"] is None
    assert out[1]["error"] == "unknown column 'oops'"
    assert out[2]["error"] is None
    assert out[2]["disposition"] == "urgent"  # 17 red flags were left unanswered
    assert "unknown-emergency-sign" in out[2]["fired"]


def test_jsonl_batch_writes_results_errors_and_counts(
    tmp_path: Path, base_answers: dict[str, Any]
) -> None:
    """Good records give results in order; bad ones go to the errors file with line numbers."""
    good = records(base_answers, 4)
    lines = [json.dumps(good[0]), "", "{broken", json.dumps(good[1])]
    lines += ['{"record_id": "bad-age", "age": 300}', json.dumps(good[2]), json.dumps(good[3])]
    source = tmp_path / "cohort.jsonl"
    source.write_text("\n".join(lines) + "\n")
    output, errors = tmp_path / "results.jsonl", tmp_path / "results.errors.jsonl"
    summary = run_batch(source, output, errors)
    results = read_jsonl(output)
    assert [r["record_id"] for r in results] == ["r0", "r1", "r2", "r3"]
    assert results[0] == {
        "record_id": "r0",
        "disposition": "urgent",
        "fired": ["urgent-fever"],
        "unanswered_safety_questions": [],
    }
    assert read_jsonl(errors) == [
        {
            "line": 3,
            "record_id": "3",
            "reason": "not valid JSON: Expecting property name enclosed in double quotes "
            "at column 2",
        },
        {
            "line": 5,
            "record_id": "bad-age",
            "reason": "record bad-age: field 'age': "
            "Input should be less than or equal to 120 (got 300).",
        },
    ]
    assert summary.counts == {"urgent": 2, "self_care": 2}
    assert (summary.invalid, summary.total) == (2, 6)


def test_csv_in_csv_out(tmp_path: Path) -> None:
    """CSV rows are read by the documented mapping and results written as CSV."""
    source = tmp_path / "cohort.csv"
    with source.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CALM_ROW))
        writer.writeheader()
        writer.writerow(CALM_ROW)
        handle.write("too,few\n")
    output = tmp_path / "results.csv"
    summary = run_batch(source, output, errors_path_for(output))
    (row,) = list(csv.DictReader(output.open(newline="")))
    assert row["record_id"] == "p-1"
    assert row["disposition"] == "urgent"
    assert row["unanswered_safety_questions"].startswith("red_flags.bowel_change;")
    (error,) = list(csv.DictReader(errors_path_for(output).open(newline="")))
    assert error["line"] == "3"
    assert "the row has 2 cells; the header has 10" in error["reason"]
    assert summary.invalid == 1


def test_two_jobs_keep_the_input_order(
    tmp_path: Path, base_answers: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spread over two processes in many small chunks, results come out in input order."""
    monkeypatch.setattr(batch, "CHUNK", 3)
    source = write_jsonl(tmp_path / "cohort.jsonl", records(base_answers, 40))
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_batch(source, one, tmp_path / "one.errors.jsonl", jobs=1)
    run_batch(source, two, tmp_path / "two.errors.jsonl", jobs=2)
    assert two.read_text() == one.read_text()
    assert [r["record_id"] for r in read_jsonl(two)] == [f"r{i}" for i in range(40)]


def test_output_files_are_owner_only(tmp_path: Path, base_answers: dict[str, Any]) -> None:
    """Results and errors hold health data: only their owner may read them."""
    source = write_jsonl(tmp_path / "cohort.jsonl", records(base_answers, 2))
    output, errors = tmp_path / "results.jsonl", tmp_path / "results.errors.jsonl"
    run_batch(source, output, errors)
    assert {stat.S_IMODE(p.stat().st_mode) for p in (output, errors)} == {0o600}


def test_results_never_replace_the_input(tmp_path: Path, base_answers: dict[str, Any]) -> None:
    """Writing the results over the input file is refused before anything is read."""
    source = write_jsonl(tmp_path / "cohort.jsonl", records(base_answers, 1))
    with pytest.raises(OutputFileError, match="would replace the input file"):
        run_batch(source, source, tmp_path / "e.jsonl", overwrite=True)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_cli_prints_the_summary_and_exits_1_on_invalid_records(
    tmp_path: Path, base_answers: dict[str, Any]
) -> None:
    """The summary counts each disposition; an invalid record makes the exit status 1."""
    source = write_jsonl(tmp_path / "cohort.jsonl", [*records(base_answers, 3), [1, 2]])
    result = run("batch", str(source), "-o", str(tmp_path / "results.csv"))
    assert result.exit_code == 1, result.output
    counts = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()[2:]}
    assert counts == {
        "emergency": "0",
        "urgent": "1",
        "specialist_referral": "0",
        "conservative_care": "0",
        "self_care": "2",
        "invalid": "1",
        "total": "4",
    }
    assert "(reasons in " in result.stdout
    assert result.stderr == ""  # no progress bar when not on a terminal


def test_cli_exits_0_when_every_record_was_screened(
    tmp_path: Path, base_answers: dict[str, Any]
) -> None:
    """With no invalid record the batch succeeds, and the errors file is empty but present."""
    source = write_jsonl(tmp_path / "cohort.jsonl", records(base_answers, 2))
    result = run("batch", str(source), "-o", str(tmp_path / "r.jsonl"), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.errors.jsonl").read_text() == ""


def test_cli_keeps_existing_results_unless_forced(
    tmp_path: Path, base_answers: dict[str, Any]
) -> None:
    """An existing results file is an input error (exit 2) until --force is given."""
    source = write_jsonl(tmp_path / "cohort.jsonl", records(base_answers, 1))
    output = tmp_path / "results.jsonl"
    output.write_text("earlier audit\n")
    refused = run("batch", str(source), "-o", str(output))
    assert refused.exit_code == 2
    assert "results.jsonl: the file exists; use --force to replace it." in refused.stderr
    assert output.read_text() == "earlier audit\n"
    assert run("batch", str(source), "-o", str(output), "--force").exit_code == 0


def test_partition_by_partition_matches_one_pass(ruleset: RuleSet) -> None:
    """Screening a cohort partition by partition, as Dask or Spark would, gives the same rows."""

    def map_partitions(partitions: list[list[dict[str, Any]]], function: Any) -> list[Any]:
        return [row for partition in partitions for row in function(partition)]

    def screen(partition: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return list(screen_partition(partition, load_ruleset()))

    rows = [CALM_ROW | {"record_id": f"p-{i}", "age": str(20 + i)} for i in range(5)]
    rows[3] = rows[3] | {"age": "old"}
    assert map_partitions([rows[:2], rows[2:]], screen) == list(screen_partition(rows, ruleset))


def test_repeated_key_in_a_record_is_an_invalid_record(tmp_path: Path) -> None:
    """A JSON line naming a key twice goes to the errors file; its last value is never used."""
    source = tmp_path / "dup.jsonl"
    source.write_text(
        '{"record_id": "x", "red_flags": {"bladder_change": "yes", "bladder_change": "no"}}\n'
    )
    output, errors = tmp_path / "out.jsonl", tmp_path / "out.errors.jsonl"
    summary = run_batch(source, output, errors)
    assert (summary.invalid, read_jsonl(output)) == (1, [])
    assert "the key 'bladder_change' appears twice" in read_jsonl(errors)[0]["reason"]


def test_errors_file_may_not_be_the_results_file(tmp_path: Path) -> None:
    """--errors naming the results file is refused before anything is written."""
    source = write_jsonl(tmp_path / "in.jsonl", [{}])
    result = run(
        "batch",
        str(source),
        "-o",
        str(tmp_path / "same.csv"),
        "--errors",
        str(tmp_path / "same.csv"),
    )
    assert result.exit_code == 2
    assert "must not be the results file" in result.stderr
    assert not (tmp_path / "same.csv").exists()


def test_csv_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    """A Latin-1 CSV ends with a message naming the file, and leaves no output."""
    source = tmp_path / "latin.csv"
    source.write_bytes(b"record_id,age\n1,40\n2,4\xe90\n")
    result = run("batch", str(source), "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 2
    assert "latin.csv: not UTF-8 text" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latin.csv"]
