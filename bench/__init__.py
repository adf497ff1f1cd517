"""Benchmarks that print figures. Run `python -m bench` (add --quick for a short run)."""
