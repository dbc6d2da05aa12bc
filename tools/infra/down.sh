#!/usr/bin/env bash
# Stop Kafka (graceful), PostgreSQL (fast shutdown), Redis and OpenBao. Data under .infra is
# kept (Redis and the OpenBao dev server keep nothing); see tools/infra/README.md to reset.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

status=0
bash "$INFRA_SCRIPTS_DIR/kafka.sh" stop || status=1
bash "$INFRA_SCRIPTS_DIR/postgres.sh" stop || status=1
bash "$INFRA_SCRIPTS_DIR/redis.sh" stop || status=1
bash "$INFRA_SCRIPTS_DIR/openbao.sh" stop || status=1
exit "$status"
