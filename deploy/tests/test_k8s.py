"""Every rendered overlay: hardened workloads, probes, limits, autoscaling, disruption budgets,
Secrets only referenced, and NetworkPolicies that allow exactly the calls the architecture has."""

from __future__ import annotations

import functools
import itertools
import re
import subprocess
from typing import Any

import pytest
from deploy_checks import (
    EDGE,
    EDGE_PORT,
    OVERLAYS,
    REPO,
    SERVICES,
    parse_dockerfile,
    service_dockerfile,
)

WORKLOADS = [EDGE, *SERVICES]
PORTS = {EDGE: EDGE_PORT, **{name: port for name, (_, port) in SERVICES.items()}}

# Who calls whom inside the cluster (ARCHITECTURE.md, docs/service-contracts.md).
EXPECTED_CALLS = {
    (EDGE, "auth-backend"),
    (EDGE, "notification-service"),
    (EDGE, "feedback-service"),
    ("auth-backend", "notification-service"),  # verifications
    ("feedback-service", "auth-backend"),  # JWKS, user directory
    ("feedback-service", "notification-service"),  # feedback published
    ("notification-service", "auth-backend"),  # JWKS for the admin API, user directory
}
SECRET_LIKE = re.compile(r"SECRET|PASSWORD|DATABASE_URL|REDIS_URL|_KEY$|USERNAME")

Doc = dict[str, Any]


def of_kind(docs: list[Doc], kind: str) -> list[Doc]:
    return [d for d in docs if d["kind"] == kind]


