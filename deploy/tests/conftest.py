"""Fixtures for the offline deployment checks: the rendered compose files and every rendered
Kubernetes overlay. Real tools throughout (docker-compose, kustomize); nothing here needs a Docker
engine or a cluster."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from deploy_checks import OVERLAYS, REPO, compose_env, kustomize_build, render_compose, run


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def compose() -> dict[str, Any]:
    result = render_compose("docker-compose.yml", env=compose_env())
    assert result.returncode == 0, result.stderr
    return dict(yaml.safe_load(result.stdout))


@pytest.fixture(scope="session")
def compose_dev() -> dict[str, Any]:
    result = render_compose("docker-compose.yml", "docker-compose.dev.yml", env=compose_env())
    assert result.returncode == 0, result.stderr
    return dict(yaml.safe_load(result.stdout))


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[dict[str, Any]]]:
    """overlay name -> the resources `kustomize build` renders for it."""
    out = {}
    for overlay in OVERLAYS:
        result = run([*kustomize_build(), f"deploy/k8s/overlays/{overlay}"])
        assert result.returncode == 0, result.stderr
        out[overlay] = [d for d in yaml.safe_load_all(result.stdout) if d]
    return out
