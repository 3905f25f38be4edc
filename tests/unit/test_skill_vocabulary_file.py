"""The skills vocabulary file is read at start-up: a broken one stops the start with an error naming the
file and the fault, not a traceback from deep inside the parser or a parser that silently finds less."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.infrastructure.data_files import DataFileError, load_skill_vocabulary


def test_a_missing_vocabulary_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "skills.txt"
    with pytest.raises(DataFileError, match=r"Skills vocabulary .* is not usable") as error:
        load_skill_vocabulary(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("content", "fault"),
    [
        (b"Python | py\n| ... |\n", "without a word"),  # an entry whose variant has no word
        (b"Caf\xe9 | coffee\n", "utf-8"),  # Latin-1 bytes
    ],
)
def test_a_vocabulary_file_with_a_broken_entry_is_a_clear_error(tmp_path: Path, content: bytes, fault: str):
    path = tmp_path / "skills.txt"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match=fault) as error:
        load_skill_vocabulary(path)
    assert str(path) in str(error.value)


def test_comments_and_blank_lines_are_not_entries(tmp_path: Path):
    path = tmp_path / "skills.txt"
    path.write_text("# Languages\n\n  # indented comment\nPython | py\n=Go | golang\n")
    vocabulary = load_skill_vocabulary(path)
    assert len(vocabulary) == 2
    assert vocabulary.find("We use py and golang, and we go far") == ["Python", "Go"]
