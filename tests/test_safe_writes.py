"""Files the screener writes appear whole or not at all, readable by their owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from screener.documents import write_private
from screener.errors import OutputFileError


def test_a_written_file_is_owner_only(tmp_path: Path) -> None:
    """Answers hold health data: the file is created with mode 0600."""
    path = tmp_path / "answers.json"
    write_private(path, "{}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_keeps_the_old_file_and_leaves_no_partial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the write fails half way, the earlier answers survive and no temporary file stays."""
    path = tmp_path / "answers.json"
    write_private(path, '{"age": 40}')

    def fail(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OutputFileError):
        write_private(path, '{"age": 41}')
    assert path.read_text() == '{"age": 40}'
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]
