"""Concurrent writes of one user's profiles take the user lock first: no deadlock (PostgreSQL), no 500."""

from __future__ import annotations

import asyncio

import httpx

from tests.profile_builders import PROFILES, create_profile, sign_up

ROUNDS = 5


async def test_concurrent_update_and_delete_of_a_users_profiles_never_deadlock(client: httpx.AsyncClient):
    headers = await sign_up(client)
    await create_profile(client, headers)  # the primary one, never deleted here
    for _ in range(ROUNDS):
        ids = [(await create_profile(client, headers, experiences=[]))["id"] for _ in range(2)]
        # update_profile (is_primary: true) takes the user's lock and the profile's; delete_profile too.
        # Taken in opposite orders, the pairs racing on one profile deadlock on PostgreSQL.
        answers = await asyncio.gather(
            *(
                request
                for profile_id in ids
                for request in (
                    client.put(f"{PROFILES}/{profile_id}", json={"is_primary": True}, headers=headers),
                    client.delete(f"{PROFILES}/{profile_id}", headers=headers),
                )
            )
        )
        statuses = [answer.status_code for answer in answers]
        assert all(code in {200, 204, 400, 404} for code in statuses), [a.text for a in answers]
    listed = (await client.get(PROFILES, headers=headers)).json()
    assert sum(profile["is_primary"] for profile in listed["profiles"]) == 1
