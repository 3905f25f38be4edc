""".env.example documents every setting the service reads."""

from __future__ import annotations

from pathlib import Path

from app.core.config import Settings

SCRIPT_SETTINGS = {"HOST", "PORT", "WORKERS"}


def documented_names(project_root: Path) -> set[str]:
    lines = (project_root / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def test_every_setting_is_in_env_example(project_root: Path):
    expected = {name.upper() for name in Settings.model_fields} | SCRIPT_SETTINGS
    assert documented_names(project_root) == expected


def test_env_example_values_are_accepted(project_root: Path):
    values = {}
    for line in (project_root / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            if name not in SCRIPT_SETTINGS and value:
                values[name.lower()] = value
    settings = Settings(_env_file=None, **values)  # type: ignore[arg-type]
    assert settings.jwt_access_ttl_s == 3600


def test_env_example_copied_to_env_runs_on_the_embedded_defaults(project_root: Path):
    settings = Settings(_env_file=project_root / ".env.example")  # type: ignore[call-arg]
    assert settings.jwt_secret is None
    assert settings.data_dir == project_root / "var"
    assert settings.database_url == f"sqlite+aiosqlite:///{project_root / 'var' / 'jobwise.db'}"
