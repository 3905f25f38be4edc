"""The local composer: deterministic writing from a request's payload, no model and no network."""
