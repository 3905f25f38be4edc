"""Deterministic stylometry: the writing style of a sample, measured without any model or network."""

from app.domain.stylometry.analysis import StyleProfile, analyze

__all__ = ["StyleProfile", "analyze"]
