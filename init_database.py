"""Create or migrate the database (Alembic upgrade head); `--demo` also adds a demo account.

Usage: python init_database.py [--demo]   (DATABASE_URL and the other settings come from the environment)
"""

from __future__ import annotations

import argparse
import asyncio
import os

from app.bootstrap import build_resources
from app.cli import migrate
from app.core.config import Settings
from app.domain.errors import EmailTakenError

DEMO_EMAIL = "demo@jobwise.local"


async def seed_demo_user(settings: Settings, password: str) -> bool:
    """Register the demo account; False when it already exists."""
    resources = build_resources(settings)
    try:
        await resources.auth_service().register(email=DEMO_EMAIL, password=password, full_name="Demo User")
    except EmailTakenError:
        return False
    finally:
        await resources.aclose()
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help=f"also create {DEMO_EMAIL}")
    args = parser.parse_args()
    settings = Settings()
    migrate(settings)
    print("database is at the newest migration")
    if args.demo:
        password = os.environ.get("DEMO_PASSWORD", "demo-password-123")
        created = asyncio.run(seed_demo_user(settings, password))
        print(f"demo user {DEMO_EMAIL} {'created' if created else 'already exists'}")


if __name__ == "__main__":
    main()
