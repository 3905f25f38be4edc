"""LLM adapters: the local composer (default), Groq and any OpenAI-compatible server."""
