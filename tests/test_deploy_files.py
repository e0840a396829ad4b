"""The deployment files and the event catalogue parse and agree with the code (no Docker engine needed)."""

from __future__ import annotations

import copy
import json
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from gateway import opds as gateway_opds
from newsroom import events as newsroom_events
from ppid import events as ppid_events
from registry import events as registry_events

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SERVICES = {"registry": 8101, "newsroom": 8102, "ppid": 8103}
WEB_PORTS = {"gateway": 8080, **SERVICES}
# The event catalogue comes from the code, so docs/asyncapi.yaml cannot drift from it: what each service
# publishes (its events.PUBLISHES) and what each consumes (its handlers). The registry consumes
# newsroom.article.corrected/withdrawn.v1 before the newsroom publishes them; they stay documented.
PUBLISHES = {
    "gateway": (gateway_opds.CHANGED,),
    "ppid": tuple(ppid_events.PUBLISHES),
    "newsroom": tuple(newsroom_events.PUBLISHES),
    "registry": tuple(registry_events.PUBLISHES),
}
CONSUMES = {
    service: tuple(events.handlers.by_type)
    for service, events in (("ppid", ppid_events), ("newsroom", newsroom_events), ("registry", registry_events))
    if events.handlers.by_type
}
EVENT_TYPES = tuple(sorted({t for types in (*PUBLISHES.values(), *CONSUMES.values()) for t in types}))
PERSONAL_DATA = {"nik": "7174010101900001", "name": "Budi Santoso", "email": "budi@example.com"}
PERSONAL_DATA |= {"phone": "081234567890", "address": "Jl. Sam Ratulangi No. 1, Manado"}


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- images ----------------------------------------------------------------------------------------------

REGISTRY = "ghcr.io/diskominfo"
# Each image holds one package (its source folder) and the chassis.
PACKAGES = {"gateway": "gateway", **{svc: f"services/{svc}" for svc in SERVICES}}
LOCK = ROOT / "constraints.txt"


def owner_of(process: str) -> str | None:
    """The package a compose service or k8s workload runs (``ppid-worker`` -> ``ppid``); None for backing services."""
    owner, _, kind = process.partition("-")
    return owner if owner in PACKAGES and kind in ("", "worker", "migrate") else None


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    instructions, pending = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def pip_installs(arguments: str) -> list[list[str]]:
    """The argument lists of every ``pip install`` in a RUN line."""
    installs = []
    for command in re.split(r"&&|;", arguments):
        argv = shlex.split(command)
        if argv[:2] == ["pip", "install"] or argv[:4] == ["python", "-m", "pip", "install"]:
            installs.append(argv[argv.index("install") + 1 :])
    return installs


def requirement_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def runtime_dependencies(package: str) -> set[str]:
    project = tomllib.loads((ROOT / package / "pyproject.toml").read_text())["project"]
    return {requirement_name(r) for r in project["dependencies"]} - {"suite-chassis"}


@pytest.fixture(scope="module")
def lock() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split("==", 1)
            pins[requirement_name(name)] = version.split()[0]
    return pins


def test_there_is_one_image_per_package_and_no_suite_wide_image():
    assert not (DEPLOY / "Dockerfile").exists(), "the one image for every service is gone"
    assert {p.name for p in (DEPLOY / "images").glob("*.Dockerfile")} == {f"{name}.Dockerfile" for name in PACKAGES}


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_each_image_installs_only_its_own_package_and_the_chassis_pinned_by_the_lock(name, lock):
    instructions = dockerfile_instructions(DEPLOY / "images" / f"{name}.Dockerfile")
    froms = [arguments for keyword, arguments in instructions if keyword == "FROM"]
    assert froms == ["python:3.11-slim"]
    copied = set()
    for keyword, arguments in instructions:
        assert keyword != "ADD", "ADD fetches and unpacks; COPY says what goes in"
        if keyword == "COPY":
            *sources, _target = shlex.split(arguments)
            copied |= {source.rstrip("/") for source in sources}
    assert copied == {"constraints.txt", "libs/chassis", PACKAGES[name]}
    installs = [argv for keyword, arguments in instructions if keyword == "RUN" for argv in pip_installs(arguments)]
    assert len(installs) == 1, installs
    (argv,) = installs
    assert argv[argv.index("-c") + 1] == "constraints.txt"
    editable = [argv[i + 1] for i, arg in enumerate(argv) if arg == "-e"]
    assert editable == ["libs/chassis", PACKAGES[name]]
    options = {"-c", "constraints.txt", "-e", *editable, "--config-settings", "editable_mode=compat"}
    assert set(argv) <= options, f"{name} installs something else: {set(argv) - options}"
    assert not any("[" in target for target in editable), "no extras (dev, test, otel) in an image"
    assert runtime_dependencies(PACKAGES[name]) | runtime_dependencies("libs/chassis") <= set(lock), (
        "a dependency is missing from constraints.txt: run make lock"
    )


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_each_image_runs_as_a_numeric_non_root_user(name):
    instructions = dockerfile_instructions(DEPLOY / "images" / f"{name}.Dockerfile")
    users = [i for i, (keyword, _) in enumerate(instructions) if keyword == "USER"]
    assert users, f"{name} runs as root"
    last_user = instructions[users[-1]][1]
    uid, _, gid = last_user.partition(":")
    assert uid.isdigit() and int(uid) >= 1000 and gid.isdigit() and int(gid) >= 1000, last_user
    assert all(keyword != "RUN" for keyword, _ in instructions[users[-1] :]), "nothing runs as root after USER"
    exposed = [arguments for keyword, arguments in instructions if keyword == "EXPOSE"]
    assert exposed == [str(WEB_PORTS[name])]


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_each_build_context_lets_in_only_the_lock_the_chassis_and_the_package(name):
    """BuildKit reads ``<name>.Dockerfile.dockerignore``: another service's change never reaches this build."""
    lines = (DEPLOY / "images" / f"{name}.Dockerfile.dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert patterns[0] == "*"
    allowed = {p.removeprefix("!").rstrip("/") for p in patterns if p.startswith("!")}
    assert allowed == {"constraints.txt", "libs/chassis", PACKAGES[name]}
    assert "**/tests/" in patterns and "**/*.egg-info/" in patterns


# --- compose ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    document = load_yaml(DEPLOY / "compose.yaml")
    assert "version" not in document
    return document


def web_services(compose: dict) -> dict[str, dict]:
    return {name: spec for name, spec in compose["services"].items() if "gunicorn" in str(spec.get("command", ""))}


def test_compose_services_have_build_or_image(compose):
    for name, spec in compose["services"].items():
        assert "build" in spec or "image" in spec, name


def test_compose_builds_each_process_from_its_own_image(compose):
    """A PPID fix rebuilds and redeploys PPID's processes only: each kind of process has its service's image."""
    for name, spec in compose["services"].items():
        owner = owner_of(name)
        if owner is None:
            assert "build" not in spec, name
            continue
        assert spec["build"] == {"context": "..", "dockerfile": f"deploy/images/{owner}.Dockerfile"}, name
        assert spec["image"] == f"{REGISTRY}/{owner}:${{SUITE_TAG:-latest}}", name
        assert (DEPLOY / spec["build"]["context"] / spec["build"]["dockerfile"]).resolve().is_file()


def test_compose_dependencies_exist(compose):
    names = set(compose["services"])
    for name, spec in compose["services"].items():
        depends = spec.get("depends_on", {})
        targets = depends if isinstance(depends, list) else list(depends)
        for target in targets:
            assert target in names, f"{name} depends on unknown {target}"


def test_compose_has_every_process(compose):
    names = set(compose["services"])
    assert {"rabbitmq", "postgres", "minio", "minio-init", "redis", "gateway", "gateway-migrate"} <= names
    for svc in SERVICES:
        assert {svc, f"{svc}-worker", f"{svc}-migrate"} <= names
        assert compose["services"][f"{svc}-worker"]["command"] == f"flask --app {svc} worker"
        assert compose["services"][f"{svc}-migrate"]["command"] == f"flask --app {svc} db upgrade"
        for process in (svc, f"{svc}-worker"):
            condition = compose["services"][process]["depends_on"][f"{svc}-migrate"]["condition"]
            assert condition == "service_completed_successfully"


def test_compose_gateway_migrates_once_in_a_job_before_its_replicas(compose):
    services = compose["services"]
    job, gateway = services["gateway-migrate"], services["gateway"]
    argv = shlex.split(job["command"])
    assert argv == ["python", "-m", "gateway.cli", "bootstrap"]
    assert job["restart"] == "no"
    assert gateway["depends_on"]["gateway-migrate"]["condition"] == "service_completed_successfully"
    assert gateway["environment"]["GATEWAY_BOOTSTRAP_ON_START"] == "false"
    assert job["environment"] == gateway["environment"], "the job migrates the database the replicas use"
    assert job["volumes"] == gateway["volumes"], "the job's signing key is the one the replicas sign with"
    from gateway import cli

    with pytest.raises(SystemExit) as exit_:
        cli.main([*argv[3:], "--help"])
    assert exit_.value.code == 0


def test_compose_files_go_to_the_bucket_and_rate_limits_to_redis(compose):
    services = compose["services"]
    init = " ".join(services["minio-init"]["command"])
    assert "mc mb --ignore-existing local/suite-files" in init
    assert "|| true" not in init, "a bucket that could not be made must stop the suite from starting"
    for svc in SERVICES:
        for process in (svc, f"{svc}-worker", f"{svc}-migrate"):
            env = services[process]["environment"]
            assert env["FILE_STORE"] == "s3://suite-files", process  # the service adds its own prefix
            assert env["AWS_ENDPOINT_URL_S3"] == "http://minio:9000"
            assert env["AWS_ACCESS_KEY_ID"] and env["AWS_SECRET_ACCESS_KEY"] and env["AWS_DEFAULT_REGION"]
            assert env["AWS_ACCESS_KEY_ID"] != services["minio"]["environment"]["MINIO_ROOT_USER"], "not root"
        for process in (svc, f"{svc}-worker"):
            assert services[process]["depends_on"]["minio-init"]["condition"] == "service_completed_successfully"
    gateway = services["gateway"]["environment"]
    assert gateway["REDIS_URL"] == "redis://redis:6379/0"
    assert services["gateway"]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert not any(key.startswith("AWS_") for key in gateway), "the gateway stores no files"
    for volume in compose["volumes"]:
        for name, spec in services.items():
            if owner_of(name) in SERVICES:
                assert not any(str(m).startswith(f"{volume}:") for m in spec.get("volumes", [])), name


def test_compose_web_services_have_healthchecks(compose):
    webs = web_services(compose)
    assert set(webs) == set(WEB_PORTS)
    for name, spec in webs.items():
        test = " ".join(spec["healthcheck"]["test"])
        assert f"127.0.0.1:{WEB_PORTS[name]}/healthz" in test, name


def test_compose_gateway_publishes_8080(compose):
    assert "8080:8080" in [str(port) for port in compose["services"]["gateway"]["ports"]]


def test_compose_web_commands_point_at_real_files_and_modules(compose):
    for name, spec in web_services(compose).items():
        argv = shlex.split(spec["command"])
        config = argv[argv.index("-c") + 1]
        assert (ROOT / config).is_file(), f"{name}: {config} does not exist"
        assert argv[argv.index("--bind") + 1] == f"0.0.0.0:{WEB_PORTS[name]}"
        assert argv[-1] == f"{name}:create_app()"
        assert f"{WEB_PORTS[name]}:{WEB_PORTS[name]}" in [str(port) for port in spec["ports"]]


def test_compose_environment(compose):
    services = compose["services"]
    for svc in SERVICES:
        env = services[svc]["environment"]
        assert env["DATABASE_URL"] == f"postgresql://postgres:postgres@postgres:5432/{svc}"
        assert env["AMQP_URL"] == "amqp://guest:guest@rabbitmq:5672/"
        assert env["JWKS_URL"] == "http://gateway:8080/.well-known/jwks.json"
        assert "PUBLIC_BASE_URL" in env
        assert "REDIS_URL" not in env
    gateway = services["gateway"]["environment"]
    assert gateway["DATABASE_URL"].endswith("/gateway")
    assert gateway["REGISTRY_URL"] == "http://registry:8101"
    assert gateway["SUITE_BOOTSTRAP_ADMIN_PASSWORD"] == "${SUITE_BOOTSTRAP_ADMIN_PASSWORD:?set it}"
    volume = gateway["JWT_PRIVATE_KEY_FILE"].rsplit("/", 1)[0]
    mounts = [mount.split(":") for mount in services["gateway"]["volumes"]]
    assert any(target == volume and source in compose["volumes"] for source, target in mounts)


def test_compose_broker_and_database_files_exist(compose):
    for name in ("rabbitmq", "postgres", "minio"):
        for mount in compose["services"][name]["volumes"]:
            source = mount.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).is_file(), source
    init = (DEPLOY / "postgres" / "init.sql").read_text()
    assert set(re.findall(r"CREATE DATABASE (\w+);", init)) == {"gateway", *SERVICES}
    conf = compose["configs"]["rabbitmq-conf"]["content"]
    assert "management.load_definitions = /etc/rabbitmq/definitions.json" in conf


