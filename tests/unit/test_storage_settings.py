"""Export storage settings (contract §7.2): defaults, the S3 bucket requirement, URLs checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.core.config import Settings


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_exports_default_to_local_files_under_the_data_directory(tmp_path: Path):
    settings = make(data_dir=tmp_path)
    assert settings.storage_backend == "local"
    assert settings.storage_root == tmp_path / "exports"
    assert (settings.storage_url_ttl_s, settings.storage_retention_days) == (3600, 30)
    assert settings.s3_region == "us-east-1"
    assert settings.public_base_url is None


def test_blank_values_from_a_env_file_mean_the_defaults(tmp_path: Path):
    settings = make(data_dir=tmp_path, storage_dir="", s3_region="", s3_bucket=" ", public_base_url="")
    assert settings.storage_root == tmp_path / "exports"
    assert settings.s3_region == "us-east-1"
    assert settings.s3_bucket is None
    assert settings.public_base_url is None


def test_a_storage_directory_of_its_own_is_used(tmp_path: Path):
    assert make(storage_dir=str(tmp_path / "files")).storage_root == tmp_path / "files"


def test_the_s3_backend_needs_its_bucket():
    with pytest.raises(ValidationError, match="S3_BUCKET"):
        make(storage_backend="s3")
    settings = make(
        storage_backend="s3", s3_bucket="jobwise-exports", s3_endpoint_url="http://127.0.0.1:9000"
    )
    assert (settings.s3_bucket, settings.s3_endpoint_url) == ("jobwise-exports", "http://127.0.0.1:9000")


@pytest.mark.parametrize("name", ["s3_endpoint_url", "public_base_url"])
@pytest.mark.parametrize("value", ["minio:9000", "ftp://files.example", "https://"])
def test_urls_that_are_not_http_are_refused(name: str, value: str):
    with pytest.raises(ValidationError, match=f"{name.upper()} must be an http"):
        make(**{name: value})


def test_the_public_base_url_loses_its_trailing_slash():
    assert (
        make(public_base_url="https://api.jobwise.example/").public_base_url == "https://api.jobwise.example"
    )


@pytest.mark.parametrize("ttl", [0, 7 * 24 * 3600 + 1])
def test_a_link_lifetime_beyond_what_sigv4_can_presign_is_refused(ttl: int):
    with pytest.raises(ValidationError, match="storage_url_ttl_s"):
        make(storage_url_ttl_s=ttl)
