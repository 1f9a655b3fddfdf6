"""Screening many people at once: a file of answers in, a file of results out.

Clinics re-screen whole cohorts after a rule change and audit the results, so a
batch is built to be trusted at any size:

* **Input** is JSON Lines (``.jsonl``, ``.ndjson``: one answers document per line,
  with an optional ``record_id`` key) or CSV (``.csv``: one person per row, see
  :func:`document_from_row` for the column mapping). Blank lines are skipped.
* **Output** is JSON Lines or CSV, chosen by its suffix: ``record_id``,
  ``disposition``, ``fired`` (rule ids, most severe first) and
  ``unanswered_safety_questions`` (field paths). In CSV, lists are joined with ``;``.
* **A bad record never stops the batch.** It goes to the errors file with its line
  number and the reason, and is counted. A record without an id is known by its
  line number.
* **Memory stays flat**: records are read, screened and written as they stream
  past; with ``jobs > 1`` a bounded number of chunks is in flight at once, and
  results are written in input order.
* Both files are owner-only and appear whole when the batch ends, or not at all.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import json
import math
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from multiprocessing import Pool
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TextIO

from pydantic import ValidationError

from screener.answers import Answers, NoteSection
from screener.dispositions import Disposition
from screener.documents import load_json, nested, private_text_file
from screener.errors import InputFileError, OutputFileError, ScreenerError, describe_validation
from screener.evaluation import decide
from screener.fields import catalogue
from screener.rules import RuleSet, load_ruleset

if TYPE_CHECKING:
    from _csv import Reader

Format = Literal["jsonl", "csv"]
FORMATS: dict[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}

RECORD_ID = "record_id"
NO_ANSWER = "no_answer"
LIST_SEPARATOR = ";"
NONE_OF_THESE = "none"
"""In a CSV list cell, "none of these" (an empty list); an empty cell is "not answered"."""

RESULT_COLUMNS = ("record_id", "disposition", "fired", "unanswered_safety_questions")
ERROR_COLUMNS = ("line", "record_id", "reason")

CHUNK = 1000
"""Records handed to a worker at a time: large enough to amortise the hand-over."""

Payload = bytes | list[str]
"""One record as read: a JSON line's bytes, or a CSV row's cells."""


def file_format(path: Path, role: str) -> Format:
    """The format of a batch file, from its suffix."""
    found = FORMATS.get(Path(path).suffix.lower())
    if found is None:
        kinds = ", ".join(FORMATS)
        raise ScreenerError(f"{path}: the {role} must be JSON Lines or CSV, named {kinds}.")
    return found


@cache
def column_kinds() -> dict[str, str]:
    """Every CSV column the screener reads, and the kind of value it holds."""
    kinds = {RECORD_ID: "text", NO_ANSWER: "no_answer"}
    for path, spec in catalogue().items():
        if spec.kind == "duration":
            kinds |= {f"{path}.amount": "number", f"{path}.unit": "choice"}
            kinds[f"{path}.onset_date"] = "date"
        else:
            kinds[path] = spec.kind
    sections: tuple[str, ...] = NoteSection.__args__  # type: ignore[attr-defined]
    kinds |= {f"notes.{section}": "text" for section in sections}
    return kinds


def check_columns(header: Sequence[str], source: str) -> None:
    """Refuse a CSV header with an unknown or repeated column, naming it."""
    known = column_kinds()
    for column in header:
        if column not in known:
            close = difflib.get_close_matches(column, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise InputFileError(
                f"{source}: unknown column '{column}'{hint} Columns are named by field "
                f"path, such as red_flags.fever or duration.amount (see screener schema)."
            )
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise InputFileError(f"{source}: column '{repeated[0]}' appears more than once.")


def _blank(value: Any) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return isinstance(value, str) and not value.strip()


def _no_answer(cell: str) -> dict[str, str]:
    reasons = {}
    for part in cell.split(LIST_SEPARATOR):
        path, sep, reason = part.partition("=")
        if not sep:
            raise ValueError(f"no_answer entry '{part.strip()}' is not field=reason")
        reasons[path.strip()] = reason.strip()
    return reasons


def document_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """An answers document (with its ``record_id``) from one flat row, as in CSV.

    The mapping: each column is named by the dotted path of an answers field
    (``age``, ``red_flags.fever``, ``treatment.kinds``); the duration is three
    columns, ``duration.amount``, ``duration.unit`` and ``duration.onset_date``;
    notes are ``notes.<section>``; ``record_id`` names the record. An empty cell
    is "not answered". A list cell holds options separated by ``;``, and ``none``
    means "none of these". ``no_answer`` holds ``field=reason`` pairs separated
    by ``;``. Rows from a dataframe work too: missing values (None, NaN) are
    "not answered" and lists may be given as lists.
    """
    kinds = column_kinds()
    flat: dict[str, Any] = {}
    for column, value in row.items():
        kind = kinds.get(column)
        if kind is None:
            raise ValueError(f"unknown column '{column}'")
        if _blank(value):
            continue
        if isinstance(value, str):
            value = value.strip()
            if kind == "multichoice":
                parts = [part.strip() for part in value.split(LIST_SEPARATOR)]
                value = [] if parts == [NONE_OF_THESE] else parts
            elif kind == "no_answer":
                value = _no_answer(value)
        flat[column] = value
    return nested(flat)


@dataclass(frozen=True)
class Screened:
    """One record's outcome: its decision, or why it could not be screened."""

    record_id: str
    disposition: str | None = None
    fired: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()
    error: str | None = None

    def row(self) -> dict[str, Any]:
        """The record as a result row (``error`` is ``None`` when it was screened)."""
        return {
            "record_id": self.record_id,
            "disposition": self.disposition,
            "fired": list(self.fired),
            "unanswered_safety_questions": list(self.unanswered),
            "error": self.error,
        }