# --- kubernetes ------------------------------------------------------------------------------------------

BASE = K8S / "base"
IN_CLUSTER = K8S / "overlays" / "in-cluster"
KUSTOMIZATIONS = {"base": BASE, "in-cluster": IN_CLUSTER}
# The oldest Kubernetes release the manifests must be valid on (schemas shipped by kubernetes-validate).
K8S_VERSION = "1.30"
NAMESPACE = "diskominfo-suite"
OWNERS = ("gateway", *SERVICES)
POD_KINDS = ("Deployment", "Job", "StatefulSet", "DaemonSet")
# Pod Security "restricted": the volume types it allows.
RESTRICTED_VOLUMES = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim"}
RESTRICTED_VOLUMES |= {"projected", "secret"}
# The one writable place of a read-only container: an emptyDir, gone with the pod.
SCRATCH = "/tmp"  # noqa: S108


def merge(target, patch):
    """Kustomize's strategic merge for what our patches use: maps merge, ``null`` deletes, lists merge by name."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        elif isinstance(value, list) and value and all(isinstance(v, dict) and "name" in v for v in value):
            existing = {item["name"]: item for item in target.setdefault(key, [])}
            for item in value:
                if item["name"] in existing:
                    merge(existing[item["name"]], item)
                else:
                    target[key].append(copy.deepcopy(item))
        else:
            target[key] = copy.deepcopy(value)


def render(directory: Path) -> list[dict]:
    """What ``kubectl apply -k directory`` sends: resources, then patches, the namespace and the common labels."""
    kustomization = load_yaml(directory / "kustomization.yaml")
    documents = []
    for resource in kustomization["resources"]:
        path = (directory / resource).resolve()
        if path.is_dir():
            documents += render(path)
        else:
            documents += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
    for patch in kustomization.get("patches", []):
        for change in yaml.safe_load_all((directory / patch["path"]).read_text(encoding="utf-8")):
            (target,) = [
                d
                for d in documents
                if (d["kind"], d["metadata"]["name"]) == (change["kind"], change["metadata"]["name"])
            ]
            merge(target, change)
    for document in documents:
        if document["kind"] != "Namespace" and "namespace" in kustomization:
            document["metadata"]["namespace"] = kustomization["namespace"]
        for labels in kustomization.get("labels", []):
            document["metadata"].setdefault("labels", {}).update(labels["pairs"])
    return documents


@pytest.fixture(scope="module", params=sorted(KUSTOMIZATIONS))
def rendered(request) -> list[dict]:
    return render(KUSTOMIZATIONS[request.param])


@pytest.fixture(scope="module")
def k8s() -> list[dict]:
    return render(BASE)


@pytest.fixture(scope="module")
def in_cluster() -> list[dict]:
    return render(IN_CLUSTER)


def of_kind(documents: list[dict], kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}


def pod_specs(documents: list[dict]) -> dict[str, dict]:
    """Every pod template of the suite's own workloads, by workload name."""
    return {d["metadata"]["name"]: d["spec"]["template"] for d in documents if d["kind"] in POD_KINDS}


def test_kustomizations_list_exactly_their_files():
    for directory in KUSTOMIZATIONS.values():
        kustomization = load_yaml(directory / "kustomization.yaml")
        files = {p.name for p in directory.iterdir() if p.suffix in (".yaml", ".yml")} - {"kustomization.yaml"}
        patches = {p["path"] for p in kustomization.get("patches", [])}
        local = [r for r in kustomization["resources"] if not r.startswith("..")]
        assert len(local) == len(set(local))
        assert set(local) | patches == files, directory
    assert load_yaml(IN_CLUSTER / "kustomization.yaml")["resources"][0] == "../../base"
    assert [p.name for p in K8S.glob("*.yaml")] == ["kustomization.yaml"], "manifests live in base/ or an overlay"
    assert load_yaml(K8S / "kustomization.yaml")["resources"] == ["base"], "kubectl apply -k deploy/k8s: the base"


