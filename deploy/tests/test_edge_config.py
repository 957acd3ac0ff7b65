"""The edge image's configuration, rendered the way the nginx image's entrypoint renders it
(envsubst limited to NGINX_ENVSUBST_FILTER over the image's and the deployment's environment),
inside an nginx.conf shaped like nginx-unprivileged's, passes `nginx -t` on this machine's nginx."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from deploy_checks import EDGE, final_stage, parse_dockerfile

MAIN_CONF = """worker_processes 1;
pid {tmp}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 64; }}
http {{
    include {mime};
    default_type application/octet-stream;
    client_body_temp_path {tmp}/client_temp;
    proxy_temp_path {tmp}/proxy_temp;
    fastcgi_temp_path {tmp}/fastcgi_temp;
    uwsgi_temp_path {tmp}/uwsgi_temp;
    scgi_temp_path {tmp}/scgi_temp;
    include {tmp}/conf.d/*.conf;
}}
"""


def image_env(repo: Path) -> dict[str, str]:
    env = {}
    for ins in final_stage(parse_dockerfile(repo / "web/Dockerfile")):
        if ins.keyword == "ENV":
            for pair in shlex.split(ins.args):
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def envsubst(template: str, env: dict[str, str]) -> str:
    """What the entrypoint does: substitute only variables whose name matches the filter."""
    pattern = re.compile(env.get("NGINX_ENVSUBST_FILTER", ""))
    names = [n for n in env if pattern.search(n)]
    for name in names:
        template = template.replace("${" + name + "}", env[name])
        template = re.sub(rf"\${name}(?![A-Za-z0-9_])", lambda _m, v=env[name]: v, template)
    return template


def offline(env: dict[str, str]) -> dict[str, str]:
    """Upstream hosts resolve only inside the deployment: point them at this machine, same ports."""
    out = dict(env)
    for name, value in env.items():
        if name.endswith("_UPSTREAM"):
            out[name] = "127.0.0.1:" + value.rsplit(":", 1)[1]
    return out


def nginx_test(conf: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is needed (scripts/install.sh installs it)"
    mime = next(
        p for p in ("/etc/nginx/mime.types", "/usr/local/etc/nginx/mime.types") if Path(p).exists()
    )
    (tmp_path / "conf.d").mkdir()
    (tmp_path / "conf.d/default.conf").write_text(conf, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        MAIN_CONF.format(tmp=tmp_path, mime=mime), encoding="utf-8"
    )
    return subprocess.run(
        [
            nginx,
            "-t",
            "-q",
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            "stderr",
        ],
        capture_output=True,
        text=True,
    )


def compose_edge_env(compose) -> dict[str, str]:
    return {k: str(v) for k, v in compose["services"][EDGE].get("environment", {}).items()}


def k8s_edge_env(docs) -> dict[str, str]:
    (deployment,) = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == EDGE]
    return {
        e["name"]: e["value"]
        for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]
    }


class TestEdgeConfig:
    @pytest.mark.parametrize("where", ["image", "compose", "k8s-prod"])
    def test_renders_to_a_valid_nginx_config(self, repo, compose, rendered, where, tmp_path):
        env = image_env(repo)
        if where == "compose":
            env |= compose_edge_env(compose)
        elif where == "k8s-prod":
            env |= k8s_edge_env(rendered["prod"])
        template = (repo / "deploy/nginx/default.conf.template").read_text(encoding="utf-8")
        conf = envsubst(template, offline(env))
        assert "${" not in conf, "a variable was left unsubstituted"
        assert "$http_x_request_id" in conf, "nginx's own variables must survive"
        assert f"listen {env['EDGE_PORT']};" in conf
        result = nginx_test(conf, tmp_path)
        assert result.returncode == 0, result.stderr

    def test_upstreams_are_the_services_by_name_and_port(self, repo, compose, rendered):
        expected = {
            "AUTH_UPSTREAM": "auth-backend:8001",
            "NOTIFICATION_UPSTREAM": "notification-service:5001",
            "FEEDBACK_UPSTREAM": "feedback-service:8000",
        }
        env = image_env(repo)
        for source in (
            env,
            compose_edge_env(compose),
            *(k8s_edge_env(d) for d in rendered.values()),
        ):
            assert {k: source[k] for k in expected} == expected

    def test_a_broken_template_fails(self, repo, tmp_path):
        env = offline(image_env(repo))
        conf = envsubst("server { listen ${EDGE_PORT}; location / { proxy_pass http://; } }", env)
        assert nginx_test(conf, tmp_path).returncode != 0
