"""Write the README's template thumbnails (docs/images/template-<id>.png) with the export preview code.

Run from the repository root: `.venv/bin/python scripts/template_thumbnails.py`. Each is the preview
(page 1, watermarked) of the renderer tests' one-page resume, scaled to 400 px wide.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.domain.enums.export import TemplateId  # noqa: E402 - after the path is set
from app.domain.exports.options import ExportOptions  # noqa: E402
from app.infrastructure.renderers.pdf_worker import render_preview  # noqa: E402
from tests.integration.render_documents import short_resume  # noqa: E402

WIDTH = 400


def main() -> None:
    """One thumbnail per template."""
    for template in TemplateId:
        preview = Image.open(io.BytesIO(render_preview(short_resume(), template, ExportOptions())))
        height = round(preview.height * WIDTH / preview.width)
        thumbnail = preview.resize((WIDTH, height), Image.Resampling.LANCZOS).quantize(colors=64)
        target = ROOT / "docs" / "images" / f"template-{template.value}.png"
        thumbnail.save(target, format="PNG", optimize=True)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
