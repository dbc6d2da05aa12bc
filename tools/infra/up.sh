#!/usr/bin/env bash
# Install (if needed) and start PostgreSQL and Kafka for integration tests, reusing whatever is
# already running. Both start in parallel. Progress goes to stderr; stdout is only the env to
# use, on its last two lines:
#
#   TEST_DATABASE_URL=postgres://causeway:causeway@127.0.0.1:55432/causeway
#   TEST_KAFKA_BROKERS=127.0.0.1:59092
#
# e.g.  eval "export $(bash tools/infra/up.sh | tr '\n' ' ')"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t0=$(now_ms)
bash "$INFRA_SCRIPTS_DIR/postgres.sh" start &
pg_job=$!
bash "$INFRA_SCRIPTS_DIR/redis.sh" start
kafka_rc=0
bash "$INFRA_SCRIPTS_DIR/kafka.sh" start || kafka_rc=$?
pg_rc=0
wait "$pg_job" || pg_rc=$?
((pg_rc == 0)) || die "PostgreSQL failed to start (exit $pg_rc); see messages above"
((kafka_rc == 0)) || die "Kafka failed to start (exit $kafka_rc); see messages above"
log "infrastructure up ($(($(now_ms) - t0)) ms)"

echo "TEST_REDIS_URL=redis://127.0.0.1:56379"
echo "TEST_DATABASE_URL=${TEST_DATABASE_URL}"
echo "TEST_KAFKA_BROKERS=${TEST_KAFKA_BROKERS}"
