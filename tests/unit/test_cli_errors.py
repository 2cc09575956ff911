"""Every bad CLI argument or file: exit code 2 and exactly one stderr line naming the real cause."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from limitlens.cli import main
from tests import ingest_fixtures as F
from tests.conftest import ROOT


def fail(capsys, *argv: str) -> str:
    """Run the CLI in-process; it must exit 2 with one line on stderr, which is returned."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def files(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "cut.json").write_text('{\n  "sesame_score": 700,\n  "age":\n')
    (tmp_path / "deep.json").write_text("[" * 100_000)
    (tmp_path / "long.json").write_text('{"sesame_score": ' + "9" * 5000 + "}")
    (tmp_path / "latin1.json").write_bytes('{"x": "café"}'.encode("latin-1"))
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "batch.jsonl").write_text('{"sesame_score": 700}\n{"sesame_score": [[1]]}\n')
    (tmp_path / "export.csv").write_bytes(F.a3())
    return tmp_path


@pytest.mark.parametrize("command", ["inspect", "factors", "estimate"])
def test_a_directory_is_named_as_a_directory(capsys, files, command):
    line = fail(capsys, command, str(files))
    assert "is a directory" in line and "no such file" not in line


@pytest.mark.parametrize("flag", ["--profile", "--batch"])
def test_a_directory_as_profile_or_batch(capsys, files, flag):
    assert "is a directory" in fail(capsys, "estimate", flag, str(files))


@pytest.mark.parametrize(
    "argv",
    [("inspect", "{pipe}"), ("factors", "--profile", "{pipe}"), ("estimate", "--batch", "{pipe}")],
)
def test_a_fifo_or_device_is_not_opened(capsys, files, argv):
    # reading a FIFO with no writer would block forever: returning at all is part of the test
    line = fail(capsys, *(a.format(pipe=files / "pipe") for a in argv))
    assert "not a regular file" in line


def test_a_device_is_not_a_regular_file(capsys):
    assert "not a regular file" in fail(capsys, "inspect", "/dev/null")


def test_a_missing_file(capsys, files):
    assert "no such file" in fail(capsys, "inspect", str(files / "nope.csv"))


def test_permission_denied_is_said_so(capsys, files, monkeypatch):
    # tests may run as root (who may read anything), so the OS answer is simulated
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    assert "permission denied" in fail(capsys, "inspect", str(files / "export.csv"))
    assert "permission denied" in fail(capsys, "factors", "--profile", str(files / "cut.json"))


def test_invalid_json_names_the_line(capsys, files):
    line = fail(capsys, "factors", "--profile", str(files / "cut.json"))
    assert "invalid JSON at line 4" in line


def test_deep_nesting_and_huge_numbers_are_refused_in_one_line(capsys, files):
    assert "nested too deeply" in fail(capsys, "factors", "--profile", str(files / "deep.json"))
    assert "number is too long" in fail(capsys, "estimate", "--profile", str(files / "long.json"))
    assert "nested too deeply" in fail(capsys, "estimate", "--batch", str(files / "deep.json"))


def test_non_utf8_bytes_are_named(capsys, files):
    line = fail(capsys, "factors", "--profile", str(files / "latin1.json"))
    assert "not UTF-8" in line and "0xe9" in line


def test_a_profile_that_is_not_an_object(capsys, files):
    assert "JSON object" in fail(capsys, "factors", "--profile", str(files / "list.json"))


def test_a_bad_batch_line_is_named(capsys, files):
    assert fail(capsys, "estimate", "--batch", str(files / "batch.jsonl")).startswith(
        "error: --batch line 2:"
    )


def test_argument_errors_are_one_line(capsys):
    assert "invalid int value" in fail(capsys, "factors", "--window-months", "abc")
    assert "between 1 and 240" in fail(capsys, "factors", "--window-months", "9" * 30)
    assert "required" in fail(capsys, "inspect")
    assert "invalid choice" in fail(capsys, "nonsense")
    long_value = fail(capsys, "estimate", "--set", "sesame_score=" + "9" * 5000)
    assert "sesame_score" in long_value and len(long_value) < 400


def test_the_real_process_exits_2_without_traceback(files):
    proc = subprocess.run(
        [sys.executable, "-m", "limitlens", "factors", "--profile", str(files / "deep.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
