"""PDF renderer bench: `python -m bench.render_bench` prints one table.

- a one-page resume through WeasyPrintRenderer.render_pdf (after warm-up) against
  weasyprint.HTML(string=...).write_pdf() on the same HTML in this process, interleaved, p50 of 20;
- the worker's RSS before and after 50 renders (worker replacement off, to see the growth);
- GET /health latency on a uvicorn server in this process while 16 renders run, with the rendering
  in a thread pool of 2, in one worker process, and in two (why the renderer uses a process pool).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import uvicorn
import weasyprint

from app.domain.enums.export import TemplateId
from app.domain.exports.options import ExportOptions
from app.infrastructure.renderers import pdf_worker
from app.infrastructure.renderers.html_document import render_html
from app.infrastructure.renderers.pdf_renderer import WeasyPrintRenderer
from tests.integration.render_documents import short_resume

RUNS = 20
GROWTH_RENDERS = 50
LOAD_RENDERS = 16
PORT = 8765
# The probe runs in its own process, so its own work does not share our GIL.
PROBE = """
import json, sys, time, httpx
url, seconds = sys.argv[1], float(sys.argv[2])
latencies = []
with httpx.Client() as client:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        client.get(url)
        latencies.append((time.perf_counter() - start) * 1000)
        time.sleep(0.01)
print(json.dumps(latencies))
"""


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def export_against_weasyprint() -> tuple[float, float]:
    """p50 ms of the renderer's export and of WeasyPrint alone on the same HTML."""
    document, options = short_resume(), ExportOptions()
    html = render_html(document, template=TemplateId.MODERN, options=options)
    renderer = WeasyPrintRenderer()
    await renderer.warm_up()
    weasyprint.HTML(string=html).write_pdf()
    ours: list[float] = []
    alone: list[float] = []
    for _ in range(RUNS):
        start = time.perf_counter()
        await renderer.render_pdf(document, template=TemplateId.MODERN, options=options)
        ours.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf()
        alone.append((time.perf_counter() - start) * 1000)
    await renderer.aclose()
    return statistics.median(ours), statistics.median(alone)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def worker_rss_growth() -> tuple[float, float]:
    """The worker's RSS (MB) after warm-up and after GROWTH_RENDERS renders."""
    renderer = WeasyPrintRenderer(max_renders_per_worker=GROWTH_RENDERS + 10)
    await renderer.warm_up()
    pid = next(iter(renderer._executor()._processes))  # measuring, not steering
    before = _rss_mb(pid)
    document = short_resume()
    for index in range(GROWTH_RENDERS):
        template = list(TemplateId)[index % len(TemplateId)]
        await renderer.render_pdf(document, template=template, options=ExportOptions())
    after = _rss_mb(pid)
    await renderer.aclose()
    return before, after


async def _serve_health() -> uvicorn.Server:
    async def app(scope: dict, receive: Callable, send: Callable) -> None:  # type: ignore[type-arg]
        if scope["type"] != "http":
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": b'{"status":"ok"}'})

    server = uvicorn.Server(uvicorn.Config(app, port=PORT, log_level="warning", lifespan="off"))
    asyncio.get_running_loop().create_task(server.serve())
    for _ in range(1000):
        if server.started:
            break
        await asyncio.sleep(0.01)
    return server


async def health_during(render: Callable[[], Awaitable[object]]) -> tuple[float, float, float]:
    """/health p50 and p99 (ms) while LOAD_RENDERS renders run four at a time, and their wall time."""
    server = await _serve_health()
    probe = await asyncio.create_subprocess_exec(
        sys.executable, "-c", PROBE, f"http://127.0.0.1:{PORT}/health", "6", stdout=subprocess.PIPE
    )
    await asyncio.sleep(0.5)
    start = time.perf_counter()
    limit = asyncio.Semaphore(4)

    async def one() -> None:
        async with limit:
            await render()

    await asyncio.gather(*(one() for _ in range(LOAD_RENDERS)))
    took = time.perf_counter() - start
    output, _ = await probe.communicate()
    server.should_exit = True
    await asyncio.sleep(0.2)
    latencies = json.loads(output)
    return _p(latencies, 0.5), _p(latencies, 0.99), took


async def main() -> None:
    rows: list[tuple[str, str]] = []
    ours, alone = await export_against_weasyprint()
    rows.append(("one-page resume, renderer p50", f"{ours:.0f} ms"))
    rows.append(("same HTML, WeasyPrint alone p50", f"{alone:.0f} ms"))
    rows.append(("ratio (target <= 1.3)", f"{ours / alone:.2f}"))
    before, after = await worker_rss_growth()
    rows.append(
        (f"worker RSS after warm-up / after {GROWTH_RENDERS} renders", f"{before:.0f} / {after:.0f} MB")
    )

    document, options = short_resume(), ExportOptions()
    threads = ThreadPoolExecutor(max_workers=2)
    pdf_worker.warm_up()

    async def in_thread() -> object:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            threads, pdf_worker.render_pdf, document, TemplateId.MODERN, options
        )

    for name, workers in (("thread pool of 2", 0), ("1 worker process", 1), ("2 worker processes", 2)):
        if workers:
            renderer = WeasyPrintRenderer(workers=workers)
            await renderer.warm_up()
            p50, p99, took = await health_during(
                lambda r=renderer: r.render_pdf(document, template=TemplateId.MODERN, options=options)
            )
            await renderer.aclose()
        else:
            p50, p99, took = await health_during(in_thread)
        rows.append((f"/health p50 / p99 during {LOAD_RENDERS} renders, {name}", f"{p50:.1f} / {p99:.1f} ms"))
        rows.append((f"{LOAD_RENDERS} renders took, {name}", f"{took:.1f} s"))
    threads.shutdown()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    asyncio.run(main())