def _record_id(given: Any, default: str) -> str:
    return default if _blank(given) else str(given)


def _screened(record_id: str, answers: Answers, ruleset: RuleSet) -> Screened:
    decision = decide(answers, ruleset)
    fired = tuple(rule.id for rule in decision.fired)
    return Screened(record_id, decision.disposition.value, fired, decision.unanswered)


def screen_document(doc: Any, ruleset: RuleSet, default_id: str = "") -> Screened:
    """Screen one answers document that may carry a ``record_id``; never raises for bad data."""
    if not isinstance(doc, dict):
        return Screened(default_id, error=f"a record is a JSON object, not {type(doc).__name__}")
    answers = dict(doc)
    record_id = _record_id(answers.pop(RECORD_ID, None), default_id)
    try:
        return _screened(record_id, Answers.model_validate(answers), ruleset)
    except ValidationError as exc:
        return Screened(record_id, error=describe_validation(exc, f"record {record_id}"))


def screen_partition(
    rows: Iterable[Mapping[str, Any]], ruleset: RuleSet
) -> Iterator[dict[str, Any]]:
    """Screen flat rows (CSV-style columns) one by one, as a dataframe partition.

    Each result row has ``record_id``, ``disposition``, ``fired``,
    ``unanswered_safety_questions`` and ``error`` (``None`` unless the row could
    not be screened, when ``disposition`` is ``None``). Use it with Dask's
    ``map_partitions`` or Spark's ``mapPartitions``; see the README.
    """
    for row in rows:
        try:
            doc: Any = document_from_row(row)
        except ValueError as exc:
            yield Screened(str(row.get(RECORD_ID) or ""), error=str(exc)).row()
            continue
        yield screen_document(doc, ruleset).row()


@dataclass(frozen=True)
class RecordScreener:
    """Turns records as read (JSON lines or CSV cells) into outcomes; runs in each worker."""

    ruleset: RuleSet
    header: tuple[str, ...] | None = None
    """The CSV header, or ``None`` for JSON Lines."""

    def document(self, payload: Payload) -> Any:
        if isinstance(payload, bytes):
            return load_json(payload)
        assert self.header is not None
        if len(payload) != len(self.header):
            raise ValueError(f"the row has {len(payload)} cells; the header has {len(self.header)}")
        return document_from_row(dict(zip(self.header, payload, strict=True)))

    def screen(self, line: int, payload: Payload) -> Screened:
        try:
            doc = self.document(payload)
        except json.JSONDecodeError as exc:
            return Screened(str(line), error=f"not valid JSON: {exc.msg} at column {exc.colno}")
        except (ValueError, UnicodeDecodeError) as exc:
            return Screened(str(line), error=str(exc))
        return screen_document(doc, self.ruleset, str(line))

    def chunk(self, records: list[tuple[int, Payload]]) -> list[tuple[int, Screened]]:
        return [(line, self.screen(line, payload)) for line, payload in records]


_worker: RecordScreener | None = None


def _start_worker(rules_dir: str | None, header: tuple[str, ...] | None) -> None:
    global _worker
    _worker = RecordScreener(load_ruleset(rules_dir), header)


def _screen_in_worker(records: list[tuple[int, Payload]]) -> list[tuple[int, Screened]]:
    assert _worker is not None
    return _worker.chunk(records)


def _json_records(handle: BinaryIO) -> Iterator[tuple[int, Payload]]:
    for line, raw in enumerate(handle, start=1):
        if raw.strip():
            yield line, raw


def _csv_records(reader: Reader) -> Iterator[tuple[int, Payload]]:
    start = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield start, cells
        start = reader.line_num + 1


Chunk = tuple[list[tuple[int, Payload]], int]
"""Records, and how far into the input file (in bytes) they reach."""


def _chunks(records: Iterator[tuple[int, Payload]], handle: BinaryIO) -> Iterator[Chunk]:
    while batch := list(islice(records, CHUNK)):
        yield batch, handle.tell()