def test_every_manifest_is_valid_against_the_kubernetes_schemas(rendered):
    """Strict: an unknown or misspelt field fails, as ``kubectl apply --validate=strict`` would."""
    checked = 0
    for document in rendered:
        if document["kind"] in ("Cluster", "RabbitmqCluster"):
            continue  # operators' resources: their fields are checked below
        kubernetes_validate.validate(document, K8S_VERSION, strict=True)
        checked += 1
        assert document["metadata"].get("namespace", NAMESPACE) == NAMESPACE
    assert checked >= 25


def test_the_schema_check_refuses_a_misspelt_field(k8s):
    deployment = copy.deepcopy(of_kind(k8s, "Deployment")["ppid"])
    deployment["spec"]["template"]["spec"]["containers"][0]["securityContex"] = {"runAsNonRoot": True}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl (with its kustomize) is not installed")
@pytest.mark.parametrize("name", sorted(KUSTOMIZATIONS))
def test_kubectl_kustomize_renders_what_these_tests_check(name):
    built = subprocess.run(
        ["kubectl", "kustomize", str(KUSTOMIZATIONS[name])], capture_output=True, text=True, check=True, timeout=120
    )

    def keyed(documents):
        for document in documents:
            for template in [document.get("spec", {}).get("template", {}).get("spec", {})]:
                for container in template.get("containers", []):
                    container["env"] = sorted(container.get("env", []), key=lambda e: e["name"])
        return {(d["kind"], d["metadata"]["name"]): d for d in documents}

    assert keyed(list(yaml.safe_load_all(built.stdout))) == keyed(render(KUSTOMIZATIONS[name]))


def test_the_namespace_enforces_pod_security_restricted(rendered):
    (namespace,) = of_kind(rendered, "Namespace").values()
    assert namespace["metadata"]["name"] == NAMESPACE
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def assert_restricted(name: str, pod: dict, containers: list[dict], *, read_only: bool = True):
    """The checks of Pod Security "restricted" (plus the suite's read-only root filesystem)."""
    security = pod.get("securityContext", {})
    assert not (pod.get("hostNetwork") or pod.get("hostPID") or pod.get("hostIPC")), name
    assert security.get("seccompProfile", {}).get("type") == "RuntimeDefault", name
    for volume in pod.get("volumes", []):
        assert set(volume) - {"name"} <= RESTRICTED_VOLUMES, (name, volume)
    for container in containers:
        where = (name, container["name"])
        own = container.get("securityContext", {})
        assert own.get("runAsNonRoot", security.get("runAsNonRoot")) is True, where
        assert own.get("runAsUser", security.get("runAsUser", 1)) != 0, where
        assert own.get("allowPrivilegeEscalation") is False, where
        assert own.get("capabilities", {}).get("drop") == ["ALL"], where
        assert set(own.get("capabilities", {}).get("add", [])) <= {"NET_BIND_SERVICE"}, where
        assert not own.get("privileged"), where
        assert not any("hostPort" in port for port in container.get("ports", [])), where
        if read_only:
            assert own.get("readOnlyRootFilesystem") is True, where
            tmp = [m for m in container.get("volumeMounts", []) if m["mountPath"] == SCRATCH]
            (volume,) = [v for v in pod.get("volumes", []) if tmp and v["name"] == tmp[0]["name"]]
            assert "emptyDir" in volume, where


def test_every_pod_passes_pod_security_restricted(rendered):
    pods = pod_specs(rendered)
    assert {f"{svc}{kind}" for svc in SERVICES for kind in ("", "-worker", "-migrate")} <= set(pods)
    assert {"gateway", "gateway-migrate", "redis"} <= set(pods)
    for name, template in pods.items():
        spec = template["spec"]
        assert spec.get("automountServiceAccountToken") is False, name
        assert_restricted(name, spec, spec["containers"] + spec.get("initContainers", []))
    for name, cluster in of_kind(rendered, "RabbitmqCluster").items():
        # The operator builds the StatefulSet; the override is what makes its pods pass.
        spec = cluster["spec"]["override"]["statefulSet"]["spec"]["template"]["spec"]
        names = [c["name"] for c in spec["containers"] + spec["initContainers"]]
        assert names == ["rabbitmq", "setup-container"]
        assert_restricted(name, spec, spec["containers"] + spec["initContainers"], read_only=False)


def workload_labels(documents: list[dict]) -> dict[str, dict]:
    """The labels of every pod that will run: our pod templates, and the pods the operators create."""
    labels = {name: template["metadata"]["labels"] for name, template in pod_specs(documents).items()}
    for name in of_kind(documents, "Cluster"):
        labels[name] = {"cnpg.io/cluster": name, "cnpg.io/podRole": "instance"}
    for name in of_kind(documents, "RabbitmqCluster"):
        labels[name] = {"app.kubernetes.io/name": name, "app.kubernetes.io/component": "rabbitmq"}
    return labels


def selects(selector: dict, labels: dict) -> bool:
    """A label selector (matchLabels, matchExpressions In/NotIn/Exists) applied to a pod's labels."""
    if set(selector) <= {"matchLabels", "matchExpressions"}:
        expressions = selector.get("matchExpressions", [])
        selector = selector.get("matchLabels", {})
    else:
        expressions = []
    if not all(labels.get(key) == value for key, value in selector.items()):
        return False
    for expression in expressions:
        value, operator = labels.get(expression["key"]), expression["operator"]
        if operator == "In" and value not in expression["values"]:
            return False
        if operator == "NotIn" and value in expression["values"]:
            return False
        if operator == "Exists" and value is None:
            return False
    return True


def policies_of(documents, labels: dict, direction: str) -> list[dict]:
    kind = direction.capitalize()
    return [
        p
        for p in of_kind(documents, "NetworkPolicy").values()
        if kind in p["spec"]["policyTypes"] and selects(p["spec"]["podSelector"], labels)
    ]


def reached(documents, rules: list[dict], key: str) -> set[str]:
    """The workloads that rules' pod selectors (same namespace) let through."""
    pods = workload_labels(documents)
    names = set()
    for rule in rules:
        for peer in rule.get(key, []):
            if "podSelector" in peer and "namespaceSelector" not in peer:
                names |= {name for name, labels in pods.items() if selects(peer["podSelector"], labels)}
    return names


def test_every_web_service_admits_only_the_gateway(rendered):
    pods = workload_labels(rendered)
    for svc, port in SERVICES.items():
        for workload in (svc, f"{svc}-worker", f"{svc}-migrate"):
            policies = policies_of(rendered, pods[workload], "ingress")
            assert policies, f"{workload} is not isolated: anything in the cluster reaches it"
            rules = [rule for policy in policies for rule in policy["spec"].get("ingress", [])]
            for rule in rules:
                assert all(set(peer) == {"podSelector"} for peer in rule["from"]), (workload, rule)
                assert [p["port"] for p in rule["ports"]] == [port], (workload, rule)
            assert reached(rendered, rules, "from") == {"gateway"}, workload


def test_each_service_reaches_only_its_database_the_broker_the_store_redis_and_the_gateway_keys(rendered):
    pods = workload_labels(rendered)
    for svc in SERVICES:
        for workload in (svc, f"{svc}-worker"):
            policies = policies_of(rendered, pods[workload], "egress")
            assert policies, f"{workload} may reach anything"
            rules = [rule for policy in policies for rule in policy["spec"].get("egress", [])]
            targets = reached(rendered, rules, "to")
            others = {name for name in pods if name.split("-")[0] in set(SERVICES) - {svc} | {"gateway"}}
            others -= {"gateway"}
            assert not targets & others, f"{workload} reaches another service or its database: {targets & others}"
            expected = {"gateway", "redis"} | ({f"{svc}-db", "suite-rabbitmq"} & set(pods))
            assert targets == expected, workload
            dns = [r for r in rules if {p["port"] for p in r.get("ports", [])} == {53}]
            assert dns and all(peer.get("namespaceSelector") for r in dns for peer in r["to"]), "DNS to kube-dns only"
            for rule in rules:
                assert rule.get("ports"), f"{workload}: an egress rule without ports opens every port"
                for peer in rule.get("to", []):
                    if "ipBlock" in peer:
                        assert peer["ipBlock"]["cidr"].endswith("/32"), "one managed host, not a network"


