"""Development tools shared by the tests and scripts/ (the benchmark, the load test): never part
of the installed package (pyproject's wheel holds limitlens/ only), never imported by the app."""
