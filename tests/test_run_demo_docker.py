"""`make run --docker` says plainly what is missing: no Docker CLI at all, or a CLI
whose engine does not answer (this machine: the CLI and compose v1, no daemon)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import run_demo  # noqa: E402


def _engine_answers():
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True, check=False).returncode == 0


def test_without_any_docker_cli_it_names_the_cli(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no docker, no compose
    assert run_demo.compose_command() == (None, "no Docker CLI")
    assert run_demo.main(["--docker"]) == 2
    assert "Cannot start with Docker: no Docker CLI" in capsys.readouterr().out


@pytest.mark.skipif(not shutil.which("docker"), reason="no Docker CLI on this machine")
@pytest.mark.skipif(_engine_answers(), reason="a Docker engine answers here")
def test_a_cli_without_an_engine_is_named_as_such(capsys):
    compose, why = run_demo.compose_command()
    assert compose is None
    assert "no engine answers" in why and "docker info" in why
    assert run_demo.main(["--docker"]) == 2
    out = capsys.readouterr().out
    assert "the Docker CLI is there but no engine answers" in out