def test_the_gateway_is_reached_from_the_ingress_and_reaches_every_web_service(rendered):
    pods = workload_labels(rendered)
    (policy,) = policies_of(rendered, pods["gateway"], "ingress")
    peers = [peer for rule in policy["spec"]["ingress"] for peer in rule["from"]]
    namespaces = [p["namespaceSelector"]["matchLabels"] for p in peers if "namespaceSelector" in p]
    assert namespaces == [{"kubernetes.io/metadata.name": "ingress-nginx"}]
    assert reached(rendered, policy["spec"]["ingress"], "from") == {name for name in pods if owner_of(name) in SERVICES}
    targets = reached(rendered, policy["spec"]["egress"], "to")
    assert set(SERVICES) | {"redis"} <= targets
    assert not targets & {f"{svc}-worker" for svc in SERVICES}
    (redis,) = policies_of(rendered, pods["redis"], "ingress")
    assert reached(rendered, redis["spec"]["ingress"], "from") <= {name for name in pods if owner_of(name)}


def test_every_image_reference_is_per_service(rendered):
    for name, template in pod_specs(rendered).items():
        owner = template["metadata"]["labels"]["app.kubernetes.io/name"]
        for container in template["spec"]["containers"] + template["spec"].get("initContainers", []):
            image = container["image"]
            if owner in PACKAGES:
                assert image.rsplit(":", 1)[0] == f"{REGISTRY}/{owner}", (name, image)
            else:
                assert not image.startswith(REGISTRY), (name, image)
    assert "suite:latest" not in yaml.safe_dump_all(rendered)


def container(deployment: dict) -> dict:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def test_k8s_web_deployments(k8s):
    deployments = of_kind(k8s, "Deployment")
    for name, port in WEB_PORTS.items():
        main = container(deployments[name])
        config = main["command"][main["command"].index("-c") + 1]
        assert (ROOT / config).is_file(), config
        assert main["command"][-1] == f"{name}:create_app()"
        assert [p["containerPort"] for p in main["ports"]] == [port]
        assert main["livenessProbe"]["httpGet"]["path"] == "/healthz"
        expected = "/healthz" if name == "gateway" else "/readyz"
        assert main["readinessProbe"]["httpGet"]["path"] == expected
        assert main["resources"]["requests"] and main["resources"]["limits"]


def env_of(spec: dict) -> dict[str, dict]:
    return {e["name"]: e for e in spec.get("env", [])}


def test_k8s_workers_and_migrations(k8s):
    deployments, jobs, services = of_kind(k8s, "Deployment"), of_kind(k8s, "Job"), of_kind(k8s, "Service")
    for svc in SERVICES:
        worker = container(deployments[f"{svc}-worker"])
        assert worker["command"] == ["flask", "--app", svc, "worker"]
        job = jobs[f"{svc}-migrate"]["spec"]["template"]["spec"]
        assert job["containers"][0]["command"] == ["flask", "--app", svc, "db", "upgrade"]
        assert job["restartPolicy"] in ("OnFailure", "Never")
        assert f"{svc}-worker" not in services
        for spec in (container(deployments[svc]), worker):
            assert env_of(spec)["FILE_STORE"]["value"] == "s3://suite-files"  # each service under <svc>/
            assert {"secretRef": {"name": "suite-files-bucket"}} in spec["envFrom"]
        assert "FILE_STORE" not in env_of(job["containers"][0]), "migrations touch no file"


def test_k8s_gateway_migrates_once_in_a_job_and_its_replicas_never(k8s):
    gateway = container(of_kind(k8s, "Deployment")["gateway"])
    job = of_kind(k8s, "Job")["gateway-migrate"]["spec"]["template"]["spec"]
    (migrate,) = job["containers"]
    assert migrate["command"] == ["python", "-m", "gateway.cli", "bootstrap"]
    assert migrate["image"] == gateway["image"]
    assert env_of(gateway)["GATEWAY_BOOTSTRAP_ON_START"]["value"] == "false"
    assert env_of(migrate) == env_of(gateway) and migrate["envFrom"] == gateway["envFrom"]
    assert env_of(gateway)["REDIS_URL"]["value"] == "redis://redis.diskominfo-suite.svc:6379/0"
    assert env_of(gateway)["TRUSTED_PROXIES"]["value"]
    assert {"secretRef": {"name": "suite-files-bucket"}} not in gateway["envFrom"]


def test_k8s_services_target_their_deployments_ports(k8s):
    deployments, services = of_kind(k8s, "Deployment"), of_kind(k8s, "Service")
    assert set(services) == set(WEB_PORTS) | {"redis"}
    for name, service in services.items():
        matched = [
            d
            for d in deployments.values()
            if selects(service["spec"]["selector"], d["spec"]["template"]["metadata"]["labels"])
        ]
        assert [d["metadata"]["name"] for d in matched] == [name]
        ports = {p["containerPort"] for p in container(matched[0])["ports"]}
        assert {p["targetPort"] for p in service["spec"]["ports"]} == ports
    for deployment in deployments.values():
        assert selects(
            deployment["spec"]["selector"]["matchLabels"], deployment["spec"]["template"]["metadata"]["labels"]
        )


def test_k8s_only_ppid_autoscales(k8s):
    hpas = [d for d in k8s if d["kind"] == "HorizontalPodAutoscaler"]
    assert len(hpas) == 1
    hpa = hpas[0]
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", "ppid")
    assert "ppid" in of_kind(k8s, "Deployment")
    assert "replicas" not in of_kind(k8s, "Deployment")["ppid"]["spec"]
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 10)
    metric = hpa["spec"]["metrics"][0]["resource"]
    assert metric["name"] == "cpu" and metric["target"]["averageUtilization"] == 70
    pdbs = of_kind(k8s, "PodDisruptionBudget")
    assert list(pdbs) == ["ppid"] and pdbs["ppid"]["spec"]["minAvailable"] == 1
    ppid_labels = of_kind(k8s, "Deployment")["ppid"]["spec"]["template"]["metadata"]["labels"]
    assert selects(pdbs["ppid"]["spec"]["selector"]["matchLabels"], ppid_labels)


def test_k8s_config_secret_and_ingress(k8s):
    config = of_kind(k8s, "ConfigMap")["suite-config"]["data"]
    for key in ("AMQP_URL", "JWKS_URL", "REGISTRY_URL", "NEWSROOM_URL", "PPID_URL", "ORG_CODE"):
        assert config[key], key
    assert config["OFFICE_TIMEZONE"] == "Asia/Jakarta"
    secret = of_kind(k8s, "Secret")["suite-secrets"]["stringData"]
    for key in ("GATEWAY_DATABASE_URL", "REGISTRY_DATABASE_URL", "NEWSROOM_DATABASE_URL", "PPID_DATABASE_URL"):
        assert "REPLACE_ME" in secret[key]
    assert secret["SUITE_BOOTSTRAP_ADMIN_PASSWORD"] == "REPLACE_ME"
    assert list(of_kind(k8s, "Namespace")) == ["diskominfo-suite"]
    (ingress,) = of_kind(k8s, "Ingress").values()
    paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert [(p["path"], p["backend"]["service"]["name"]) for p in paths] == [("/", "gateway")]
    assert paths[0]["backend"]["service"]["port"]["number"] == 8080


def test_k8s_bucket_secret_is_documented_and_holds_only_boto3_settings(k8s):
    bucket = of_kind(k8s, "Secret")["suite-files-bucket"]["stringData"]
    keys = {"AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"}
    assert set(bucket) == keys
    assert bucket["AWS_SECRET_ACCESS_KEY"] == "REPLACE_ME"
    text = (BASE / "secret.yaml").read_text()
    comment = text[text.index("suite-jwt-key") : text.index("name: suite-files-bucket")]
    assert all(key in comment for key in keys) and "kubectl -n diskominfo-suite create secret generic" in comment


