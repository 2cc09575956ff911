"""The README is true for a bare clone: every path it names exists in the repository, and the
settings it quotes are the ones the app runs with."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_no_path_outside_the_repository():
    assert "../" not in README  # e.g. ../shared/seed/: a clone has no such folder


def test_every_backticked_repo_path_exists():
    named = set(
        re.findall(
            r"`((?:data|limitlens|components|pages|scripts|devtools|tests)/[\w./-]*)`", README
        )
    )
    wheel_only = {"limitlens/data/"}  # where the wheel puts data/, as the README explains
    missing = sorted(p for p in named - wheel_only if not (ROOT / p.rstrip("/")).exists())
    assert named and missing == []


def test_the_session_ttl_it_states_is_the_configured_one():
    with (ROOT / ".streamlit" / "config.toml").open("rb") as fh:
        ttl = tomllib.load(fh)["server"]["disconnectedSessionTTL"]
    sentence = README[README.index("`server.disconnectedSessionTTL`") :][:200]
    assert re.search(rf"set to {ttl} s\b", sentence), sentence
