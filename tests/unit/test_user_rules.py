"""Credential rules of the user entity."""

from __future__ import annotations

import pytest

from app.domain.entities.user import exceeds_password_limit, normalize_email, password_length_problem


@pytest.mark.parametrize(
    ("password", "acceptable"),
    [
        ("a" * 7, False),
        ("a" * 8, True),
        ("a" * 72, True),
        ("a" * 73, False),
        ("é" * 36, True),  # 72 bytes in UTF-8
        ("é" * 37, False),  # 37 characters but 74 bytes
        ("🙂🙂", True),  # 2 characters, 8 bytes
    ],
)
def test_passwords_are_measured_in_utf8_bytes(password: str, acceptable: bool):
    assert (password_length_problem(password) is None) is acceptable


def test_the_overlong_message_names_bcrypts_limit():
    problem = password_length_problem("x" * 80)
    assert problem is not None
    assert "72 bytes" in problem


def test_exceeds_password_limit_is_strictly_past_72_bytes():
    assert not exceeds_password_limit("x" * 72)
    assert exceeds_password_limit("x" * 73)


def test_emails_are_trimmed_and_lower_cased():
    assert normalize_email("  Ada.Lovelace@Example.COM ") == "ada.lovelace@example.com"
