"""Queries and writes over the CRM tables, one module per aggregate. They take a session."""
