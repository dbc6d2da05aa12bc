#!/usr/bin/env bash
# Install (if needed) and start PostgreSQL, Redis, Kafka and OpenBao for integration tests,
# reusing whatever is already running. PostgreSQL and OpenBao start in the background while
# Redis and Kafka start. Progress goes to stderr; stdout is only the env to use, on its last
# lines:
#
#   TEST_REDIS_URL=redis://127.0.0.1:56379
#   TEST_DATABASE_URL=postgres://causeway:causeway@127.0.0.1:55432/causeway
#   TEST_KAFKA_BROKERS=127.0.0.1:59092
#   TEST_VAULT_ADDR=http://127.0.0.1:58200
#   TEST_VAULT_TOKEN=causeway-dev-root
#
# e.g.  eval "export $(bash tools/infra/up.sh | tr '\n' ' ')"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t0=$(now_ms)
bash "$INFRA_SCRIPTS_DIR/postgres.sh" start &
pg_job=$!
bash "$INFRA_SCRIPTS_DIR/openbao.sh" start &
bao_job=$!
bash "$INFRA_SCRIPTS_DIR/redis.sh" start
kafka_rc=0
bash "$INFRA_SCRIPTS_DIR/kafka.sh" start || kafka_rc=$?
pg_rc=0
wait "$pg_job" || pg_rc=$?
bao_rc=0
wait "$bao_job" || bao_rc=$?
((pg_rc == 0)) || die "PostgreSQL failed to start (exit $pg_rc); see messages above"
((kafka_rc == 0)) || die "Kafka failed to start (exit $kafka_rc); see messages above"
((bao_rc == 0)) || die "OpenBao failed to start (exit $bao_rc); see messages above"
log "infrastructure up ($(($(now_ms) - t0)) ms)"

echo "TEST_REDIS_URL=redis://127.0.0.1:56379"
echo "TEST_DATABASE_URL=${TEST_DATABASE_URL}"
echo "TEST_KAFKA_BROKERS=${TEST_KAFKA_BROKERS}"
echo "TEST_VAULT_ADDR=${TEST_VAULT_ADDR}"
echo "TEST_VAULT_TOKEN=${TEST_VAULT_TOKEN}"
