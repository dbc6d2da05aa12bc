#!/usr/bin/env bash
# Stop Kafka (graceful) and PostgreSQL (fast shutdown). Data under .infra is kept; see
# tools/infra/README.md to reset.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

status=0
bash "$INFRA_SCRIPTS_DIR/kafka.sh" stop || status=1
bash "$INFRA_SCRIPTS_DIR/postgres.sh" stop || status=1
exit "$status"
