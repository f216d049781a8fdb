"""routeyard's benchmark suite: routeyard against the same upstream direct, LiteLLM and Portkey.

Run it with ``bench/run [--quick|--full]``; see docs/benchmarks.md.
"""
