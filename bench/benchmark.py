"""How fast the screener is, measured on generated answers. A script, not a test.

Run from the repository root, in an environment with the screener installed:

    python bench/benchmark.py            # the full run: 100,000 batch records
    python bench/benchmark.py --quick    # a smaller run to try it out

It prints, over the same generated data:

1. screenings per second of our compiled rule set, and of the same decisions
   written by hand in plain Python (bench/by_hand.py, the floor; tests/test_bench.py
   checks that it decides as the rules do), and their ratio (target: within 3x);
2. ``screener batch`` end to end (parse, validate, screen, write) on 100,000
   records with --jobs 1 and --jobs 2 (target: 50,000 records a second on one core),
   and where the time of one record goes;
3. ``screener evaluate`` whole-process time against ``python -c "import pydantic,
   yaml"``, the import floor (target: at most 1.5x);
4. HTML reports rendered per second, and PDF time against WeasyPrint alone
   (target: at most 1.2x), when the report module is present.

Timings are the best of a few runs, to keep out noise from other work on the machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from screener import Answers, evaluate, load_ruleset
from screener.batch import RecordScreener
from screener.duration import add_span, to_days
from screener.evaluation import decide

from by_hand import decide_by_hand
from sample_answers import sample_document, sample_documents

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "specialist-referral-chronic-failed-trial.json"


def best_seconds(work: Callable[[], object], runs: int = 3) -> float:
    """The shortest of ``runs`` timings of ``work``, each starting with cold caches."""
    times = []
    for _ in range(runs):
        to_days.cache_clear()
        add_span.cache_clear()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def line(label: str, value: str, note: str = "") -> None:
    print(f"  {label:44} {value:>16}  {note}".rstrip())


def rule_speed(count: int) -> None:
    print(f"\n1. Rule evaluation: {count:,} generated answers, already validated")
    ruleset = load_ruleset()
    people = [Answers.model_validate(doc) for doc in sample_documents(count)]
    floor = count / best_seconds(lambda: [decide_by_hand(a) for a in people])
    ours = count / best_seconds(lambda: [decide(a, ruleset) for a in people])
    full = count / best_seconds(lambda: [evaluate(a, ruleset) for a in people])
    line("hand-written floor (bench/by_hand.py)", f"{floor:,.0f} /s")
    line("compiled rule set, decide()", f"{ours:,.0f} /s", "same outputs as the floor")
    line("ratio floor / rule set", f"{floor / ours:.2f}x", "target <= 3x")
    line("evaluate(), with the full explanation", f"{full:,.0f} /s", "evidence, wording, gaps")


def write_cohort(path: Path, count: int) -> int:
    """``count`` records as JSON Lines, one in a thousand invalid; returns how many are bad."""
    rng = random.Random(6)
    bad = 0
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            doc = sample_document(rng) | {"record_id": f"p{index:06d}"}
            if index % 1000 == 999:
                doc["pain_now"] = 11  # out of range: goes to the errors file
                bad += 1
            handle.write(json.dumps(doc) + "\n")
    return bad


def screener_command() -> list[str]:
    installed = Path(sys.executable).with_name("screener")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "screener.cli"]


def wall_time(command: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
    return time.perf_counter() - start


def valid(doc: dict[str, object]) -> bool:
    return doc.get("pain_now") != 11


def per_record(cohort: Path, count: int) -> None:
    """Where one record's time goes, measured in this process on ``count`` records."""
    ruleset = load_ruleset()
    lines = cohort.read_bytes().splitlines(keepends=True)[:count]
    screener = RecordScreener(ruleset)
    outcomes = [screener.screen(number, raw) for number, raw in enumerate(lines)]
    docs = [json.loads(raw) for raw in lines]
    people = [Answers.model_validate(doc) for doc in docs if doc.pop("record_id") and valid(doc)]
    whole = best_seconds(lambda: [screener.screen(number, raw) for number, raw in enumerate(lines)])
    screen = best_seconds(lambda: [decide(person, ruleset) for person in people])
    write = best_seconds(lambda: [json.dumps(outcome.row()) for outcome in outcomes])
    micro = 1e6 / len(lines)
    line(
        "  one record: parse and validate (pydantic)",
        f"{whole * micro - screen * 1e6 / len(people):.1f} us",
    )
    line("  one record: screen (decide)", f"{screen * 1e6 / len(people):.1f} us")
    line("  one record: encode the result row", f"{write * micro:.1f} us")


