"""Knowledge base: ingestion, Japanese-aware chunking, hybrid retrieval and answers with citations."""
