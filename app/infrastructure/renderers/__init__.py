"""Document renderers: PDF (Jinja2 HTML + WeasyPrint, in a worker process), PNG previews, DOCX."""
