"""Command line: `python -m app.cli migrate` (Alembic upgrade head) and `python -m app.cli cleanup`."""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import asdict
from pathlib import Path

from alembic import command
from alembic.config import Config
from app.bootstrap import build_resources
from app.core.config import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", database_url)
    return config


def migrate(settings: Settings) -> None:
    """Bring the database schema to the newest revision."""
    command.upgrade(alembic_config(settings.database_url), "head")


async def cleanup(settings: Settings) -> dict[str, int]:
    """Delete expired rows; answers how many of each kind went."""
    resources = build_resources(settings)
    try:
        return asdict(await resources.maintenance_service().cleanup())
    finally:
        await resources.aclose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app.cli", description=__doc__)
    parser.add_argument("command", choices=["migrate", "cleanup"])
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command == "migrate":
        migrate(settings)
    else:
        print(json.dumps(asyncio.run(cleanup(settings))))


if __name__ == "__main__":
    main()