def batch_speed(count: int) -> None:
    print(f"\n2. screener batch end to end: {count:,} records of JSON Lines, whole process")
    with tempfile.TemporaryDirectory() as folder:
        cohort = Path(folder) / "cohort.jsonl"
        bad = write_cohort(cohort, count)
        for jobs in (1, 2):
            output = Path(folder) / f"results-{jobs}.jsonl"
            command = [*screener_command(), "batch", str(cohort), "-o", str(output)]
            seconds = min(wall_time([*command, "--jobs", str(jobs), "--force"]) for _ in range(2))
            errors = output.with_name(f"results-{jobs}.errors.jsonl")
            invalid = len(errors.read_text().splitlines())
            note = f"{invalid} invalid of {bad} planted, in {errors.name}"
            line(f"--jobs {jobs}", f"{count / seconds:,.0f} rec/s", f"{seconds:.2f} s; {note}")
        per_record(cohort, min(count, 20_000))
    print("  target: 50,000 records/s on one core")


def startup(runs: int) -> None:
    print(f"\n3. Whole-process wall time, median of {runs} runs")

    def median(*command: str) -> float:
        return statistics.median(wall_time(command) for _ in range(runs))

    floor = median(sys.executable, "-c", "import pydantic, yaml")
    models = median(sys.executable, "-c", "from pydantic import BaseModel; import yaml")
    ours = median(*screener_command(), "evaluate", str(EXAMPLE))
    line('python -c "import pydantic, yaml"', f"{floor * 1000:.0f} ms", "the import floor")
    line("... from pydantic import BaseModel", f"{models * 1000:.0f} ms", "pydantic imports lazily")
    line("screener evaluate EXAMPLE", f"{ours * 1000:.0f} ms")
    line("ratio to the import floor", f"{ours / floor:.2f}x", "target <= 1.5x")
    line("ratio to the BaseModel import", f"{ours / models:.2f}x")


REPORT_FUNCTIONS = ("build_report", "render", "render_pdf")
"""What the report module offers (build_report(answers, result), render(report, kind, fmt),
render_pdf(report, kind)); looked up by name, so this script runs with or without it."""


def reports(count: int) -> None:
    print("\n4. Reports")
    if importlib.util.find_spec("screener.report") is None:
        print("  skipped: screener.report is not in this build.")
        return
    report = importlib.import_module("screener.report")
    missing = [name for name in REPORT_FUNCTIONS if not hasattr(report, name)]
    if missing:
        print(f"  skipped: screener.report has no {', '.join(missing)}; update reports() here.")
        return
    ruleset = load_ruleset()
    people = [Answers.model_validate(doc) for doc in sample_documents(count)]
    built = [report.build_report(a, evaluate(a, ruleset)) for a in people]
    html = count / best_seconds(lambda: [report.render(r, "patient", "html") for r in built])
    line("patient report, HTML", f"{html:,.0f} /s", "rendering only")
    one = built[0]
    ours = best_seconds(lambda: report.render_pdf(one, "patient"))
    page = report.render(one, "patient", "html")
    weasyprint = importlib.import_module("weasyprint")
    alone = best_seconds(lambda: weasyprint.HTML(string=page).write_pdf())
    line("patient report, PDF", f"{ours * 1000:.0f} ms")
    line("WeasyPrint alone, same HTML", f"{alone * 1000:.0f} ms")
    line("ratio", f"{ours / alone:.2f}x", "target <= 1.2x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 batch records, fewer runs")
    args = parser.parse_args()
    records, evaluations, runs = (10_000, 5_000, 5) if args.quick else (100_000, 20_000, 15)
    print(f"screener benchmark, Python {sys.version.split()[0]}, {sys.platform}")
    rule_speed(evaluations)
    batch_speed(records)
    startup(runs)
    reports(200 if args.quick else 1000)


if __name__ == "__main__":
    main()
