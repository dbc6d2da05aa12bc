#!/usr/bin/env bash
# `npm test`: installs what the tests need when missing, starts it, runs every check and
# every test tier, and stops what it started. Safe to run again; fast when all is in place.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}

step() { printf '\n==> %s\n' "$*" >&2; }

step "npm dependencies"
# `npm install` rather than `npm ci`: npm 11 leaves other platforms' optional binaries
# (@swc/core-darwin-*, ...) out of the lock file, and `npm ci` then refuses it as out of sync.
# The lock file still pins every version installed here.
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm install --no-audit --no-fund
fi

step "test infrastructure (PostgreSQL, Kafka, Redis, OpenBao, Chromium)"
started=()
bash tools/infra/postgres.sh status >/dev/null 2>&1 || started+=(postgres)
bash tools/infra/kafka.sh status >/dev/null 2>&1 || started+=(kafka)
bash tools/infra/redis.sh status >/dev/null 2>&1 || started+=(redis)
bash tools/infra/openbao.sh status >/dev/null 2>&1 || started+=(openbao)
stop_started() {
  [[ "${CAUSEWAY_KEEP_INFRA:-0}" == 1 ]] && return
  for service in "${started[@]}"; do bash "tools/infra/$service.sh" stop >&2 || true; done
}
trap stop_started EXIT
bash tools/infra/up.sh >/dev/null
bash tools/infra/chromium.sh install

step "typecheck"
npx tsc -p tsconfig.json
npx tsc -p apps/control-plane/console-web/tsconfig.json # the console: React + operations typed from the schema

step "lint (module boundaries included)"
npx nx show projects >/dev/null # computes the project graph the boundary rule reads
npx eslint --no-error-on-unmatched-pattern apps libs tools test bench

step "formatting (prettier --check; .prettierignore names what it must not judge)"
# --cache: a file unchanged since it last passed is not formatted again; the cache stays in the
# work tree (.nx is ignored by git and by prettier), not in a node_modules other checkouts share.
npx prettier --check --cache --cache-location .nx/prettier-cache --log-level warn .

if [[ -f libs/connectors/src/definition/validate-catalog.ts ]]; then
  step "connector catalog"
  node -r @swc-node/register libs/connectors/src/definition/validate-catalog.ts
fi

if [[ -f tools/scripts/lint-deploy.sh ]]; then
  step "deploy artefacts (Helm chart, alert rules, Dockerfile)"
  bash tools/scripts/lint-deploy.sh
fi

summary=$(mktemp)
export CAUSEWAY_TEST_SUMMARY_FILE="$summary"
status=0
step "unit tests"
npx jest --selectProjects unit --ci || status=1
# Integration and e2e tests share one Kafka broker that fault tests stop and start, so
# they run one file at a time.
step "integration and end-to-end tests (real PostgreSQL, Kafka, OAuth server)"
npx jest --selectProjects integration e2e --ci --maxWorkers=1 || status=1
step "security tests (cross-tenant sweep, SSRF, fuzzing, secret scan: docs/security.md)"
bash tools/infra/schemathesis.sh install || status=1
npx jest --selectProjects security --ci --maxWorkers=1 || status=1

awk '{ p += $1; f += $2; s += $3 } END { printf "\nall tiers: %d passed, %d failed, %d skipped\n", p, f, s }' "$summary"
rm -f "$summary"
exit $status
