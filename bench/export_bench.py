"""Export benchmark (issue 14): PDF exports over HTTP on the real server against WeasyPrint alone, reuse,
50 concurrent exports (memory, /health), and the idle server's memory. `python -m bench.export_bench`
prints one table: figure, measured, target, verdict.

The server is the real one (one uvicorn worker, SQLite, DATA_DIR and local storage in a temporary folder,
RENDER_WORKERS at its default unless set in the environment, warmed at start-up, export quotas raised).
The user has bench/generation_profile.json's profile and one job; a resume of one experience and one
project is generated through the API and exported as a PDF in `modern` (the bench stops unless it is
one page). BENCH_DATABASE=postgres|both as for bench/run.py, where this suite is `export`.
Each timed export asks for a new accent colour, so it is rendered (an identical request is reused), and
is followed by this process rendering the same HTML (html_document.render_html, what the render worker
prints) with `weasyprint.HTML(string=...).write_pdf()`: the two alternate, so the machine's load weighs
on both alike. RSS is VmRSS summed over the uvicorn process and its descendants (render workers,
multiprocessing's resource tracker). /health is probed from a process of its own every 10 ms.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import httpx
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from app.domain.enums.export import TemplateId
from app.domain.exports.options import ExportOptions, for_template
from app.infrastructure.renderers.html_document import render_html
from bench.harness import SQLITE, Backend, Check, Result, jobwise_server

if TYPE_CHECKING:
    from bench.generation_bench import Session

RUNS = 30  # new exports timed against WeasyPrint alone
REUSE_RUNS = 200
CONCURRENT = 50
WARM_UP = 3
RESUME = {"max_experiences": 1, "max_projects": 1, "include_summary": True}  # one page
SETTINGS = {
    "RATE_LIMIT_EXPORTS_PER_HOUR": "1000000",
    "RATE_LIMIT_STORAGE_BYTES": str(1 << 40),
}
# Runs in its own process (its work shares no GIL with the bench's): GET /health every 10 ms until its
# stdin closes, then prints "start latency_ms" lines (CLOCK_MONOTONIC is the same in every process).
PROBE = """
import sys, threading, time, httpx
done = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
with httpx.Client() as client:
    while not done.is_set():
        start = time.monotonic()
        client.get(sys.argv[1]).raise_for_status()
        print(start, (time.monotonic() - start) * 1000)
        time.sleep(0.01)
"""


@dataclass(frozen=True)
class Figure:
    """One line of the table; `limit` None: a figure shown for understanding, with no target."""

    name: str
    value: float
    unit: str
    limit: float | None = None
    target: str = ""
    timings: tuple[float, ...] = ()  # a timed scenario's latencies (ms): a row of bench/run.py's table

    @property
    def ok(self) -> bool:
        return self.limit is None or self.value <= self.limit

    @property
    def measured(self) -> str:
        if self.unit in {"x", ""}:  # a ratio, a count
            return f"{self.value:.2f}x" if self.unit else f"{self.value:.0f}"
        return f"{self.value:.1f} {self.unit}"


def _generation_bench() -> ModuleType:
    """bench.generation_bench (its user, profile and /proc readers), imported when first used: it
    imports bench.run, which imports this suite."""
    return importlib.import_module("bench.generation_bench")


def _cpu_ms(pid: int) -> float:
    cpu: float = _generation_bench()._cpu_ms(pid)
    return cpu


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * share) - 1)]


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it (the render workers, the resource tracker)."""
    found = [pid]
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:  # the process ended as it was read
        return found
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except FileNotFoundError:  # a thread that ended (the server's thread pools come and go)
            continue
        for child in children:
            found += _descendants(int(child))
    return found


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0  # a process exiting as it is read


def server_rss_mb(pid: int) -> float:
    """VmRSS of the server and its descendants, summed (MB)."""
    total = 0.0
    for process in _descendants(pid):
        try:
            total += _rss_mb(process)
        except (FileNotFoundError, ProcessLookupError):  # a worker replaced as it is read
            continue
    return total


def workers_cpu_ms(pid: int) -> float:
    """CPU time used so far by the server's descendants that are alive (the render workers)."""
    total = 0.0
    for process in _descendants(pid)[1:]:
        try:
            total += _cpu_ms(process)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


class Exporter:
    """Export requests for one generation, each with an accent colour of its own unless repeated."""

    def __init__(self, session: Session, generation_id: str) -> None:
        self.session = session
        self.generation_id = generation_id
        self._colours = iter(range(0x100000, 0xFFFFFF))

    def new_options(self) -> dict[str, Any]:
        return {"accent_color": f"#{next(self._colours):06X}"}

    def body(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"generation_id": self.generation_id, "template": "modern", "options": options}

    def export(self, options: dict[str, Any], *, expect: int = 201) -> dict[str, Any]:
        return self.session.send("POST", "/exports/pdf", expect, json=self.body(options))


