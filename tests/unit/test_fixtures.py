"""The real-format samples in tests/fixtures: byte-exact, and each with its origin and licence."""

import hashlib
import re

from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = {p.name for p in FIXTURES.iterdir() if p.suffix in (".csv", ".xlsx")}


def test_every_sample_matches_its_checksum():
    sums = {}
    for line in (FIXTURES / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name] = digest
    assert set(sums) == SAMPLES
    changed = [
        n for n, d in sums.items() if hashlib.sha256((FIXTURES / n).read_bytes()).hexdigest() != d
    ]
    assert changed == []


def test_sources_name_each_samples_repository_commit_and_licence():
    rows = {}
    for line in (FIXTURES / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 5:
            rows[cells[0].strip("`")] = cells
    assert set(rows) == SAMPLES
    for name, (_, repo, path, commit, licence) in rows.items():
        if repo != "(same)":
            assert re.fullmatch(r"[\w.-]+/[\w.-]+", repo) and path.startswith("`"), name
        assert re.search(r"\b[0-9a-f]{40}\b", commit) or commit == "(same)", name
        assert licence, name
    licences = {p.name for p in (FIXTURES / "licenses").iterdir()}
    assert {"double-entry-generator.LICENSE", "beancount-daoru.LICENSE.txt"} <= licences
