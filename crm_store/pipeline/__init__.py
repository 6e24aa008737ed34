"""Pipeline and invoice questions: plain words → a `PipelineQuery` → SQL → a checkable answer.

The query model is the only thing a parser (offline or LLM) produces; the executor turns it into
SQL with bound parameters, so no model ever writes SQL or does arithmetic.
"""
