"""Writing files that hold health data: whole or not at all, and readable by the owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from screener.documents import nested, private_text_file, write_private
from screener.errors import OutputFileError


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_file_is_owner_only(tmp_path: Path) -> None:
    """A written file can be read and written by its owner and nobody else."""
    path = tmp_path / "answers.json"
    write_private(path, "{}\n")
    assert path.read_text() == "{}\n"
    assert mode(path) == 0o600


def test_streamed_file_appears_only_when_complete(tmp_path: Path) -> None:
    """While a streamed file is being written, the target does not exist yet."""
    path = tmp_path / "results.jsonl"
    with private_text_file(path) as handle:
        handle.write("first\n")
        assert not path.exists()
        handle.write("second\n")
    assert path.read_text() == "first\nsecond\n"
    assert mode(path) == 0o600


def test_error_while_streaming_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """An error half-way keeps the previous file as it was and leaves nothing behind."""
    path = tmp_path / "results.jsonl"
    path.write_text("old\n")
    with pytest.raises(RuntimeError), private_text_file(path) as handle:
        handle.write("half")
        raise RuntimeError("stopped")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.jsonl"]


def test_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    """With overwrite off, an existing file is an error that names --force."""
    path = tmp_path / "results.csv"
    path.write_text("old\n")
    with pytest.raises(OutputFileError, match="use --force to replace it"):
        write_private(path, "new\n", overwrite=False)
    assert path.read_text() == "old\n"


def test_text_is_written_without_newline_translation(tmp_path: Path) -> None:
    """CSV line endings are written exactly as given."""
    path = tmp_path / "results.csv"
    with private_text_file(path) as handle:
        handle.write("a,b\r\n")
    assert path.read_bytes() == b"a,b\r\n"


def test_nested_builds_a_document_from_dotted_paths() -> None:
    """Dotted field paths become nested mappings."""
    assert nested({"age": 40, "red_flags.fever": "no", "red_flags.cancer_history": "yes"}) == {
        "age": 40,
        "red_flags": {"fever": "no", "cancer_history": "yes"},
    }
