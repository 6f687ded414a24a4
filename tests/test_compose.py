"""The compose demo, checked for structure (and by `docker compose config` where a
Docker CLI with compose is present): no top-level `name` (compose v1 rejects it),
a health check on every long-running service, the modules installed by a one-shot
service that skips an installed database, and the demo balance pointed at the
scale service with the secret both sides read from one volume."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker" / "compose.yaml"
SPEC = yaml.safe_load(COMPOSE.read_text())
SERVICES = SPEC["services"]
ONE_SHOT = {"secrets", "odoo-init"}


def test_no_top_level_name_for_compose_v1():
    assert "name" not in SPEC
    assert set(SPEC) <= {"services", "volumes", "networks"}


def test_every_long_running_service_has_a_health_check():
    for name, service in SERVICES.items():
        if name not in ONE_SHOT:
            assert "healthcheck" in service, name


def test_the_modules_are_installed_by_a_one_shot_service_only():
    for name, service in SERVICES.items():
        command = " ".join(map(str, service.get("command", [])))
        if name != "odoo-init":
            assert " -i " not in f" {command} " and "--init" not in command, name
    init = (ROOT / "docker" / "odoo-init.sh").read_text()
    assert "SELECT state FROM ir_module_module" in init and "-i gold_mes" in init
    odoo = SERVICES["odoo"]
    assert odoo["depends_on"]["odoo-init"]["condition"] == "service_completed_successfully"
    assert "--workers=2" in odoo["command"]


def test_the_balance_points_at_the_scale_service_with_the_shared_secret():
    init = (ROOT / "docker" / "odoo-init.sh").read_text()
    port = SERVICES["scale"]["ports"][0].split(":")[-1]
    assert f"http://scale:{port}" in init
    for name in ("secrets", "scale", "odoo-init"):
        assert any(str(v).startswith("demo-state:/state") for v in SERVICES[name]["volumes"]), name
    assert SERVICES["scale"]["depends_on"]["secrets"]["condition"] == (
        "service_completed_successfully"
    )


def test_python_dependencies_are_in_an_image_layer_not_installed_at_start():
    for name, service in SERVICES.items():
        command = " ".join(map(str, service.get("command", [])))
        assert "pip install" not in command, name
    assert "pip install" in (ROOT / "docker" / "scale.Dockerfile").read_text()


def _compose_cli():
    if shutil.which("docker"):
        ok = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if ok.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


@pytest.mark.skipif(_compose_cli() is None, reason="no docker compose / docker-compose CLI here")
def test_docker_compose_config_accepts_the_file():
    out = subprocess.run(
        [*_compose_cli(), "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr


def test_the_balance_form_drives_the_virtual_balance_over_the_compose_network():
    sys.path.insert(0, str(ROOT / "tools"))
    from demo_setup import SIM_PORT, balance_command  # noqa: PLC0415

    init = (ROOT / "docker" / "odoo-init.sh").read_text()
    assert f"http://scale:{SIM_PORT}" in init
    scale = SERVICES["scale"]
    assert str(SIM_PORT) in [str(port) for port in scale["expose"]]
    assert not any(str(p).endswith(f":{SIM_PORT}") for p in scale["ports"]), "not on the host"
    source = (ROOT / "tools" / "demo_setup.py").read_text()
    assert 'control=("0.0.0.0", SIM_PORT)' in source
    command = balance_command("/state", "python", ("0.0.0.0", SIM_PORT))
    assert f"--control-port={SIM_PORT}" in command and "--control-host=0.0.0.0" in command