def test_in_cluster_overlay_runs_postgres_and_rabbitmq_through_their_operators(in_cluster):
    clusters = of_kind(in_cluster, "Cluster")
    assert set(clusters) == {f"{owner}-db" for owner in OWNERS}, "one PostgreSQL cluster per owner"
    for owner in OWNERS:
        cluster = clusters[f"{owner}-db"]
        assert cluster["apiVersion"] == "postgresql.cnpg.io/v1"
        assert cluster["spec"]["instances"] >= 2
        assert cluster["spec"]["bootstrap"]["initdb"] == {"database": owner, "owner": owner}
    (rabbit,) = of_kind(in_cluster, "RabbitmqCluster").values()
    assert rabbit["apiVersion"] == "rabbitmq.com/v1beta1"
    assert rabbit["spec"]["replicas"] >= 3 and rabbit["spec"]["replicas"] % 2 == 1, "quorum queues need a majority"
    for name, template in pod_specs(in_cluster).items():
        owner = owner_of(name)
        if owner is None:
            continue
        (main,) = template["spec"]["containers"]
        env = [e["name"] for e in main["env"]]
        database = env_of(main)["DATABASE_URL"]["valueFrom"]["secretKeyRef"]
        assert database == {"name": f"{owner}-db-app", "key": "uri"}, name
        if (owner in SERVICES and not name.endswith("-migrate")) or name == "gateway-worker":
            url = env_of(main)["AMQP_URL"]["value"]
            assert url.endswith(f"@{rabbit['metadata']['name']}.{NAMESPACE}.svc:5672/"), name
            for variable in re.findall(r"\$\((\w+)\)", url):
                # Kubernetes expands $(VAR) only from variables listed before it.
                assert env.index(variable) < env.index("AMQP_URL"), (name, variable)
                secret = env_of(main)[variable]["valueFrom"]["secretKeyRef"]
                assert secret["name"] == f"{rabbit['metadata']['name']}-default-user"
    rendered_text = yaml.safe_dump_all(in_cluster)
    assert "postgres.example.internal" not in rendered_text and "REPLACE_ME@rabbitmq" not in rendered_text
    assert "AMQP_URL" not in of_kind(in_cluster, "ConfigMap")["suite-config"]["data"]
    pods = workload_labels(in_cluster)
    for owner in OWNERS:
        (policy,) = policies_of(in_cluster, pods[f"{owner}-db"], "ingress")
        assert reached(in_cluster, policy["spec"]["ingress"], "from") == {
            name for name in pods if owner_of(name) == owner
        } | {f"{owner}-db"}, owner
    (policy,) = policies_of(in_cluster, pods["suite-rabbitmq"], "ingress")
    assert reached(in_cluster, policy["spec"]["ingress"], "from") == {
        name for name in pods if owner_of(name) in SERVICES
    } | {"suite-rabbitmq", "gateway-worker"}, "the services and the gateway's worker, not its web pods"


# --- rabbitmq --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def definitions() -> dict:
    return json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text())


def test_definitions_bindings_refer_to_declared_things(definitions):
    exchanges = {e["name"]: e for e in definitions["exchanges"]}
    queues = {q["name"]: q for q in definitions["queues"]}
    assert exchanges["suite.events"]["type"] == "topic" and exchanges["suite.events"]["durable"]
    assert exchanges["suite.dlx"]["durable"]
    for binding in definitions["bindings"]:
        assert binding["source"] in exchanges, binding
        declared = queues if binding["destination_type"] == "queue" else exchanges
        assert binding["destination"] in declared, binding
    for service, consumed in CONSUMES.items():
        events = {b["routing_key"] for b in definitions["bindings"] if b["destination"] == f"{service}.events"}
        assert events == set(consumed), service


def test_definitions_dead_letter_to_a_declared_exchange(definitions):
    exchanges = {e["name"] for e in definitions["exchanges"]}
    queues = {q["name"]: q for q in definitions["queues"]}
    arguments = queues["registry.events"]["arguments"]
    assert arguments["x-dead-letter-exchange"] in exchanges
    dead = arguments["x-dead-letter-routing-key"]
    assert dead in queues
    assert any(
        b["source"] == arguments["x-dead-letter-exchange"] and b["destination"] == dead and b["routing_key"] == dead
        for b in definitions["bindings"]
    )


def test_definitions_agree_with_what_the_services_declare(definitions):
    """The services declare the same exchanges and queues at start; any difference makes RabbitMQ refuse them."""
    from chassis import broker
    from chassis.settings import ServiceSettings

    class Recorder:
        def __init__(self):
            self.exchanges, self.queues, self.bindings = {}, {}, set()

        def exchange_declare(self, name, exchange_type, durable):
            self.exchanges[name] = (exchange_type, durable)

        def queue_declare(self, name, durable, arguments=None):
            self.queues[name] = (durable, arguments or {})

        def queue_bind(self, queue, exchange, routing_key):
            self.bindings.add((exchange, queue, routing_key))

    channel = Recorder()
    for service, consumed in CONSUMES.items():  # every consuming service's queue, pre-provisioned the same way
        broker.declare_service_queue(channel, ServiceSettings(service_name=service), list(consumed))
    for exchange in definitions["exchanges"]:
        assert channel.exchanges[exchange["name"]] == (exchange["type"], exchange["durable"])
    assert {q["name"] for q in definitions["queues"]} == set(channel.queues), "every queue, retries included"
    for queue in definitions["queues"]:
        assert channel.queues[queue["name"]] == (queue["durable"], queue["arguments"])
    declared = {(b["source"], b["destination"], b["routing_key"]) for b in definitions["bindings"]}
    assert declared <= channel.bindings


def test_definitions_declare_quorum_queues_whose_retries_keep_their_back_off(definitions):
    from chassis.settings import ServiceSettings

    queues = {q["name"]: q for q in definitions["queues"]}
    for queue in queues.values():
        assert queue["arguments"]["x-queue-type"] == "quorum", queue["name"]
        assert queue["durable"] and not queue["auto_delete"], queue["name"]
    delays = ServiceSettings().events_retry_delays_ms
    for attempt, delay in enumerate(delays, start=1):
        retry = queues[f"registry.events.retry.{attempt}"]["arguments"]
        assert retry["x-message-ttl"] == delay
        assert (retry["x-dead-letter-exchange"], retry["x-dead-letter-routing-key"]) == ("", "registry.events")
        assert retry["x-dead-letter-strategy"] == "at-least-once" and retry["x-overflow"] == "reject-publish"


def test_definitions_keep_a_user_for_the_services(definitions):
    # Importing definitions at boot skips RabbitMQ's default user: the file must carry it.
    assert [u["name"] for u in definitions["users"]] == ["guest"]
    assert {(p["user"], p["vhost"]) for p in definitions["permissions"]} == {("guest", "/")}


def test_federation_definitions():
    province = json.loads((DEPLOY / "rabbitmq" / "federation-province.json").read_text())
    upstreams = [p for p in province["parameters"] if p["component"] == "federation-upstream"]
    assert upstreams
    for upstream in upstreams:
        assert upstream["value"]["uri"].startswith("amqps://province-link:REPLACE_ME@")
        assert upstream["value"]["exchange"] == "suite.events"
    (policy,) = province["policies"]
    # The province's own exchange, never its suite.events: no regency's event reaches the province's consumers.
    assert policy["name"] == "federate-province-events"
    assert policy["apply-to"] == "exchanges"
    assert policy["definition"] == {"federation-upstream-set": "all"}
    assert re.fullmatch(policy["pattern"], "province.events") and not re.fullmatch(policy["pattern"], "suite.events")
    assert not re.fullmatch(policy["pattern"], "provinceXevents")
    text = (DEPLOY / "rabbitmq" / "federation.md").read_text()
    assert "rabbitmq-plugins enable rabbitmq_federation rabbitmq_federation_management" in text
    assert "rabbitmqctl import_definitions federation-province.json" in text


# --- asyncapi --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def asyncapi() -> dict:
    return load_yaml(ROOT / "docs" / "asyncapi.yaml")


def resolve(node, document):
    """Inline local ``$ref``s (``#/a/b``) so a payload is a self-contained JSON Schema."""
    if isinstance(node, dict):
        if set(node) == {"$ref"}:
            target = document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return resolve(target, document)
        return {key: resolve(value, document) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(item, document) for item in node]
    return node


def payload_schema(asyncapi: dict, event_type: str) -> dict:
    channel = resolve(asyncapi["channels"][event_type], asyncapi)
    (message,) = channel["messages"].values()
    return message["payload"]


