"""One module per CLI command; see limitlens/cli.py."""