def named(docs: list[Doc], kind: str, name: str) -> Doc:
    found = [d for d in of_kind(docs, kind) if d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def pod_specs(docs: list[Doc]) -> list[tuple[str, Doc]]:
    return [
        (f"{d['kind']}/{d['metadata']['name']}", d["spec"]["template"]["spec"])
        for d in docs
        if d["kind"] in ("Deployment", "Job")
    ]


@pytest.fixture(params=OVERLAYS)
def docs(request, rendered) -> list[Doc]:
    return rendered[request.param]


class TestWorkloads:
    def test_every_service_has_its_objects(self, docs):
        for name in WORKLOADS:
            for kind in (
                "Deployment",
                "Service",
                "ServiceAccount",
                "HorizontalPodAutoscaler",
                "PodDisruptionBudget",
            ):
                named(docs, kind, name)

    def test_two_replicas_at_least(self, docs):
        for name in WORKLOADS:
            assert named(docs, "Deployment", name)["spec"]["replicas"] >= 2
            hpa = named(docs, "HorizontalPodAutoscaler", name)["spec"]
            assert hpa["minReplicas"] >= 2
            assert hpa["maxReplicas"] > hpa["minReplicas"]
            assert hpa["scaleTargetRef"] == {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": name,
            }

    def test_probes_on_ready_and_health(self, docs):
        for name in WORKLOADS:
            container = named(docs, "Deployment", name)["spec"]["template"]["spec"]["containers"][0]
            ready = container["readinessProbe"]["httpGet"]["path"]
            live = container["livenessProbe"]["httpGet"]["path"]
            if name == EDGE:
                assert (ready, live) == ("/healthz", "/healthz")
            else:
                assert (ready, live) == ("/ready", "/health")
            ports = {p["name"]: p["containerPort"] for p in container["ports"]}
            assert ports == {"http": PORTS[name]}
            assert container["readinessProbe"]["httpGet"]["port"] == "http"

    def test_every_container_has_requests_and_limits(self, docs):
        for where, spec in pod_specs(docs):
            for container in spec["containers"] + spec.get("initContainers", []):
                for bound in ("requests", "limits"):
                    assert set(container["resources"][bound]) >= {"cpu", "memory"}, where

    def test_every_pod_is_hardened(self, docs):
        for where, spec in pod_specs(docs):
            assert spec["securityContext"]["runAsNonRoot"] is True, where
            assert spec["securityContext"]["runAsUser"] > 0, where
            assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, where
            assert spec["automountServiceAccountToken"] is False, where
            for container in spec["containers"] + spec.get("initContainers", []):
                sc = container["securityContext"]
                assert sc["runAsNonRoot"] is True, where
                assert sc["readOnlyRootFilesystem"] is True, where
                assert sc["allowPrivilegeEscalation"] is False, where
                assert sc["capabilities"] == {"drop": ["ALL"]}, where
                assert sc.get("privileged", False) is False, where

    def test_pods_run_as_the_user_the_image_declares(self, docs, repo):
        for name in [EDGE, *SERVICES]:
            instructions = (
                parse_dockerfile(repo / "web/Dockerfile")
                if name == EDGE
                else service_dockerfile(name)
            )
            args = {
                i.args.split("=")[0]: i.args.split("=")[1]
                for i in instructions
                if i.keyword == "ARG" and "=" in i.args
            }
            user = [i.args for i in instructions if i.keyword == "USER"][-1].split(":")[0]
            uid = int(re.sub(r"\$\{(\w+)\}", lambda m, a=args: a[m.group(1)], user))
            spec = named(docs, "Deployment", name)["spec"]["template"]["spec"]
            assert spec["securityContext"]["runAsUser"] == uid, name

    def test_services_select_their_pods_on_the_http_port(self, docs):
        for name in WORKLOADS:
            service = named(docs, "Service", name)["spec"]
            deployment = named(docs, "Deployment", name)
            labels = deployment["spec"]["template"]["metadata"]["labels"]
            assert service["selector"].items() <= labels.items()
            assert service["ports"] == [
                {"name": "http", "port": PORTS[name], "targetPort": "http", "protocol": "TCP"}
            ]
            pdb = named(docs, "PodDisruptionBudget", name)["spec"]
            assert pdb["selector"]["matchLabels"].items() <= labels.items()
            assert pdb["minAvailable"] >= 1
            assert deployment["spec"]["template"]["spec"]["serviceAccountName"] == name


class TestStartupProbes:
    def test_the_services_have_one_and_the_edge_none_as_the_docs_say(self, docs, repo):
        for name in WORKLOADS:
            container = named(docs, "Deployment", name)["spec"]["template"]["spec"]["containers"][0]
            has = "startupProbe" in container
            assert has == (name in SERVICES), name
        guide = " ".join((repo / "docs/deployment.md").read_text(encoding="utf-8").split())
        assert "for the three services a startup probe" in guide
        assert "the edge has none" in guide


class TestMigrations:
    def test_one_job_per_service_runs_its_migrate_command_with_the_same_image(self, docs):
        for name in SERVICES:
            job = named(docs, "Job", f"{name}-migrate")["spec"]["template"]["spec"]
            app = named(docs, "Deployment", name)["spec"]["template"]["spec"]["containers"][0]
            assert job["containers"][0]["command"] == [f"campus-{name}", "migrate"]
            assert job["containers"][0]["image"] == app["image"]
            assert job["restartPolicy"] in ("OnFailure", "Never")
            app_env = {e["name"]: e for e in app["env"]}
            for env in job["containers"][0]["env"]:
                assert app_env[env["name"]] == env, "a Job must see the database the app sees"

    def test_new_pods_wait_until_the_schema_is_migrated(self, docs):
        for name in SERVICES:
            spec = named(docs, "Deployment", name)["spec"]["template"]["spec"]
            (wait,) = spec["initContainers"]
            assert wait["image"] == spec["containers"][0]["image"]
            script = wait["command"][-1]
            assert wait["command"][:2] == ["sh", "-c"]
            assert f"campus-{name} check-migrations" in script
            assert "seq 1 " in script, "the wait must be bounded"
            assert "check-migrations" in cli_help(name)
            job = named(docs, "Job", f"{name}-migrate")["spec"]["template"]["spec"]["containers"][0]
            assert wait["env"] == job["env"], "the wait must look at the database the Job migrates"


@functools.cache
def cli_help(service: str) -> str:
    cli = REPO / f".venv/bin/campus-{service}"
    return subprocess.run([str(cli), "--help"], capture_output=True, text=True, check=True).stdout


class TestSecretsAndConfig:
    def test_no_secret_is_rendered(self, docs):
        assert of_kind(docs, "Secret") == []

    def test_secret_settings_come_from_secret_refs_only(self, docs):
        for where, spec in pod_specs(docs):
            for container in spec["containers"]:
                for env in container.get("env", []):
                    if SECRET_LIKE.search(env["name"]):
                        assert "secretKeyRef" in env.get("valueFrom", {}), f"{where}: {env['name']}"
        for config in of_kind(docs, "ConfigMap"):
            for key in config.get("data", {}):
                assert not SECRET_LIKE.search(key), f"{config['metadata']['name']}: {key}"

    def test_every_config_map_and_secret_volume_reference_resolves(self, docs):
        config_maps = {c["metadata"]["name"] for c in of_kind(docs, "ConfigMap")}
        for where, spec in pod_specs(docs):
            for container in spec["containers"]:
                for source in container.get("envFrom", []):
                    assert source["configMapRef"]["name"] in config_maps, where

    def test_production_settings(self, rendered):
        config = {
            k: v for c in of_kind(rendered["prod"], "ConfigMap") for k, v in c["data"].items()
        }
        assert config["ENVIRONMENT"] == "production"
        assert config["EMAIL_BACKEND"] == "smtp"
        assert config["PUBLIC_URL"].startswith("https://")
        dev = {k: v for c in of_kind(rendered["dev"], "ConfigMap") for k, v in c["data"].items()}
        assert dev["ENVIRONMENT"] == "development"
        assert dev["EMAIL_BACKEND"] == "mailbox"


class TestIngress:
    def test_api_and_root_go_to_the_edge(self, docs):
        ingress = named(docs, "Ingress", "campus")["spec"]
        paths = {p["path"]: p["backend"]["service"] for p in ingress["rules"][0]["http"]["paths"]}
        assert paths == {
            "/api": {"name": EDGE, "port": {"name": "http"}},
            "/": {"name": EDGE, "port": {"name": "http"}},
        }

    def test_production_terminates_tls(self, rendered):
        ingress = named(rendered["prod"], "Ingress", "campus")["spec"]
        host = ingress["rules"][0]["host"]
        assert ingress["tls"] == [{"hosts": [host], "secretName": "campus-tls"}]

    def test_namespace_enforces_the_restricted_pod_security_standard(self, docs):
        (namespace,) = of_kind(docs, "Namespace")
        assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
        for doc in docs:
            if doc["kind"] != "Namespace":
                assert doc["metadata"]["namespace"] == namespace["metadata"]["name"]


# ---- NetworkPolicy evaluation (pods in one namespace, matchLabels selectors) ----


def selects(selector: Doc, labels: dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, f"unsupported selector {selector}"
    return selector.get("matchLabels", {}).items() <= labels.items()


def peer_matches(peer: Doc, labels: dict[str, str]) -> bool:
    """A peer in the same namespace: only a bare podSelector can match it."""
    if "namespaceSelector" in peer or "ipBlock" in peer:
        return False
    return selects(peer["podSelector"], labels)


def port_matches(rule: Doc, port: int) -> bool:
    return "ports" not in rule or any(p.get("port") == port for p in rule["ports"])


def allowed(
    policies: list[Doc], direction: str, me: dict[str, str], peer: dict[str, str], port: int
) -> bool:
    key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
    mine = [
        p["spec"]
        for p in policies
        if selects(p["spec"]["podSelector"], me) and direction in p["spec"]["policyTypes"]
    ]
    if not mine:
        return True
    for spec in mine:
        for rule in spec.get(key, []):
            peers = rule.get(peers_key)
            if (not peers or any(peer_matches(x, peer) for x in peers)) and port_matches(
                rule, port
            ):
                return True
    return False


class TestNetworkPolicies:
    def pods(self, docs) -> dict[str, dict[str, str]]:
        return {
            d["metadata"]["name"]: d["spec"]["template"]["metadata"]["labels"]
            for d in docs
            if d["kind"] in ("Deployment", "Job")
        }

    def test_default_deny_covers_every_pod(self, docs):
        deny = named(docs, "NetworkPolicy", "default-deny-all")["spec"]
        assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}

    def test_only_the_architecture_calls_are_allowed(self, docs):
        policies = of_kind(docs, "NetworkPolicy")
        pods = self.pods(docs)
        calls = set()
        for (src, src_labels), (dst, dst_labels) in itertools.permutations(pods.items(), 2):
            if dst not in PORTS:
                continue
            port = PORTS[dst]
            if allowed(policies, "Egress", src_labels, dst_labels, port) and allowed(
                policies, "Ingress", dst_labels, src_labels, port
            ):
                calls.add((src, dst))
        assert calls == EXPECTED_CALLS

    def test_only_the_edge_is_reachable_from_outside_the_namespace(self, docs):
        for policy in of_kind(docs, "NetworkPolicy"):
            for rule in policy["spec"].get("ingress", []):
                outside = [
                    p for p in rule.get("from", []) if "namespaceSelector" in p or "ipBlock" in p
                ]
                assert rule.get("from"), f"{policy['metadata']['name']} admits everyone"
                if outside:
                    assert selects(policy["spec"]["podSelector"], {"app.kubernetes.io/name": EDGE})
                    assert rule["ports"] == [{"protocol": "TCP", "port": EDGE_PORT}]

    def test_every_pod_may_resolve_names(self, docs):
        dns = named(docs, "NetworkPolicy", "allow-dns")["spec"]
        assert dns["podSelector"] == {}
        ports = {(p["protocol"], p["port"]) for p in dns["egress"][0]["ports"]}
        assert ports == {("UDP", 53), ("TCP", 53)}

    @pytest.mark.parametrize(
        ("pod", "port", "expected"),
        [
            ("auth-backend", 5432, True),
            ("auth-backend", 6379, True),
            ("notification-service", 587, True),
            ("notification-service", 5432, True),
            ("feedback-service", 27017, True),
            ("feedback-service", 587, False),
            ("auth-frontend", 5432, False),
            ("auth-frontend", 443, False),
            ("auth-backend-migrate", 5432, True),
            ("feedback-service-migrate", 27017, True),
            ("notification-service-migrate", 587, False),
        ],
    )
    def test_egress_to_stores_and_smtp(self, docs, pod, port, expected):
        outside = {"external": "true"}
        assert (
            allowed(of_kind(docs, "NetworkPolicy"), "Egress", self.pods(docs)[pod], outside, port)
            is expected
        )
