"""A queued batch's request survives its trip through the export row's JSON unchanged."""

from __future__ import annotations

import json

from app.application.dtos.export_dto import ExportRequest
from app.application.services.batch_export import QueuedBatch
from app.domain.enums.export import ExportFormat, FontFamily, HeaderStyle, TemplateId
from app.domain.exports.options import DocumentProperties, ExportOptions, Margins


def test_a_queued_batch_reads_back_as_it_was_asked_options_included():
    options = ExportOptions(
        font_family=FontFamily.GEORGIA,
        font_size=12.5,
        accent_color="#0D9488",
        line_spacing=1.5,
        margins=Margins(top=1.0, bottom=0.5, left=1.25, right=0.75),
        include_page_numbers=True,
        header_style=HeaderStyle.BOTH,
        document_properties=DocumentProperties(title="CV", author="Ada"),
    )
    batch = QueuedBatch(
        [
            ExportRequest("g-1", ExportFormat.PDF, TemplateId.ATS_OPTIMIZED, options, "first"),
            ExportRequest("g-2", ExportFormat.DOCX, TemplateId.CLASSIC, ExportOptions(), None),
        ],
        zip_filename="both",
        uses=["u-1", "u-2"],
    )

    stored = json.loads(json.dumps(batch.as_dict()))  # as the JSON column holds it

    assert QueuedBatch.from_dict(stored) == batch
    assert QueuedBatch.from_dict(stored).requests[0].options.options_hash == options.options_hash
