"""Profile benchmarks: GET /profiles/me against the bare route, and a full-profile PUT."""

from __future__ import annotations

import statistics
import time
from typing import Any

import httpx

from bench.auth_bench import bare_route, register
from bench.harness import Backend, Check, Result, jobwise_server, ratio_check, wrk

PUT_ROUNDS = 40


def _item_lists(count: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "experiences": [
            {
                "title": f"Engineer {i}",
                "company": "Analytical Engines",
                "start_date": f"{2000 + i}-01",
                "end_date": f"{2000 + i}-12",
                "description": "Built and ran the payment platform of a mid-sized retailer. " * 2,
                "achievements": ["Cut latency by 40%", "Led a team of four"],
                "technologies": ["Python", "PostgreSQL"],
            }
            for i in range(count)
        ],
        "education": [
            {
                "institution": "University of London",
                "degree": f"Degree {i}",
                "start_date": "1995",
                "end_date": "1998",
            }
            for i in range(count)
        ],
        "projects": [
            {
                "name": f"Project {i}",
                "description": "A calculator for polynomial tables.",
                "technologies": ["Rust"],
            }
            for i in range(count)
        ],
    }


def _profile(sizes: dict[str, int]) -> dict[str, Any]:
    lists = {key: items[: sizes[key]] for key, items in _item_lists(max(sizes.values())).items()}
    return {
        "personal_info": {"full_name": "Bench Mark", "email": "bench@example.com", "phone": "+44 1"},
        "professional_summary": "Engineer who turns analytical ideas into working machines.",
        "skills": {"technical": [f"Skill {i}" for i in range(15)], "soft": [f"Soft {i}" for i in range(5)]},
        **lists,
    }


def _full_put(base_url: str, headers: dict[str, str], backend: Backend) -> Result:
    """PUT a whole profile with 30 nested items (the mobile client's save), sequentially."""
    profiles = f"{base_url}/api/v1/profiles"
    with httpx.Client(headers=headers, timeout=30) as client:
        created = client.post(profiles, json=_profile({"experiences": 0, "education": 0, "projects": 0}))
        created.raise_for_status()
        url = f"{profiles}/{created.json()['id']}"
        body = _profile({"experiences": 10, "education": 10, "projects": 10})
        latencies, errors = [], 0
        started = time.perf_counter()
        for round_number in range(PUT_ROUNDS):
            body["professional_summary"] = f"Revision {round_number}"
            began = time.perf_counter()
            response = client.put(url, json=body)
            latencies.append((time.perf_counter() - began) * 1000)
            errors += response.status_code != 200
            body = {**response.json(), "professional_summary": body["professional_summary"]}
        elapsed = time.perf_counter() - started
    cut = statistics.quantiles(latencies, n=100)
    return Result(
        name=f"[{backend.name}] PUT /profiles/{{id}}, 30 nested items, c=1",
        requests_per_s=PUT_ROUNDS / elapsed,
        p50_ms=statistics.median(latencies),
        p99_ms=cut[98],
        errors=errors,
    )


def run(backend: Backend) -> tuple[list[Result], list[Check]]:
    with jobwise_server(backend) as server:
        token = register(server.base_url)
        headers = {"Authorization": f"Bearer {token}"}
        sizes = {"experiences": 5, "education": 3, "projects": 5}
        httpx.post(f"{server.base_url}/api/v1/profiles", json=_profile(sizes), headers=headers, timeout=30)
        me = wrk(
            f"[{backend.name}] GET /api/v1/profiles/me (5/3/5 items, 20 skills), c=16",
            f"{server.base_url}/api/v1/profiles/me",
            connections=16,
            headers=headers,
        )
        put = _full_put(server.base_url, headers, backend)
        bare = bare_route(token, server)
    checks = [
        ratio_check(PROFILES_ME_TARGET, backend, me, bare, at_least=0.35 if backend.is_postgres else 0.20),
        Check(
            "full-profile PUT (30 nested items): p50 < 50 ms",
            backend.name,
            f"{put.p50_ms:.1f} ms",
            put.p50_ms < 50,
        ),
    ]
    return [bare, me, put], checks


PROFILES_ME_TARGET = "/profiles/me throughput vs the bare route: >= 20 % / >= 35 %"
