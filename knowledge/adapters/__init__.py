"""Vendor adapters of the knowledge ports (sentence-transformers, chromadb)."""
