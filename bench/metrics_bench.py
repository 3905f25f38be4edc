"""What the metrics middleware costs the hot routes: /health and GET /auth/me with METRICS_ENABLED off
and on, in interleaved rounds (the machine is shared, so single runs swing), medians printed.

    .venv/bin/python -m bench.metrics_bench [--rounds 3] [--seconds 4]
"""

from __future__ import annotations

import argparse
import statistics
from contextlib import ExitStack

from bench.auth_bench import register
from bench.harness import Result, jobwise_server, wrk

ROUTES = (("/health", False), ("/api/v1/auth/me", True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=4)
    arguments = parser.parse_args()
    measured: dict[tuple[str, str], list[Result]] = {}
    with ExitStack() as servers:
        urls = {
            "off": servers.enter_context(jobwise_server(METRICS_ENABLED="false")).base_url,
            "on": servers.enter_context(jobwise_server(METRICS_ENABLED="true")).base_url,
        }
        tokens = {mode: register(url) for mode, url in urls.items()}
        for _ in range(arguments.rounds):
            for path, authenticated in ROUTES:
                for mode, url in urls.items():
                    headers = {"Authorization": f"Bearer {tokens[mode]}"} if authenticated else None
                    result = wrk(
                        f"{path} metrics {mode}",
                        url + path,
                        connections=16,
                        seconds=arguments.seconds,
                        headers=headers,
                    )
                    measured.setdefault((path, mode), []).append(result)
    title = f"route (c=16, {arguments.rounds} x {arguments.seconds} s, medians)"
    print(f"| {title} | metrics off req/s | metrics on req/s | on/off | p99 off | p99 on |")
    print("|---|---|---|---|---|---|")
    for path, _ in ROUTES:
        off = statistics.median(result.requests_per_s for result in measured[(path, "off")])
        on = statistics.median(result.requests_per_s for result in measured[(path, "on")])
        p99_off = statistics.median(result.p99_ms for result in measured[(path, "off")])
        p99_on = statistics.median(result.p99_ms for result in measured[(path, "on")])
        errors = sum(result.errors for results in measured.values() for result in results)
        print(f"| {path} | {off:,.0f} | {on:,.0f} | {on / off:.0%} | {p99_off:.1f} ms | {p99_on:.1f} ms |")
    print(f"non-2xx answers: {errors}")


if __name__ == "__main__":
    main()
