"""LimitLens as a package: pins inside their ranges, a wheel that works outside the checkout, the
Makefile's install stamps and the CI workflow."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from email.parser import HeaderParser
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import limitlens
from limitlens import cli, paths
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WORKFLOW = ROOT / ".github" / "workflows" / "test.yml"
PERSONA = ROOT / "data" / "personas" / "steady_employee.csv"
# Child processes see nothing of the checkout (no PYTHONPATH, no active venv) nor of an outer
# `make test` (whose MAKEFLAGS/MAKELEVEL would turn `make -n` into a chatty sub-make).
OUTER = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in OUTER}


def run(args: list, cwd: Path = ROOT) -> str:
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def pins(path: Path) -> dict[str, str]:
    """{canonical name: version} of a requirements file's `name==version` lines."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", line
            out[canonicalize_name(req.name)] = spec.version
    return out


def ranges(lines: list[str]) -> dict[str, Requirement]:
    return {canonicalize_name(r.name): r for r in map(Requirement, lines)}


def test_requirements_pin_versions_inside_the_pyproject_ranges():
    project = PYPROJECT["project"]
    runtime, dev = ROOT / "requirements.txt", ROOT / "requirements-dev.txt"
    assert dev.read_text(encoding="utf-8").startswith("-r requirements.txt\n")
    for pinned, allowed in (
        (pins(runtime), ranges(project["dependencies"])),
        (pins(dev), ranges(project["optional-dependencies"]["test"])),
    ):
        assert set(pinned) == set(allowed)
        outside = {n: v for n, v in pinned.items() if not allowed[n].specifier.contains(v)}
        assert outside == {}
        # ranges, not pins: a floor and a ceiling each, so tools can propose updates
        for req in allowed.values():
            assert {s.operator for s in req.specifier} == {">=", "<"}, req
    backend = ranges(PYPROJECT["build-system"]["requires"])["hatchling"]
    assert backend.specifier.contains(pins(dev)["hatchling"])


def test_a_checkout_reads_the_top_level_data_folder():
    assert not (ROOT / "limitlens" / "data").exists()
    assert paths.DATA_DIR == ROOT / "data"
    assert (paths.DATA_DIR / "factors.toml").is_file()


def test_the_installed_wheel_runs_the_cli_from_any_directory(tmp_path, capsys, monkeypatch):
    dist, venv, elsewhere = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    # 1. Build the wheel offline with the backend the test extra installs.
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    offline = ["--no-deps", "--no-index", "--no-cache-dir"]
    run([*pip, "wheel", *offline, "--no-build-isolation", "-w", dist, ROOT])
    (wheel,) = dist.glob("limitlens-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        info = f"limitlens-{limitlens.__version__}.dist-info"
        requires = (
            HeaderParser().parsestr(z.read(f"{info}/METADATA").decode()).get_all("Requires-Dist")
        )
    # Only the core and its data: app.py, pages/ and components/ stay in the checkout.
    assert {n.split("/")[0] for n in names} == {"limitlens", info}
    data = {f"limitlens/{p.relative_to(ROOT).as_posix()}" for p in paths.DATA_DIR.rglob("*.*")}
    assert data - names == set()
    # The pinned environment satisfies every dependency the wheel declares, so it can lend them.
    unmet = [r for r in map(Requirement, requires) if metadata.version(r.name) not in r.specifier]
    assert unmet == []

    # 2. A fresh venv: the wheel installed by pip, the dependencies borrowed from this env.
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    run([*pip, "--python", python, "install", *offline, wheel])
    purelib = Path(
        run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).strip()
    )
    lent = [p for p in sys.path if p.endswith("-packages") and Path(p).is_dir()]
    (purelib / "lent_dependencies.pth").write_text("\n".join(lent) + "\n", encoding="utf-8")

    # 3. From another directory, the console script reads the copy of the data inside the venv.
    where = run([python, "-c", "import limitlens.paths as p; print(p.DATA_DIR)"], cwd=elsewhere)
    assert Path(where.strip()) == purelib / "limitlens" / "data"
    shutil.copy(PERSONA, elsewhere)
    shutil.copy(PERSONA.with_suffix(".profile.json"), elsewhere)
    monkeypatch.chdir(elsewhere)
    outputs = []
    for args in (
        ["inspect", PERSONA.name, "--json"],
        ["estimate", PERSONA.name, "--profile", f"{PERSONA.stem}.profile.json", "--json"],
    ):
        installed = json.loads(run([venv / "bin" / "limitlens", *args], cwd=elsewhere))
        assert cli.main(args) == 0  # the same command from the checkout, in this process
        assert installed == json.loads(capsys.readouterr().out), args
        outputs.append(installed)
    (file,) = outputs[0]["files"]
    assert file["error"] is None and file["rows"] > 100 and outputs[0]["rows"] == file["rows"]
    # The report (charts included) is written by the installed package alone.
    args = [PERSONA.name, "--profile", f"{PERSONA.stem}.profile.json", "-o", "r.html"]
    run([venv / "bin" / "limitlens", "report", *args], cwd=elsewhere)
    html = (elsewhere / "r.html").read_text(encoding="utf-8")
    assert "plotly" in html and "<svg" not in html[:100] and len(html) > 1_000_000


def test_make_run_installs_with_progress_once_then_starts_at_once(tmp_path):
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(ROOT / name, tmp_path)
    first = run(["make", "-n", "run"], cwd=tmp_path).splitlines()
    (install,) = [i for i, line in enumerate(first) if "pip install" in line]
    assert "--quiet" not in first[install] and "-r requirements.txt" in first[install]
    url = next(i for i, line in enumerate(first) if "http://localhost:8501" in line)
    assert install < url < len(first) - 1 and "streamlit run app.py" in first[-1]
    # Installed venv (python + stamp newer than requirements.txt): no pip, straight to the URL.
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").touch()
    stamp = tmp_path / ".venv" / ".runtime"
    stamp.touch()
    later = (tmp_path / "requirements.txt").stat().st_mtime + 60
    os.utime(stamp, (later, later))
    again = run(["make", "-n", "run"], cwd=tmp_path)
    assert "pip" not in again and "streamlit run app.py" in again


def actionlint() -> str:
    exe = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert exe, "actionlint is missing: pip install -r requirements-dev.txt"
    return exe


def test_the_ci_workflow_runs_make_test_on_debian_with_python_3_11():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "image: python:3.11-bookworm" in text
    assert [line.strip() for line in text.splitlines() if "run:" in line] == ["run: make test"]
    proc = subprocess.run(
        [actionlint(), "-no-color", WORKFLOW], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "test.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("run: make test", "run: make ${{ matrix.target }}"))
    proc = subprocess.run([actionlint(), "-no-color", broken], capture_output=True, text=True)
    assert proc.returncode == 1 and "matrix" in proc.stdout, proc.stdout + proc.stderr