def _html(document: dict[str, Any], options: dict[str, Any]) -> str:
    """The HTML the render worker prints for this request (the server's own option handling)."""
    template = TemplateId.MODERN
    chosen = ExportOptions(accent_color=options["accent_color"])
    return render_html(document, template=template, options=for_template(chosen, template))


def _weasyprint_ms(html: str, font_config: FontConfiguration | None = None) -> float:
    started = time.perf_counter()
    weasyprint.HTML(string=html).write_pdf(font_config=font_config)
    return (time.perf_counter() - started) * 1000


def against_weasyprint(exporter: Exporter, document: dict[str, Any]) -> list[Figure]:
    """New exports, each followed by WeasyPrint alone on the same HTML in this process."""
    for _ in range(WARM_UP):
        options = exporter.new_options()
        exporter.export(options)
        _weasyprint_ms(_html(document, options))
    pid = exporter.session.pid
    fonts = FontConfiguration()  # as the render worker keeps one
    ours, alone, kept_fonts, rendering, pages = [], [], [], [], set()
    server_cpu = workers_cpu = 0.0
    for _ in range(RUNS):
        options = exporter.new_options()
        cpu_before, workers_before = _cpu_ms(pid), workers_cpu_ms(pid)
        started = time.perf_counter()
        out = exporter.export(options)
        ours.append((time.perf_counter() - started) * 1000)
        server_cpu += _cpu_ms(pid) - cpu_before
        workers_cpu += workers_cpu_ms(pid) - workers_before
        rendering.append(out["metadata"]["processing_time_seconds"] * 1000)
        pages.add(out["page_count"])
        html = _html(document, options)
        alone.append(_weasyprint_ms(html))
        kept_fonts.append(_weasyprint_ms(html, fonts))
    if pages != {1}:
        raise RuntimeError(f"the resume should fill one page, not {sorted(pages)}")
    ratio = statistics.median(ours) / statistics.median(alone)
    return [
        Figure(
            "POST /exports/pdf, new render (1 page), p50", statistics.median(ours), "ms", timings=tuple(ours)
        ),
        Figure("  p99", percentile(ours, 0.99), "ms"),
        Figure(
            "  of which the renderer's call (metadata.processing_time)", statistics.median(rendering), "ms"
        ),
        Figure("  server process CPU per export (HTTP, DB, storage)", server_cpu / RUNS, "ms"),
        Figure("  render workers' CPU per export", workers_cpu / RUNS, "ms"),
        Figure("WeasyPrint alone, same HTML, this process, p50", statistics.median(alone), "ms"),
        Figure("export p50 / WeasyPrint p50", ratio, "x", 1.3, "<= 1.3x"),
        Figure(
            "  WeasyPrint, one FontConfiguration kept (as the worker), p50",
            statistics.median(kept_fonts),
            "ms",
        ),
        Figure("  export p50 / that", statistics.median(ours) / statistics.median(kept_fonts), "x"),
    ]


def reuse(exporter: Exporter) -> list[Figure]:
    """The same request again and again: the stored export, its life extended (200)."""
    options = exporter.new_options()
    exporter.export(options)
    for _ in range(WARM_UP):
        exporter.export(options, expect=200)
    pid = exporter.session.pid
    timings = []
    cpu_before = _cpu_ms(pid)
    for _ in range(REUSE_RUNS):
        started = time.perf_counter()
        exporter.export(options, expect=200)
        timings.append((time.perf_counter() - started) * 1000)
    return [
        Figure(
            "POST /exports/pdf, identical (reused), p50",
            statistics.median(timings),
            "ms",
            20,
            "< 20 ms",
            tuple(timings),
        ),
        Figure("  p99", percentile(timings, 0.99), "ms"),
        Figure(
            "  server process CPU per request",
            (_cpu_ms(pid) - cpu_before) / REUSE_RUNS,
            "ms",
        ),
    ]


class RssSampler:
    """The server's summed RSS every 20 ms on a thread; `peak` is the highest seen."""

    def __init__(self, pid: int) -> None:
        self._pid = pid
        self._stop = threading.Event()
        self.peak = 0.0
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, server_rss_mb(self._pid))
            time.sleep(0.02)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


async def _all_at_once(exporter: Exporter) -> list[float]:
    """CONCURRENT new exports sent together; each one's latency (ms)."""
    headers = dict(exporter.session.client.headers)
    limits = httpx.Limits(max_connections=CONCURRENT)
    base_url = str(exporter.session.client.base_url)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=300, limits=limits) as client:

        async def one(options: dict[str, Any]) -> float:
            started = time.perf_counter()
            response = await client.post("/exports/pdf", json=exporter.body(options))
            if response.status_code != 201:
                raise RuntimeError(f"concurrent export: {response.status_code} {response.text[:300]}")
            return (time.perf_counter() - started) * 1000

        bodies = [exporter.new_options() for _ in range(CONCURRENT)]
        return list(await asyncio.gather(*(one(options) for options in bodies)))


