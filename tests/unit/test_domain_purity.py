"""The domain layer imports no framework, driver or SDK."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = {"fastapi", "starlette", "sqlalchemy", "pydantic", "pydantic_settings", "httpx", "boto3", "groq"}
DOMAIN = Path(__file__).resolve().parents[2] / "app" / "domain"


def imported_roots(source: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_domain_layer_imports_no_framework_or_driver():
    files = sorted(DOMAIN.rglob("*.py"))
    assert files, "the domain package should not be empty"
    offenders = {
        str(path.relative_to(DOMAIN)): sorted(imported_roots(path) & FORBIDDEN)
        for path in files
        if imported_roots(path) & FORBIDDEN
    }
    assert offenders == {}


def test_the_purity_check_notices_a_forbidden_import(tmp_path: Path):
    module = tmp_path / "leaky.py"
    module.write_text("from sqlalchemy import select\nimport httpx.client\n")
    assert imported_roots(module) & FORBIDDEN == {"sqlalchemy", "httpx"}