def envelope(event_type: str, service: str, subject: str, data: dict) -> dict:
    return {
        "id": "8b0f6f4c-3c1e-4a53-9d5c-1f2e3a4b5c6d",
        "source": f"/71.74/{service}",
        "type": event_type,
        "specversion": "1.0",
        "time": "2026-03-02T01:15:00Z",
        "datacontenttype": "application/json",
        "subject": subject,
        "data": data,
    }


SAMPLES = {
    "ppid.request.submitted.v1": envelope(
        "ppid.request.submitted.v1",
        "ppid",
        "PPID-7174-2026-00001",
        {
            "registration_number": "PPID-7174-2026-00001",
            "channel": "web",
            "status": "received",
            "received_on": "2026-03-02",
            "due_date": "2026-03-16",
            "obtain_method": "soft_copy",
            "delivery_method": "email",
        },
    ),
    "newsroom.article.published.v1": envelope(
        "newsroom.article.published.v1",
        "newsroom",
        "42",
        {
            "id": 42,
            "type": "release",
            "title": "Pemkot Gelar Rapat Koordinasi Penanganan Banjir",
            "slug": "pemkot-gelar-rapat-koordinasi-penanganan-banjir",
            "summary": "Wali Kota memimpin rapat koordinasi bersama OPD terkait.",
            "url": "https://diskominfo.example.go.id/berita/pemkot-gelar-rapat-koordinasi-penanganan-banjir",
            "opd": "BPBD",
            "published_at": "2026-03-02T02:00:00Z",
            "images": [
                {
                    "url": "https://diskominfo.example.go.id/media/rapat-banjir.jpg",
                    "caption": "Rapat koordinasi di ruang rapat Wali Kota",
                    "alt": "Peserta rapat koordinasi duduk mengelilingi meja",
                }
            ],
            "attachments": [
                {
                    "label": "Siaran pers lengkap (PDF)",
                    "url": "https://diskominfo.example.go.id/newsroom/lampiran/7/siaran-pers.pdf",
                    "file_name": "siaran-pers.pdf",
                    "file_type": "application/pdf",
                    "file_size": 48213,
                }
            ],
            "revision": 2,
        },
    ),
    "newsroom.article.corrected.v1": envelope(
        "newsroom.article.corrected.v1",
        "newsroom",
        "42",
        {
            "id": 42,
            "type": "release",
            "title": "Pemkot Gelar Rapat Koordinasi Penanganan Banjir",
            "summary": "Wali Kota memimpin rapat koordinasi bersama OPD terkait.",
            "url": "https://diskominfo.example.go.id/berita/pemkot-gelar-rapat-koordinasi-penanganan-banjir",
            "opd": "BPBD",
            "published_at": "2026-03-02T02:00:00Z",
            "correction_note": "Jumlah kelurahan terdampak diperbaiki dari 12 menjadi 11.",
            "corrected_at": "2026-03-02T05:30:00Z",
            "revision": 3,
        },
    ),
    "newsroom.article.withdrawn.v1": envelope(
        "newsroom.article.withdrawn.v1",
        "newsroom",
        "42",
        {
            "id": 42,
            "type": "release",
            "title": "Pemkot Gelar Rapat Koordinasi Penanganan Banjir",
            "url": "https://diskominfo.example.go.id/berita/pemkot-gelar-rapat-koordinasi-penanganan-banjir",
            "opd": "BPBD",
            "published_at": "2026-03-02T02:00:00Z",
            "reason": "Diterbitkan ganda.",
            "withdrawn_at": "2026-03-02T06:00:00Z",
            "revision": 4,
        },
    ),
    "registry.outlet.registered.v1": envelope(
        "registry.outlet.registered.v1",
        "registry",
        "7",
        {
            "id": 7,
            "name": "Manado Pos Online",
            "media_type": "online",
            "legal_name": "PT Media Nyiur Melambai",
            "registered_at": "2026-02-20T03:00:00Z",
            "city": "Manado",
        },
    ),
    "registry.outlet.updated.v1": envelope(
        "registry.outlet.updated.v1",
        "registry",
        "7",
        {
            "id": 7,
            "name": "Manado Pos Online",
            "media_type": "online",
            "city": "Manado",
            "changed": ["address", "brand"],
        },
    ),
    "registry.application.changed.v1": envelope(
        "registry.application.changed.v1",
        "registry",
        "12",
        {
            "id": 12,
            "period_id": 3,
            "outlet_id": 7,
            "action": "verify",
            "status": "verified",
            "at": "2026-11-26T03:00:00Z",
        },
    ),
    "registry.proof.accepted.v1": envelope(
        "registry.proof.accepted.v1",
        "registry",
        "31",
        {"id": 31, "contract_id": 4, "release_id": 43, "published_on": "2027-02-04"},
    ),
    "registry.application.submitted.v1": envelope(
        "registry.application.submitted.v1",
        "registry",
        "12",
        {"id": 12, "period_id": 3, "outlet_id": 7, "at": "2026-11-26T03:00:00Z", "media_type": "online", "tier": None},
    ),
    "registry.application.revision_requested.v1": envelope(
        "registry.application.revision_requested.v1",
        "registry",
        "12",
        {"id": 12, "period_id": 3, "outlet_id": 7, "at": "2026-11-27T03:00:00Z", "documents": ["npwp"]},
    ),
    "registry.application.verified.v1": envelope(
        "registry.application.verified.v1",
        "registry",
        "12",
        {"id": 12, "period_id": 3, "outlet_id": 7, "at": "2026-11-28T03:00:00Z", "tier": "utama", "score": 65},
    ),
    "registry.application.rejected.v1": envelope(
        "registry.application.rejected.v1",
        "registry",
        "13",
        {"id": 13, "period_id": 3, "outlet_id": 8, "at": "2026-11-28T03:00:00Z", "appeal_until": "2026-12-12"},
    ),
    "registry.application.appealed.v1": envelope(
        "registry.application.appealed.v1",
        "registry",
        "13",
        {"id": 13, "period_id": 3, "outlet_id": 8, "at": "2026-12-01T03:00:00Z"},
    ),
    "registry.application.appeal_decided.v1": envelope(
        "registry.application.appeal_decided.v1",
        "registry",
        "13",
        {
            "id": 13,
            "period_id": 3,
            "outlet_id": 8,
            "at": "2026-12-03T03:00:00Z",
            "decision": "granted",
            "status": "submitted",
        },
    ),
    "registry.decree.issued.v1": envelope(
        "registry.decree.issued.v1",
        "registry",
        "2",
        {
            "id": 2,
            "period_id": 3,
            "number": "188.45/123/KEP/2027",
            "signed_on": "2027-01-15",
            "application_ids": [12, 14],
            "outlet_ids": [7, 9],
        },
    ),
    "registry.contract.started.v1": envelope(
        "registry.contract.started.v1",
        "registry",
        "4",
        {
            "id": 4,
            "application_id": 12,
            "period_id": 3,
            "outlet_id": 7,
            "number": "027/KONTRAK/2027",
            "starts_on": "2027-02-01",
            "ends_on": "2027-12-31",
            "value": 60000000,
            "quota": 24,
            "rate": 2500000,
            "tier": "utama",
        },
    ),
    "registry.contract.suspended.v1": envelope(
        "registry.contract.suspended.v1",
        "registry",
        "4",
        {"id": 4, "period_id": 3, "outlet_id": 7, "status": "suspended", "at": "2027-05-02T03:00:00Z"},
    ),
    "registry.contract.resumed.v1": envelope(
        "registry.contract.resumed.v1",
        "registry",
        "4",
        {"id": 4, "period_id": 3, "outlet_id": 7, "status": "active", "at": "2027-05-20T03:00:00Z"},
    ),
    "registry.contract.ended.v1": envelope(
        "registry.contract.ended.v1",
        "registry",
        "4",
        {"id": 4, "period_id": 3, "outlet_id": 7, "status": "ended", "at": "2027-12-31T10:00:00Z"},
    ),
    "registry.payment.paid.v1": envelope(
        "registry.payment.paid.v1",
        "registry",
        "12",
        {
            "id": 12,
            "contract_id": 4,
            "period_id": 2,
            "month": "2027-02",
            "amount": 3000000,
            "tax_withheld": 60000,
            "net_amount": 2940000,
            "paid_on": "2027-03-10",
        },  # fmt: skip
    ),
    "registry.payment.held.v1": envelope(
        "registry.payment.held.v1",
        "registry",
        "13",
        {"id": 13, "contract_id": 4, "period_id": 2, "month": "2027-03", "amount_due": 1000000},
    ),
    "ppid.request.routed.v1": envelope(
        "ppid.request.routed.v1",
        "ppid",
        "PPID-7174-2026-00001",
        {
            "registration_number": "PPID-7174-2026-00001",
            "opds": ["bappeda", "dinkes"],
            "opd_due_date": "2026-03-09",
            "due_date": "2026-03-16",
        },
    ),
    "ppid.request.extended.v1": envelope(
        "ppid.request.extended.v1",
        "ppid",
        "PPID-7174-2026-00001",
        {"registration_number": "PPID-7174-2026-00001", "due_date": "2026-03-26", "original_due_date": "2026-03-16"},
    ),
    "ppid.request.decided.v1": envelope(
        "ppid.request.decided.v1",
        "ppid",
        "PPID-7174-2026-00001",
        {
            "registration_number": "PPID-7174-2026-00001",
            "decision": "partly_granted",
            "refusal_grounds": ["h"],
            "decided_on": "2026-03-24",
            "working_days": 14,
            "late": False,
        },
    ),
    "ppid.request.delivered.v1": envelope(
        "ppid.request.delivered.v1",
        "ppid",
        "PPID-7174-2026-00001",
        {"registration_number": "PPID-7174-2026-00001", "delivered_on": "2026-03-25", "method": "email"},
    ),
    "ppid.request.overdue.v1": envelope(
        "ppid.request.overdue.v1",
        "ppid",
        "PPID-7174-2026-00002",
        {"registration_number": "PPID-7174-2026-00002", "status": "disposed", "due_date": "2026-03-16", "days_late": 2},
    ),
    "ppid.objection.filed.v1": envelope(
        "ppid.objection.filed.v1",
        "ppid",
        "KEB-7174-2026-00001",
        {
            "number": "KEB-7174-2026-00001",
            "registration_number": "PPID-7174-2026-00002",
            "grounds": ["c", "g"],
            "filed_on": "2026-03-20",
            "due_date": "2026-05-08",
        },
    ),
    "ppid.objection.decided.v1": envelope(
        "ppid.objection.decided.v1",
        "ppid",
        "KEB-7174-2026-00001",
        {
            "number": "KEB-7174-2026-00001",
            "registration_number": "PPID-7174-2026-00002",
            "outcome": "upheld",
            "answered_on": "2026-04-15",
            "late": False,
        },
    ),
    "ppid.objection.overdue.v1": envelope(
        "ppid.objection.overdue.v1",
        "ppid",
        "KEB-7174-2026-00001",
        {
            "number": "KEB-7174-2026-00001",
            "registration_number": "PPID-7174-2026-00002",
            "due_date": "2026-05-20",
            "dispute_due": "2026-06-10",
            "days_late": 1,
        },
    ),
    "ppid.dispute.decided.v1": envelope(
        "ppid.dispute.decided.v1",
        "ppid",
        "KEB-7174-2026-00001",
        {
            "number": "KEB-7174-2026-00001",
            "registration_number": "PPID-7174-2026-00002",
            "outcome": "mediation_reached",
            "decided_on": "2026-07-01",
        },
    ),
    "ppid.dispute.filed.v1": envelope(
        "ppid.dispute.filed.v1",
        "ppid",
        "KEB-7174-2026-00001",
        {"number": "KEB-7174-2026-00001", "registration_number": "PPID-7174-2026-00002", "filed_on": "2026-04-28"},
    ),
    "newsroom.article.submitted.v1": envelope(
        "newsroom.article.submitted.v1",
        "newsroom",
        "43",
        {
            "id": 43,
            "title": "Dinkes Buka Posko Kesehatan bagi Warga Terdampak Banjir",
            "opd": "dinkes",
            "by": "humas.dinkes",
            "note": None,
        },
    ),
    "newsroom.article.returned.v1": envelope(
        "newsroom.article.returned.v1",
        "newsroom",
        "43",
        {
            "id": 43,
            "title": "Dinkes Buka Posko Kesehatan bagi Warga Terdampak Banjir",
            "opd": "dinkes",
            "by": "redaktur.diskominfo",
            "note": "Lengkapi lokasi posko dan jam layanan.",
        },
    ),
    "newsroom.article.scheduled.v1": envelope(
        "newsroom.article.scheduled.v1",
        "newsroom",
        "43",
        {
            "id": 43,
            "title": "Dinkes Buka Posko Kesehatan bagi Warga Terdampak Banjir",
            "opd": "dinkes",
            "by": "redaktur.diskominfo",
            "note": "Terbit terjadwal 2026-11-27T08:00:00+07:00",
            "publish_at": "2026-11-27T08:00:00+07:00",
        },
    ),
    "newsroom.article.approved.v1": envelope(
        "newsroom.article.approved.v1",
        "newsroom",
        "43",
        {
            "id": 43,
            "title": "Dinkes Buka Posko Kesehatan bagi Warga Terdampak Banjir",
            "opd": "dinkes",
            "by": "redaktur.diskominfo",
            "note": None,
        },
    ),
}


