"""The benchmark, a development tool (`make bench`; see cli.py and the README's "Benchmark")."""
