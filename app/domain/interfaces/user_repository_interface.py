"""Persistence port for user accounts."""

from __future__ import annotations

from typing import Protocol

from app.domain.entities.user import User


class UserRepository(Protocol):
    async def add(self, user: User) -> User:
        """Stage a new user and flush it so it has an id; raises EmailTakenError on a duplicate email."""

    async def get(self, user_id: int) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None: ...

    async def email_exists(self, email: str) -> bool: ...
