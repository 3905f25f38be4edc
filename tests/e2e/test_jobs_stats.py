"""GET /jobs/stats over HTTP: the trigger-kept counters (migration 0006) answer the user's own numbers."""

from __future__ import annotations

import httpx

from tests.e2e.jobs_helpers import JOBS, create_job, signed_in


async def test_stats_follow_creates_status_moves_and_deletes(client: httpx.AsyncClient):
    ada, bob = await signed_in(client), await signed_in(client, "bob@example.com")
    jobs = [await create_job(client, ada, title=f"Engineer {number}") for number in range(4)]
    await create_job(client, bob)
    moved = await client.put(f"{JOBS}/{jobs[0]['id']}", json={"application_status": "applied"}, headers=ada)
    assert moved.status_code == 200, moved.text
    archived = await client.put(f"{JOBS}/{jobs[1]['id']}", json={"status": "archived"}, headers=ada)
    assert archived.status_code == 200, archived.text
    assert (await client.delete(f"{JOBS}/{jobs[2]['id']}", headers=ada)).status_code == 204

    stats = (await client.get(f"{JOBS}/stats", headers=ada)).json()
    assert stats["total"] == 3
    assert stats["by_status"] == {"active": 2, "archived": 1, "draft": 0}
    assert stats["by_application_status"]["applied"] == 1
    assert stats["by_application_status"]["not_applied"] == 2
    assert sum(stats["by_application_status"].values()) == 3
    assert (await client.get(f"{JOBS}/stats", headers=bob)).json()["total"] == 1
