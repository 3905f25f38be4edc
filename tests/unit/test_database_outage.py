"""Which database failures are an outage (503 service_unavailable) and which stay errors (500)."""

from __future__ import annotations

import socket
import sqlite3

import pytest
from sqlalchemy import exc

from app.infrastructure.database.outage import is_unreachable


class _PostgresError(Exception):
    """Stands for asyncpg's errors and SQLAlchemy's adaptations of them: both carry `sqlstate`."""

    def __init__(self, sqlstate: str | None) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _sqlite_error(code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("from SQLite")
    error.sqlite_errorcode = code
    return error


def _wrapped(orig: BaseException, *, invalidated: bool = False) -> exc.DBAPIError:
    return exc.OperationalError("SELECT 1", {}, orig, connection_invalidated=invalidated)


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed"),
        ConnectionResetError(),
        TimeoutError(),
        socket.gaierror(-2, "Name or service not known"),
        _PostgresError("08006"),  # connection_failure
        _PostgresError("57P01"),  # admin_shutdown: the server is being stopped
        _PostgresError("57P03"),  # cannot_connect_now: starting up
        _wrapped(_PostgresError("08003")),
        _wrapped(Exception("any"), invalidated=True),  # SQLAlchemy saw the connection drop
        _wrapped(_sqlite_error(sqlite3.SQLITE_CANTOPEN)),
        _sqlite_error(sqlite3.SQLITE_IOERR),
        _sqlite_error(sqlite3.SQLITE_IOERR | (4 << 8)),  # SQLITE_IOERR_SHORT_READ, an extended code
    ],
)
def test_failures_to_reach_the_database_are_an_outage(error: BaseException):
    assert is_unreachable(error)


@pytest.mark.parametrize(
    "error",
    [
        _PostgresError("23505"),  # unique_violation
        _PostgresError("42P01"),  # undefined_table: a bug, not an outage
        _PostgresError(None),
        _wrapped(_PostgresError("40001")),  # serialization_failure
        _wrapped(_sqlite_error(sqlite3.SQLITE_CONSTRAINT)),
        _sqlite_error(sqlite3.SQLITE_BUSY),
        sqlite3.ProgrammingError("Cannot operate on a closed database."),  # no SQLite result code
        FileNotFoundError(),  # a file of the app, not the database connection
        ValueError("bug"),
    ],
)
def test_other_failures_stay_what_they_are(error: BaseException):
    assert not is_unreachable(error)
