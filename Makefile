# The two commands of the README's quick start. Both set everything up first (idempotently).
.PHONY: demo test setup

setup:
	@scripts/setup.sh

demo: setup
	.venv/bin/salesbot demo

test: setup
	.venv/bin/python -m pytest
