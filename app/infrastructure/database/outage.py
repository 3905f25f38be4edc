"""Which failures mean "the database cannot be reached" (503 service_unavailable) rather than a bug (500).

A connection that cannot be opened reaches us raw (asyncpg connects outside the DBAPI's error
classes: `ConnectionRefusedError`, a DNS failure, a timeout); one that breaks while in use comes
wrapped in SQLAlchemy's `DBAPIError`, flagged as a disconnect or carrying PostgreSQL's SQLSTATE of a
connection failure or a server shutting down or starting; on SQLite, a file that cannot be opened or
read. Everything else (a constraint, a syntax error, a bug) stays what it is.
"""

from __future__ import annotations

import socket
import sqlite3

from sqlalchemy import exc

# SQLSTATE class 08 (connection exception) and the operator interventions of class 57P: the server
# was shut down (admin, crash) or is not yet accepting connections.
_UNREACHABLE_SQLSTATE_CLASS = "08"
_UNREACHABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})
# SQLite: the file (or its directory) cannot be opened, or reading or writing it fails at the OS.
_UNREACHABLE_SQLITE_CODES = frozenset({sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR})


def is_unreachable(error: BaseException) -> bool:
    """True when `error` says the database could not be reached, not that a statement was wrong."""
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig or error
    if isinstance(error, ConnectionError | TimeoutError | socket.gaierror):
        return True
    if isinstance(error, sqlite3.Error):
        # An extended result code keeps its primary code in the low byte; None: not from SQLite itself.
        return (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF in _UNREACHABLE_SQLITE_CODES
    sqlstate = getattr(error, "sqlstate", None) or ""
    return sqlstate.startswith(_UNREACHABLE_SQLSTATE_CLASS) or sqlstate in _UNREACHABLE_SQLSTATES