def concurrent(exporter: Exporter, base_url: str) -> list[Figure]:
    """CONCURRENT new exports at once: the server's peak RSS, and /health meanwhile."""
    probe = subprocess.Popen(
        [sys.executable, "-c", PROBE, f"{base_url}/health"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)  # the probe is running before the exports start
    with RssSampler(exporter.session.pid) as sampler:
        began = time.monotonic()
        latencies = asyncio.run(_all_at_once(exporter))
        ended = time.monotonic()
    output, _ = probe.communicate(input="")
    if probe.returncode != 0:
        raise RuntimeError("the /health probe failed")
    health = [
        float(latency)
        for start, latency in (line.split() for line in output.splitlines())
        if began <= float(start) <= ended
    ]
    return [
        Figure(f"{CONCURRENT} concurrent exports: all done in", (ended - began), "s"),
        Figure("  each export, p50", statistics.median(latencies), "ms"),
        Figure("  server RSS peak (uvicorn + workers)", sampler.peak, "MB", 500, "< 500 MB"),
        Figure(
            "  GET /health p99 meanwhile",
            percentile(health, 0.99),
            "ms",
            50,
            "< 50 ms",
        ),
        Figure("  GET /health p50 meanwhile", statistics.median(health), "ms"),
        Figure("  GET /health probes meanwhile", len(health), ""),
    ]


def _role(command: str) -> str:
    """What a child of the server is, from its command line."""
    if "multiprocessing.spawn" in command:
        return "render worker"
    return "multiprocessing's resource tracker" if "resource_tracker" in command else "other"


def idle_rss(pid: int) -> list[Figure]:
    """The started, warmed server's RSS, summed and per process."""
    processes = _descendants(pid)
    figures = [
        Figure(
            "idle server RSS after start-up and warm-up (summed)",
            server_rss_mb(pid),
            "MB",
            250,
            "< 250 MB",
        )
    ]
    for process in processes:
        command = Path(f"/proc/{process}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        role = "uvicorn" if process == pid else _role(command)
        figures.append(Figure(f"  {role} (pid {process})", _rss_mb(process), "MB"))
    return figures


def _set_up(session: Session) -> tuple[str, dict[str, Any]]:
    """The profile, a job and a generated resume: its id and content_structured."""
    session.send("POST", "/profiles", 201, json=_generation_bench().DATA["profile"])
    job_id = session.new_job(1)
    body = {"job_id": job_id, **RESUME}
    generation = session.send("POST", "/generations/resume", 201, json=body)
    return str(generation["generation_id"]), generation["content_structured"]


def measure(backend: Backend) -> list[Figure]:
    """Every figure, on a fresh server of that engine."""
    with (
        tempfile.TemporaryDirectory(prefix="jobwise-export-bench-") as folder,
        jobwise_server(backend, DATA_DIR=folder, STORAGE_DIR=f"{folder}/exports", **SETTINGS) as server,
    ):
        pid = _generation_bench()._server_pid()
        time.sleep(1)  # start-up's last allocations settle
        idle = idle_rss(pid)
        session = _generation_bench().Session(server.base_url)
        try:
            generation_id, document = _set_up(session)
            exporter = Exporter(session, generation_id)
            figures = [
                *idle,
                *against_weasyprint(exporter, document),
                *reuse(exporter),
                *concurrent(exporter, server.base_url),
                Figure("server RSS after the concurrent exports", server_rss_mb(pid), "MB"),
            ]
        finally:
            session.client.close()
    return figures


def print_figures(figures: list[Figure], label: str) -> None:
    width = max(len(figure.name) for figure in figures) + 2
    header = f"{'figure [' + label + ']':<{width}} {'measured':>12} {'target':>10}"
    print(f"\n{header}  verdict")
    print("-" * (len(header) + 9))
    for figure in figures:
        verdict = "" if figure.limit is None else ("PASS" if figure.ok else "FAIL")
        print(f"{figure.name:<{width}} {figure.measured:>12} {figure.target or '-':>10}  {verdict}")


def run(backend: Backend) -> tuple[list[Result], list[Check]]:
    """bench/run.py's suite: the timed scenarios as rows, the targets as checks."""
    figures = measure(backend)
    rows = [
        Result(
            f"[{backend.name}] export: {figure.name.strip()}",
            requests_per_s=1000 * len(figure.timings) / sum(figure.timings),
            p50_ms=statistics.median(figure.timings),
            p99_ms=percentile(list(figure.timings), 0.99),
            errors=0,  # a request answered otherwise stops the bench
        )
        for figure in figures
        if figure.timings
    ]
    checks = [
        Check(f"export: {figure.name.strip()}: {figure.target}", backend.name, figure.measured, figure.ok)
        for figure in figures
        if figure.limit is not None
    ]
    return rows, checks


def main() -> int:
    from bench.run import backends  # here: bench.run imports this module

    engines = backends() if "BENCH_DATABASE" in os.environ else [SQLITE]
    verdicts = []
    for backend in engines:
        figures = measure(backend)
        print_figures(figures, backend.name)
        verdicts += [figure.ok for figure in figures]
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