# Every ppid event carries the request's figures after the change (ppid.events.state), for read models such as
# the province's roll-up; the events new with it report the steps the roll-up needs (completion, closing, snapshot).
PPID_STATE = {
    "revision": 6,
    "received_on": "2026-03-02",
    "channel": "web",
    "status": "decided",
    "open": False,
    "due_date": "2026-03-26",
    "extended": True,
    "overdue": False,
    "decision": "partly_granted",
    "refusal_grounds": ["h"],
    "decided_on": "2026-03-24",
    "late": False,
    "objections": 1,
    "objections_pending": 0,
    "disputes": 1,
    "disputes_pending": 1,
}
for _sample in SAMPLES.values():
    if _sample["type"].startswith("ppid."):
        _sample["data"]["state"] = copy.deepcopy(PPID_STATE)
for _type, _data in {
    "ppid.request.incomplete.v1": {"completion_due": "2026-03-05"},
    "ppid.request.completed.v1": {"received_on": "2026-03-04", "due_date": "2026-03-18"},
    "ppid.request.closed.v1": {"closed_on": "2026-03-06"},
    "ppid.request.snapshot.v1": {},
}.items():
    _number = "PPID-7174-2026-00003"
    SAMPLES[_type] = envelope(_type, "ppid", _number, {"registration_number": _number, **_data, "state": PPID_STATE})

# The registry's journalist event and the state its province snapshot sends (registry.province).
_JOURNALIST = {"id": 12, "outlet_id": 3, "ukw_level": "madya", "left_on": None}
SAMPLES["registry.journalist.changed.v1"] = envelope("registry.journalist.changed.v1", "registry", "12", _JOURNALIST)
SAMPLES["registry.journalist.snapshot.v1"] = envelope("registry.journalist.snapshot.v1", "registry", "12", _JOURNALIST)
SAMPLES["registry.contract.snapshot.v1"] = envelope("registry.contract.snapshot.v1", "registry", "5", {
    "id": 5, "period_id": 2, "outlet_id": 3, "starts_on": "2026-02-01", "ends_on": "2026-12-31", "value": 24000000,
    "status": "active"})  # fmt: skip
SAMPLES["registry.payment.snapshot.v1"] = envelope("registry.payment.snapshot.v1", "registry", "9", {
    "id": 9, "contract_id": 5, "month": "2026-03", "status": "paid", "amount": 2000000,
    "paid_on": "2026-04-06"})  # fmt: skip

# The gateway's OPD list (gateway.opds): the whole list with its version, no subject.
SAMPLES["gateway.opds.changed.v1"] = envelope("gateway.opds.changed.v1", "gateway", "", {
    "version": 3, "opds": [{"code": "dinkes", "name": "Dinas Kesehatan", "active": True},
                           {"code": "disdik", "name": "Dinas Pendidikan", "active": False}]})  # fmt: skip
del SAMPLES["gateway.opds.changed.v1"]["subject"]

# The newsroom's late-join snapshot (newsroom.province.snapshot_data): what published says, plus where it stands now.
SAMPLES["newsroom.article.snapshot.v1"] = envelope("newsroom.article.snapshot.v1", "newsroom", "42", {
    **copy.deepcopy(SAMPLES["newsroom.article.published.v1"]["data"]), "revision": 3, "state": "corrected",
    "summary": "Wali Kota memimpin rapat koordinasi bersama 11 kelurahan.", "corrected_at": "2026-03-02T05:30:00Z",
    "correction_note": "Jumlah kelurahan terdampak diperbaiki dari 12 menjadi 11.", "withdrawn_at": None,
    "reason": None})  # fmt: skip


