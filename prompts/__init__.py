"""LLM prompt templates: one file per prompt and version, ``prompts/<name>/v<N>.md``."""
