"""DocumentRenderer: PDF and PNG previews with WeasyPrint in a small process pool; DOCX with python-docx.

WeasyPrint's layout is pure Python and holds the GIL for most of a render (0.1-0.3 s of CPU for one
page), so in a thread it would stall the event loop's other requests for whole switch intervals;
in worker processes it cannot (docs/exports.md has the figures). The pool is bounded (one worker by
default: the machine has two cores, and the event loop needs one), started with `spawn` (no fork of
a threaded server; the same on every platform), and warmed at start-up so the first export does not
pay for imports and font loading. DOCX is cheap and runs on a thread.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from app.domain.enums.export import TemplateId
from app.domain.errors import RenderFailedError
from app.domain.exports.options import ExportOptions, for_template
from app.domain.interfaces.renderer import RenderedFile
from app.infrastructure.renderers.docx_renderer import DocxRenderer

DEFAULT_WORKERS = 1
# A worker is replaced after this many renders: its RSS grows by ~0.25 MB a render (WeasyPrint's
# caches). The replacement is started as the old one exits and warms itself up before taking work.
MAX_RENDERS_PER_WORKER = 200


def run_in_worker(job: str, *args: Any) -> Any:
    """Run pdf_worker's `job` (a function name): called in the worker process only, so the server
    process never imports WeasyPrint, pypdfium2 or Pillow (~40 MB)."""
    from app.infrastructure.renderers import pdf_worker

    return getattr(pdf_worker, job)(*args)


class WeasyPrintRenderer:
    """The DocumentRenderer port: PDF and preview in worker processes, DOCX through DocxRenderer."""

    def __init__(
        self,
        *,
        workers: int = DEFAULT_WORKERS,
        max_renders_per_worker: int = MAX_RENDERS_PER_WORKER,
        docx: DocxRenderer | None = None,
    ) -> None:
        self._workers = workers
        self._max_renders = max_renders_per_worker
        self._docx = docx or DocxRenderer()
        self._pool: ProcessPoolExecutor | None = None

    async def warm_up(self) -> None:
        """Start the workers and render a tiny document in each (called once at start-up)."""
        # each worker warms itself up as it starts (the pool's initializer); a task answers once it has
        await asyncio.gather(*(self._run("ready") for _ in range(self._workers)))

    async def render_pdf(
        self, document: Mapping[str, Any], *, template: TemplateId, options: ExportOptions
    ) -> RenderedFile:
        """The document as a PDF in `template`, with its page count."""
        rendered: RenderedFile = await self._run(
            "render_pdf", dict(document), template, for_template(options, template)
        )
        return rendered

    async def preview_png(
        self, document: Mapping[str, Any], *, template: TemplateId, options: ExportOptions
    ) -> bytes:
        """Page 1 as a PNG 1200 px wide, watermarked PREVIEW."""
        png: bytes = await self._run(
            "render_preview", dict(document), template, for_template(options, template)
        )
        return png

    async def render_docx(
        self, document: Mapping[str, Any], *, template: TemplateId, options: ExportOptions
    ) -> RenderedFile:
        """The document as a .docx (python-docx, on a thread: a few milliseconds of work)."""
        return await asyncio.to_thread(self._docx.render, document, template=template, options=options)

    async def aclose(self) -> None:
        """Stop the workers; renders still queued are cancelled."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                max_tasks_per_child=self._max_renders,
                initializer=run_in_worker,
                initargs=("warm_up",),
            )
        return self._pool

    async def _run(self, job: str, *args: Any) -> Any:
        pool = self._executor()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, run_in_worker, job, *args)
        except BrokenProcessPool as error:
            # a worker died (killed, out of memory): the next render gets a fresh pool
            self._pool = None if self._pool is pool else self._pool  # a newer pool stays
            pool.shutdown(wait=False, cancel_futures=True)
            raise RenderFailedError from error
        except Exception as error:
            raise RenderFailedError from error
