"""Judging and improving routers with data: the routing-eval JSONL format, the metrics of
design §6, and the evals loop built on them."""