def _screen_chunks(
    chunks: Iterator[Chunk], screener: RecordScreener, rules_dir: str | None, jobs: int
) -> Iterator[tuple[list[tuple[int, Screened]], int]]:
    """Screened chunks in input order, on ``jobs`` processes, a bounded number in flight."""
    if jobs == 1:
        for records, reached in chunks:
            yield screener.chunk(records), reached
        return
    in_flight: deque[tuple[AsyncResult[list[tuple[int, Screened]]], int]] = deque()
    with Pool(jobs, _start_worker, (rules_dir, screener.header)) as pool:
        for records, reached in chunks:
            in_flight.append((pool.apply_async(_screen_in_worker, (records,)), reached))
            if len(in_flight) >= 4 * jobs:
                done, at = in_flight.popleft()
                yield done.get(), at
        while in_flight:
            done, at = in_flight.popleft()
            yield done.get(), at


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return "" if value is None else str(value)


def row_writer(
    fmt: Format, handle: TextIO, columns: Sequence[str]
) -> Callable[[dict[str, Any]], Any]:
    """A function that writes one row (a mapping with ``columns``) in ``fmt``."""
    if fmt == "jsonl":
        return lambda row: handle.write(
            json.dumps({column: row[column] for column in columns}, ensure_ascii=False) + "\n"
        )
    rows = csv.writer(handle, lineterminator="\n")
    rows.writerow(columns)
    return lambda row: rows.writerow([_cell(row[column]) for column in columns])


def errors_path_for(output: Path) -> Path:
    """Where bad records go by default: beside the output, ``results.errors.csv``."""
    output = Path(output)
    return output.with_name(f"{output.stem}.errors{output.suffix}")


@dataclass
class Summary:
    """What a batch did: records per disposition, and how many could not be screened."""

    ruleset: str
    counts: Counter[str] = field(default_factory=Counter)
    invalid: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.invalid

    def table(self, errors: Path) -> str:
        """The summary as a small table for people."""
        width = max(len(d.value) for d in Disposition) + 2
        lines = [f"{'disposition':{width}}{'records':>9}"]
        lines += [f"{d.value:{width}}{self.counts[d.value]:>9,}" for d in Disposition]
        lines.append(f"{'invalid':{width}}{self.invalid:>9,}  (reasons in {errors})")
        lines.append(f"{'total':{width}}{self.total:>9,}")
        return "\n".join(lines) + "\n"


@contextlib.contextmanager
def _open_input(path: Path) -> Iterator[BinaryIO]:
    """The input, opened for reading; text it cannot decode or parse is an input error."""
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read it ({exc.strerror}).") from exc
    with handle:
        try:
            yield handle
        except UnicodeDecodeError as exc:
            raise InputFileError(
                f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start} of a line); "
                "save the file as UTF-8."
            ) from exc
        except csv.Error as exc:
            raise InputFileError(f"{path}: cannot read it as CSV ({exc}).") from exc


def run_batch(
    input_path: Path,
    output_path: Path,
    errors_path: Path,
    *,
    rules_dir: str | None = None,
    jobs: int = 1,
    overwrite: bool = False,
    progress: Callable[[int], Any] | None = None,
) -> Summary:
    """Screen every record in ``input_path``; ``progress`` gets the bytes read as they go."""
    in_fmt, out_fmt = file_format(input_path, "input"), file_format(output_path, "output")
    err_fmt = file_format(errors_path, "errors file")
    if Path(input_path).resolve() in (Path(output_path).resolve(), Path(errors_path).resolve()):
        raise OutputFileError(f"{output_path}: the results would replace the input file.")
    if Path(output_path).resolve() == Path(errors_path).resolve():
        raise OutputFileError(
            f"{errors_path}: the errors file must not be the results file; give another --errors."
        )
    ruleset = load_ruleset(rules_dir)
    summary = Summary(f"{ruleset.name} {ruleset.version} ({ruleset.content_hash[:19]})")
    with _open_input(input_path) as handle:
        if in_fmt == "jsonl":
            screener, records = RecordScreener(ruleset), _json_records(handle)
        else:
            text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
            reader = csv.reader(text)
            header = tuple(next(reader, []))
            check_columns(header, str(input_path))
            screener, records = RecordScreener(ruleset, header), _csv_records(reader)
        with (
            private_text_file(output_path, overwrite=overwrite) as out,
            private_text_file(errors_path, overwrite=overwrite) as err,
        ):
            write_result = row_writer(out_fmt, out, RESULT_COLUMNS)
            write_error = row_writer(err_fmt, err, ERROR_COLUMNS)
            done = 0
            chunks = _screen_chunks(_chunks(records, handle), screener, rules_dir, jobs)
            for screened, reached in chunks:
                for line, outcome in screened:
                    if outcome.error is None:
                        write_result(outcome.row())
                        summary.counts[outcome.disposition or ""] += 1
                    else:
                        reason = {"line": line, "record_id": outcome.record_id}
                        write_error(reason | {"reason": outcome.error})
                        summary.invalid += 1
                if progress is not None:
                    progress(reached - done)
                done = reached
    return summary
