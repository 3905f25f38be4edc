"""S3 goes away in the middle of use and comes back: exports answer 503 storage_unavailable and leave
no row while it is down, /ready says so, and the same app exports again once it is back (moto's
server stopped and started on its port; tests/s3_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.export_helpers import export, with_documents
from tests.e2e.generation_helpers import API
from tests.e2e.jobs_helpers import expect_error
from tests.helpers import make_client, make_settings, running_app
from tests.s3_server import REGION, StoppableMotoServer, stoppable_bucket

BUCKET = "jobwise-outage-exports"


@pytest.fixture
def moto(tmp_path: Path) -> Iterator[StoppableMotoServer]:
    with stoppable_bucket(tmp_path, BUCKET) as server:
        yield server


async def test_exports_refused_while_s3_is_down_and_served_again_once_it_is_back(
    database_url: str, moto: StoppableMotoServer
):
    settings = make_settings(
        database_url, storage_backend="s3", s3_bucket=BUCKET, s3_endpoint_url=moto.url, s3_region=REGION
    )
    async with running_app(settings) as app, make_client(app) as client:
        who, resume, letter = await with_documents(client)
        # DOCX: rendered in a thread, so no PDF render worker is started for this test.
        first = await export(client, who, resume, "docx")
        assert first.status_code == 201, first.text
        moto.stop()
        try:
            expect_error(await export(client, who, letter, "docx"), 503, "storage_unavailable")
            listed = (await client.get(f"{API}/exports/files", headers=who.headers)).json()
            assert [item["export_id"] for item in listed["exports"]] == [first.json()["export_id"]]
            ready = await client.get("/ready")
            assert (ready.status_code, ready.json()["checks"]["storage"]) == (503, "error")
        finally:
            moto.start()
        assert (await client.get("/ready")).status_code == 200
        again = await export(client, who, letter, "docx")
        assert again.status_code == 201, again.text
        listed = (await client.get(f"{API}/exports/files", headers=who.headers)).json()
        assert listed["total"] == 2
        kept = await client.get(
            f"{API}/exports/files/{first.json()['export_id']}/download", headers=who.headers
        )
        assert kept.status_code in {200, 307}, kept.text
