"""End to end in a real pseudo-terminal: the installed command, typed at as a person would.

Each test waits for a question's own words on the screen before it answers,
so it fails (by pexpect's timeout, and pytest-timeout) rather than hangs when
the screen is not what a person would see.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from screener.documents import read_answers
from screener.questionnaire import load_questionnaire

from paths import RULES

SCREENER = str(Path(sys.executable).with_name("screener"))
PATIENT_QUESTIONS = load_questionnaire(RULES).for_mode("patient")
DOWN, CTRL_C = "\x1b[B", "\x03"
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def spawn(tmp_path: Path, *args: str, no_color: bool = False) -> pexpect.spawn:
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env["TERM"] = "xterm-256color"
    # A real terminal answers prompt_toolkit's cursor-position request; pexpect does not, and
    # prompt_toolkit would wait a second for the answer after every question.
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    if no_color:
        env["NO_COLOR"] = "1"
    return pexpect.spawn(
        SCREENER,
        ["interview", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=10,
    )


def wait_for_question(child: pexpect.spawn, index: int) -> None:
    """Wait until the patient question at ``index`` is on the screen."""
    child.expect_exact(PATIENT_QUESTIONS[index].text.patient[:30])


def answer_no(child: pexpect.spawn, count: int, start: int = 0) -> None:
    for index in range(start, start + count):
        wait_for_question(child, index)
        child.send(DOWN + "\r")


def colours(screen: str) -> list[str]:
    """The colour codes (foreground or background) among the screen's style sequences."""
    codes = [code for params in SGR.findall(screen) for code in params.split(";") if code]
    return [c for c in codes if c.isdigit() and (30 <= int(c) <= 49 or 90 <= int(c) <= 107)]


@pytest.mark.timeout(60)
def test_patient_screens_themselves_end_to_end(tmp_path: Path) -> None:
    """A patient answers every question on a terminal and gets a result and a saved file."""
    child = spawn(tmp_path, "-o", "mine.json")
    child.logfile_read = screen = _Screen()
    answer_no(child, 19)
    for index, keys in [
        (19, "4 months\r"),
        (20, DOWN + "\r"),
        (21, DOWN + "\r"),
        (22, "6\r"),
        (23, " \r"),
        (24, "\r"),
        (25, " \r"),
        (26, "8\r"),
        (27, DOWN * 2 + "\r"),
        (28, "\r"),
        (29, " \r"),
        (30, "45\r"),
    ]:
        wait_for_question(child, index)
        child.send(keys)
    child.expect_exact("Result: Ask for a referral to a spine specialist")
    child.expect_exact("Your answers are saved in mine.json")
    child.expect_exact("Would you like a report to keep?")
    child.send("\r")  # yes, as a PDF
    child.expect_exact("The patient report is in mine-patient.pdf")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "mine-patient.pdf").read_bytes().startswith(b"%PDF")
    saved = tmp_path / "mine.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    again = subprocess.run([SCREENER, "evaluate", str(saved)], capture_output=True, text=True)
    assert again.stdout.startswith("Result: Ask for a referral to a spine specialist")
    assert colours(screen.text), "menus are in colour unless NO_COLOR or --plain"


@pytest.mark.timeout(60)
def test_emergency_is_said_at_once_in_plain_mode_without_colour(tmp_path: Path) -> None:
    """A yes to the first warning sign brings the emergency advice before any other question."""
    child = spawn(tmp_path, "--plain", "-o", "mine.json", no_color=True)
    child.logfile_read = screen = _Screen()
    wait_for_question(child, 0)
    child.expect_exact("3. I don't know")
    child.expect_exact("Type a number from 1 to 3:")
    child.send("1\r")
    child.expect_exact("EMERGENCY: GET MEDICAL HELP NOW")
    assert PATIENT_QUESTIONS[1].text.patient[:30] not in child.before
    child.expect_exact("Go to an emergency department now")
    child.expect_exact("Type a number from 1 to 2:")
    child.send("1\r")
    child.expect_exact("Result: Emergency: get medical help now")
    child.expect_exact("Would you like a report to keep?")
    child.expect_exact("Type a number from 1 to 3:")
    child.send("3\r")  # no, thank you
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert PATIENT_QUESTIONS[1].text.patient[:30] not in screen.text
    assert colours(screen.text) == []
    again = subprocess.run([SCREENER, "evaluate", "mine.json"], cwd=tmp_path, capture_output=True)
    assert again.stdout.startswith(b"Result: Emergency")


@pytest.mark.timeout(60)
def test_ctrl_c_saves_and_resume_carries_on(tmp_path: Path) -> None:
    """Ctrl-C offers to save; --resume starts at the first question not yet answered."""
    child = spawn(tmp_path)
    answer_no(child, 2)
    wait_for_question(child, 2)
    child.send(CTRL_C)
    child.expect_exact("Save your answers so far")
    child.send("\r")
    child.expect(r"--resume (\S+)")
    saved = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1

    child = spawn(tmp_path, "--resume", saved)
    child.expect_exact("Carrying on: 2 questions were already answered.")
    wait_for_question(child, 2)
    child.send(CTRL_C)
    child.expect_exact("Save your answers so far")
    child.send(DOWN + "\r")
    child.expect_exact("Nothing was saved.")
    child.expect(pexpect.EOF)
    assert [path.name for path in tmp_path.iterdir()] == [saved]


@pytest.mark.timeout(60)
def test_closed_terminal_keeps_the_answers_so_far(tmp_path: Path) -> None:
    """Closing the terminal mid-interview saves the answers so far, whole, and nothing else."""
    child = spawn(tmp_path)
    answer_no(child, 2)
    wait_for_question(child, 2)
    child.close(force=True)
    (saved,) = tmp_path.iterdir()
    assert saved.suffix == ".json"
    answers = read_answers(str(saved))
    assert [answers.red_flags.bladder_change, answers.red_flags.bowel_change] == ["no", "no"]


class _Screen:
    """Collects everything the program wrote to the terminal (pexpect's logfile_read)."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, data: str) -> None:
        self.text += data

    def flush(self) -> None:
        pass
