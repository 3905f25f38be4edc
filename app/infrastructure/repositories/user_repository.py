"""SQLAlchemy implementation of the UserRepository port."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.user import User
from app.domain.errors import EmailTakenError
from app.infrastructure.database.models.user_model import users_table


class SqlAlchemyUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user: User) -> User:
        self._session.add(user)
        try:
            await self._session.flush()
        except IntegrityError as exc:
            raise EmailTakenError from exc
        return user

    async def get(self, user_id: int) -> User | None:
        return await self._session.get(User, user_id)

    async def get_by_email(self, email: str) -> User | None:
        result = await self._session.execute(select(User).where(users_table.c.email == email))
        return result.scalar_one_or_none()

    async def email_exists(self, email: str) -> bool:
        result = await self._session.execute(select(exists().where(users_table.c.email == email)))
        return bool(result.scalar())
