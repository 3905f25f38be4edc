"""The deterministic job-posting parser: plain text in, structured fields out, no network."""
