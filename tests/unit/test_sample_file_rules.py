"""What an uploaded sample file must be: a UTF-8 .txt or .md text that is not blank."""

from __future__ import annotations

import pytest

from app.domain.entities.sample_document import clean_filename, count_text, read_sample_file
from app.domain.errors import EmptyFileError, InvalidEncodingError, UnsupportedFileTypeError

LETTER = "Dear team,\n\nI would like to apply.\n"


@pytest.mark.parametrize("name", ["letter.txt", "resume.md", "LETTER.TXT", "Notes.Md", "my.cover.letter.txt"])
def test_txt_and_md_files_are_read_whatever_the_case_of_the_extension(name: str):
    assert read_sample_file(name, LETTER.encode()) == LETTER


@pytest.mark.parametrize(
    "name", ["resume.pdf", "resume.docx", "resume", "resume.txt.exe", "resume.markdown", ""]
)
def test_any_other_name_is_an_unsupported_file_type(name: str):
    with pytest.raises(UnsupportedFileTypeError):
        read_sample_file(name, LETTER.encode())


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n",
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0 JFIF",
        b"{\\rtf1\\ansi Dear team}",
        b"plain looking text with a NUL\x00 byte in it",
        b"text\x01\x02\x03\x04\x05 with many control bytes \x06\x07\x08",
    ],
)
def test_binary_content_renamed_to_txt_is_an_unsupported_file_type(content: bytes):
    with pytest.raises(UnsupportedFileTypeError):
        read_sample_file("renamed.txt", content)


def test_a_lone_stray_control_byte_in_long_text_is_tolerated():
    content = ("Plain words. " * 20).encode() + b"\x1a"
    assert read_sample_file("old-editor.txt", content).startswith("Plain words.")


def test_a_utf8_byte_order_mark_is_dropped():
    assert read_sample_file("bom.txt", b"\xef\xbb\xbf" + "Café résumé".encode()) == "Café résumé"


@pytest.mark.parametrize(
    "content",
    [
        "Café au lait".encode("latin-1"),
        "Dear team".encode("utf-16"),
        "Dear team".encode("utf-16-be"),
        b"\xff\xfe\x00\x00D\x00\x00\x00",
    ],
)
def test_text_that_is_not_utf8_is_an_invalid_encoding(content: bytes):
    with pytest.raises(InvalidEncodingError):
        read_sample_file("letter.txt", content)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n ", b"\xef\xbb\xbf", "\u00a0\u2003\n".encode()])
def test_a_blank_file_is_empty(content: bytes):
    with pytest.raises(EmptyFileError):
        read_sample_file("blank.md", content)


def test_windows_and_old_mac_line_endings_become_newlines():
    assert read_sample_file("crlf.txt", b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("letter.txt", "letter.txt"),
        ("C:\\Users\\ada\\Documents\\letter.txt", "letter.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("  spaced name.md  ", "spaced name.md"),
        ("tab\there\x07.txt", "tabhere.txt"),
    ],
)
def test_a_filename_keeps_only_its_printable_base_name(raw: str, clean: str):
    assert clean_filename(raw) == clean


def test_an_overlong_filename_is_shortened_but_keeps_its_extension():
    cleaned = clean_filename("a" * 400 + ".md")
    assert len(cleaned) == 255
    assert cleaned.endswith("a.md")


@pytest.mark.parametrize(
    ("text", "words", "characters", "lines"),
    [
        ("one two  three\n", 3, 15, 1),
        ("one\ntwo\n\nthree", 3, 14, 4),
        ("Café \u2013 ünïcode", 3, 14, 1),
        ("\n\n", 0, 2, 2),
    ],
)
def test_counts_are_whitespace_words_characters_and_lines(text: str, words: int, characters: int, lines: int):
    counts = count_text(text)
    assert (counts.words, counts.characters, counts.lines) == (words, characters, lines)
