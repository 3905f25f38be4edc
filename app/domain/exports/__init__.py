"""Exports (05) in the domain's terms: templates, rendering options, files and their lifetimes."""