def test_asyncapi_samples_cover_every_event():
    assert set(SAMPLES) == set(EVENT_TYPES)


def test_asyncapi_document(asyncapi):
    assert asyncapi["asyncapi"] == "3.0.0"
    assert asyncapi["info"]["title"] == "Diskominfo suite events"
    assert asyncapi["servers"]["local"] == {
        **asyncapi["servers"]["local"],
        "host": "127.0.0.1:5672",
        "protocol": "amqp",
    }
    assert set(asyncapi["channels"]) == set(EVENT_TYPES)
    for event_type, channel in asyncapi["channels"].items():
        assert channel["address"] == event_type
        binding = channel["bindings"]["amqp"]
        assert binding["is"] == "routingKey"
        assert binding["exchange"] == {**binding["exchange"], "name": "suite.events", "type": "topic", "durable": True}
        (message,) = resolve(channel, asyncapi)["messages"].values()
        assert message["name"] == event_type
        assert message["bindings"]["amqp"]["messageType"] == event_type
        properties = message["payload"]["properties"]
        assert properties["type"]["const"] == event_type
        assert properties["source"]["pattern"] == f"^/[^/]+/{event_type.split('.')[0]}$"


def operations_of(asyncapi: dict, action: str) -> list[tuple[str, str]]:
    """(service, event type) of every operation with this action; the service is the operation's one tag."""
    found = []
    for operation in asyncapi["operations"].values():
        if operation["action"] == action:
            (tag,) = operation["tags"]
            found.append((tag["name"], operation["channel"]["$ref"].removeprefix("#/channels/")))
    return sorted(found)


def test_asyncapi_sends_exactly_what_each_service_publishes(asyncapi):
    sends = operations_of(asyncapi, "send")
    assert sends == sorted((service, t) for service, types in PUBLISHES.items() for t in types)
    for service, event_type in sends:
        assert event_type.split(".")[0] == service


def test_asyncapi_receives_exactly_what_each_service_consumes(asyncapi):
    receives = operations_of(asyncapi, "receive")
    assert receives == sorted((service, t) for service, types in CONSUMES.items() for t in types)


def test_asyncapi_operations_refer_to_their_channel(asyncapi):
    assert {op["action"] for op in asyncapi["operations"].values()} == {"send", "receive"}
    for operation in asyncapi["operations"].values():
        resolve(operation, asyncapi)  # every $ref points somewhere
        (message,) = operation["messages"]
        assert message["$ref"].startswith(operation["channel"]["$ref"] + "/messages/")


def validator_for(schema: dict) -> jsonschema.Draft7Validator:
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_asyncapi_payload_accepts_a_real_event(asyncapi, event_type):
    validator = validator_for(payload_schema(asyncapi, event_type))
    validator.validate(SAMPLES[event_type])
    wrong_type = copy.deepcopy(SAMPLES[event_type])
    wrong_type["type"] = "something.else.v1"
    assert not validator.is_valid(wrong_type)
    no_data = copy.deepcopy(SAMPLES[event_type])
    del no_data["data"]
    assert not validator.is_valid(no_data)


# Fields only some events of a type carry (documented as such in their description).
OPTIONAL_FIELDS = {
    **{f"newsroom.article.{name}.v1": {"verdict"} for name in ("published", "corrected", "withdrawn", "snapshot")},
    "ppid.request.closed.v1": {"duplicate_of"},
}


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_asyncapi_every_data_field_is_required(asyncapi, event_type):
    data = payload_schema(asyncapi, event_type)["properties"]["data"]
    optional = OPTIONAL_FIELDS.get(event_type, set())
    assert set(data["required"]) == set(data["properties"]) - optional == set(SAMPLES[event_type]["data"])
    for field in optional:
        assert "Only" in data["properties"][field]["description"], "say when an optional field is there"
    validator = validator_for(data)
    for field in data["required"]:
        missing = {k: v for k, v in SAMPLES[event_type]["data"].items() if k != field}
        assert not validator.is_valid(missing), field


def test_asyncapi_ppid_schemas_reject_bad_values(asyncapi):
    validator = validator_for(payload_schema(asyncapi, "ppid.request.routed.v1"))
    wrong = copy.deepcopy(SAMPLES["ppid.request.routed.v1"])
    wrong["data"]["opd_due_date"] = "16-03-2026"
    assert not validator.is_valid(wrong)
    no_opd = copy.deepcopy(SAMPLES["ppid.request.routed.v1"])
    no_opd["data"]["opds"] = []
    assert not validator.is_valid(no_opd)
    early = copy.deepcopy(SAMPLES["ppid.request.overdue.v1"])
    early["data"]["days_late"] = -1
    assert not validator_for(payload_schema(asyncapi, "ppid.request.overdue.v1")).is_valid(early)


@pytest.mark.parametrize("event_type", PUBLISHES["ppid"])
def test_asyncapi_ppid_events_carry_no_personal_data(asyncapi, event_type):
    data = payload_schema(asyncapi, event_type)["properties"]["data"]
    assert data["additionalProperties"] is False
    assert not set(data["properties"]) & set(PERSONAL_DATA)
    validator = validator_for(payload_schema(asyncapi, event_type))
    for field, value in PERSONAL_DATA.items():
        leaking = copy.deepcopy(SAMPLES[event_type])
        leaking["data"][field] = value
        assert not validator.is_valid(leaking), field


# The registry's per-step events (every registry event but the older three, which carry an outlet's public profile).
REGISTRY_STEPS = [t for t in PUBLISHES["registry"] if t.split(".")[1] in ("application", "decree", "contract")]
REGISTRY_STEPS.remove("registry.application.changed.v1")


@pytest.mark.parametrize("event_type", REGISTRY_STEPS)
def test_asyncapi_registry_step_events_carry_no_personal_data(asyncapi, event_type):
    data = payload_schema(asyncapi, event_type)["properties"]["data"]
    assert data["additionalProperties"] is False
    assert not set(data["properties"]) & (set(PERSONAL_DATA) | {"note", "reason", "signer", "npwp", "nib"})
    validator = validator_for(payload_schema(asyncapi, event_type))
    for field, value in PERSONAL_DATA.items():
        leaking = copy.deepcopy(SAMPLES[event_type])
        leaking["data"][field] = value
        assert not validator.is_valid(leaking), field


def test_asyncapi_registry_application_enums_match_the_table(asyncapi):
    from registry.domain.applications import TRANSITIONS, Status

    changed = payload_schema(asyncapi, "registry.application.changed.v1")["properties"]["data"]["properties"]
    assert set(changed["action"]["enum"]) == set(TRANSITIONS)
    assert set(changed["status"]["enum"]) == {s.value for s in Status} - {"draft"}
    decided = payload_schema(asyncapi, "registry.application.appeal_decided.v1")["properties"]["data"]["properties"]
    assert set(decided["status"]["enum"]) == {TRANSITIONS[a].target.value for a in ("grant_appeal", "dismiss_appeal")}


def test_asyncapi_ppid_enums_match_the_domain(asyncapi):
    from ppid.domain import objections, report
    from ppid.domain.requests import Channel, DeliveryMethod, ObtainMethod
    from ppid.domain.workflow import Decision

    def data(event_type):
        return payload_schema(asyncapi, event_type)["properties"]["data"]["properties"]

    submitted = data("ppid.request.submitted.v1")
    assert set(submitted["channel"]["enum"]) == {m.value for m in Channel}
    assert set(submitted["obtain_method"]["enum"]) == {m.value for m in ObtainMethod}
    assert set(submitted["delivery_method"]["enum"]) == {m.value for m in DeliveryMethod}
    assert set(data("ppid.request.delivered.v1")["method"]["enum"]) == {m.value for m in DeliveryMethod}
    decided = data("ppid.request.decided.v1")
    assert set(decided["decision"]["enum"]) == {m.value for m in Decision}
    assert set(decided["refusal_grounds"]["items"]["enum"]) == set(report.GROUNDS)
    assert set(data("ppid.objection.filed.v1")["grounds"]["items"]["enum"]) == set(objections.GROUNDS)
    assert set(data("ppid.objection.decided.v1")["outcome"]["enum"]) == {m.value for m in objections.Outcome}
