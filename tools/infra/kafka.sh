#!/usr/bin/env bash
# Apache Kafka (KRaft, single node, broker + controller) for integration tests.
#
#   tools/infra/kafka.sh install   Java 17 + Maven via apt if missing; broker jars via Maven
#                                  (tools/kafka/pom.xml) into .infra/kafka/libs, once
#   tools/infra/kafka.sh start     install if needed, format storage once, start in the
#                                  background, wait until the broker has started
#   tools/infra/kafka.sh stop      graceful SIGTERM, wait for exit (data kept)
#   tools/infra/kafka.sh kill      SIGKILL (simulates a crash; data kept, `start` recovers)
#   tools/infra/kafka.sh status    exit 0 if running and accepting connections, 3 if not
#
# Broker PLAINTEXT 127.0.0.1:59092, controller 127.0.0.1:59093. Everything under .infra/kafka.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-60}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"

KAFKA_POM="$REPO_ROOT/tools/kafka/pom.xml"
KAFKA_HOME="$INFRA_DIR/kafka"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_PROPS="$KAFKA_HOME/server.properties"
KAFKA_LOG4J="$KAFKA_HOME/log4j2.properties"
KAFKA_LOG="$KAFKA_HOME/server.log"
KAFKA_OUT="$KAFKA_HOME/kafka.out"
KAFKA_PIDFILE="$KAFKA_HOME/kafka.pid"
KAFKA_CLUSTER_ID_FILE="$KAFKA_HOME/cluster-id"
KAFKA_STARTED_MARK='Kafka Server started'

java_major() {
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
  echo "${v%%.*}"
}

ensure_java() {
  if ! command -v java >/dev/null 2>&1 || (($(java_major) < 17)); then
    log "Java 17+ not found; installing openjdk-17-jre-headless"
    apt_install openjdk-17-jre-headless
    (($(java_major) >= 17)) || die "java on PATH is $(java_major); Kafka 4 needs 17+ (check update-alternatives)"
  fi
}

libs_key() { sha256sum "$KAFKA_POM" | cut -d' ' -f1; }

libs_ok() {
  [[ -f "$KAFKA_LIBS/.pom-sha256" && "$(cat "$KAFKA_LIBS/.pom-sha256")" == "$(libs_key)" ]]
}

cmd_install() {
  ensure_java
  if libs_ok; then
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    log "Maven not found; installing maven"
    apt_install maven
  fi
  mkdir -p "$KAFKA_HOME"
  local tmp="$KAFKA_HOME/libs.tmp" mvnlog="$KAFKA_HOME/mvn.log" t0
  rm -rf "$tmp"
  t0=$(now_ms)
  log "copying Kafka broker jars from Maven ($KAFKA_POM -> $KAFKA_LIBS)"
  if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvnlog" 2>&1; then
    tail -n 40 "$mvnlog" >&2 || true
    die "mvn dependency:copy-dependencies failed; see $mvnlog"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "mvn ran but no kafka_2.13 jar in $tmp; see $mvnlog"
  libs_key >"$tmp/.pom-sha256"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  log "jars ready ($(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars, $(($(now_ms) - t0)) ms)"
}

write_config() {
  mkdir -p "$KAFKA_DATA"
  cat >"$KAFKA_PROPS" <<EOF
# Written by tools/infra/kafka.sh on every start. Single-node KRaft for tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT},CONTROLLER://${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${KAFKA_DATA}

num.partitions=3
auto.create.topics.enable=true
delete.topic.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

# After a SIGKILL the restarted broker cannot register until the dead incarnation's session
# expires (DUPLICATE_BROKER_REGISTRATION); the defaults (2 s / 9 s) make a restart take ~12 s.
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=4000

# Small machine: few threads, small cleaner buffer.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=16777216
EOF
  cat >"$KAFKA_LOG4J" <<EOF
# Written by tools/infra/kafka.sh. INFO for the broker's own lifecycle (the readiness check
# looks for "${KAFKA_STARTED_MARK}"), WARN for everything else. Set rootLogger.level = info here
# (it is rewritten on each start: edit kafka.sh) to see every partition and metadata record.
status = warn
name = causeway-test-kafka
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${KAFKA_LOG}
appender.file.filePattern = ${KAFKA_LOG}.%i
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 2
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
# Lifecycle lines at INFO (starting, "Kafka Server started", shutting down, registration).
logger.raftserver.name = kafka.server.KafkaRaftServer
logger.raftserver.level = info
logger.brokerserver.name = kafka.server.BrokerServer
logger.brokerserver.level = info
logger.controllerserver.name = kafka.server.ControllerServer
logger.controllerserver.level = info
logger.lifecycle.name = kafka.server.BrokerLifecycleManager
logger.lifecycle.level = info
logger.kafkamain.name = kafka.Kafka
logger.kafkamain.level = info
EOF
}

# The JVM command line shared by StorageTool and the broker.
java_args() {
  local heap
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  JAVA_ARGS=(java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$KAFKA_LOG4J" -Dkafka.logs.dir="$KAFKA_HOME"
    -cp "$KAFKA_LIBS/*")
}

java_cmd() {
  java_args
  "${JAVA_ARGS[@]}" "$@"
}

format_storage() {
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
    return 0
  fi
  if [[ ! -s "$KAFKA_CLUSTER_ID_FILE" ]]; then
    java_cmd kafka.tools.StorageTool random-uuid 2>>"$KAFKA_OUT" | tail -n1 >"$KAFKA_CLUSTER_ID_FILE.tmp"
    [[ -s "$KAFKA_CLUSTER_ID_FILE.tmp" ]] || die "StorageTool random-uuid printed nothing; see $KAFKA_OUT"
    mv "$KAFKA_CLUSTER_ID_FILE.tmp" "$KAFKA_CLUSTER_ID_FILE"
  fi
  local cid
  cid=$(cat "$KAFKA_CLUSTER_ID_FILE")
  log "formatting $KAFKA_DATA (cluster id $cid)"
  java_cmd kafka.tools.StorageTool format -t "$cid" -c "$KAFKA_PROPS" --ignore-formatted >>"$KAFKA_OUT" 2>&1 ||
    {
      tail -n 20 "$KAFKA_OUT" >&2 || true
      die "kafka storage format failed; see $KAFKA_OUT"
    }
}

# Is PID one of our brokers (a kafka.Kafka java process)?
is_kafka_pid() {
  local pid=$1
  pid_alive "$pid" && [[ "$(pid_cmdline "$pid")" == *" kafka.Kafka "* ]]
}

# The running broker's pid: ours from the pid file, else whichever kafka.Kafka listens on the
# broker port (e.g. started from another checkout). Empty if none.
running_pid() {
  local pid=""
  if [[ -f "$KAFKA_PIDFILE" ]]; then
    pid=$(cat "$KAFKA_PIDFILE" 2>/dev/null || true)
    if is_kafka_pid "$pid"; then
      echo "$pid"
      return
    fi
  fi
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    pid=$(listening_pid "$p")
    if [[ -n "$pid" ]] && is_kafka_pid "$pid"; then
      echo "$pid"
      return
    fi
  done
}

log_size() { stat -c %s "$KAFKA_LOG" 2>/dev/null || echo 0; }

# Has the broker logged that it started since byte offset $1 of server.log?
started_since() {
  local offset=$1 size
  size=$(log_size)
  if ((size < offset)); then offset=0; fi # rolled over
  tail -c +"$((offset + 1))" "$KAFKA_LOG" 2>/dev/null | grep -q "$KAFKA_STARTED_MARK"
}

cmd_start() {
  local pid
  pid=$(running_pid)
  # Fast path: running, accepting, and no start/stop in progress (lock free).
  if [[ -n "$pid" ]] && port_open "$KAFKA_HOST" "$KAFKA_PORT" &&
    flock -n "$INFRA_DIR/kafka.lock" true 2>/dev/null; then
    log "already running (pid $pid) on ${TEST_KAFKA_BROKERS}"
    return 0
  fi
  cmd_install
  with_lock kafka
  pid=$(running_pid)
  if [[ -n "$pid" ]]; then
    # Running but not accepting yet: another start is in progress (or just finished).
    log "broker pid $pid is starting; waiting for ${TEST_KAFKA_BROKERS}"
    wait_for_port "$KAFKA_HOST" "$KAFKA_PORT" "$KAFKA_START_TIMEOUT" "$pid" ||
      die "broker pid $pid never opened ${TEST_KAFKA_BROKERS}; see $KAFKA_LOG"
    return 0
  fi
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$KAFKA_HOST" "$p"; then
      die "port $p is in use by a process that is not a Kafka broker (pid $(listening_pid "$p")); free it first"
    fi
  done

  mkdir -p "$KAFKA_HOME"
  write_config
  format_storage

  local offset t0
  offset=$(log_size)
  t0=$(now_ms)
  log "starting Kafka broker (log $KAFKA_LOG)"
  echo "=== start $(date -Is) ===" >>"$KAFKA_OUT"
  # setsid + nohup: own session, survives the calling shell. The wrapper writes its own pid and
  # execs java, so the pid file holds the broker's pid. 9>&-: do not inherit the lock.
  rm -f "$KAFKA_PIDFILE"
  java_args
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner shell
  setsid nohup bash -c 'echo $$ >"$0" && exec "$@"' "$KAFKA_PIDFILE" \
    "${JAVA_ARGS[@]}" kafka.Kafka "$KAFKA_PROPS" </dev/null >>"$KAFKA_OUT" 2>&1 9>&- &
  local launcher=$!
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  pid=""
  while ((SECONDS < deadline)); do
    [[ -z "$pid" && -s "$KAFKA_PIDFILE" ]] && pid=$(cat "$KAFKA_PIDFILE")
    if [[ -z "$pid" ]] && ! pid_alive "$launcher"; then
      tail -n 10 "$KAFKA_OUT" >&2 2>/dev/null || true
      die "could not launch Kafka; see $KAFKA_OUT"
    fi
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      tail -n 30 "$KAFKA_LOG" >&2 2>/dev/null || true
      tail -n 10 "$KAFKA_OUT" >&2 2>/dev/null || true
      die "Kafka exited during startup; see $KAFKA_LOG and $KAFKA_OUT"
    fi
    if [[ -n "$pid" ]] && started_since "$offset" && port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      log "Kafka ready on ${TEST_KAFKA_BROKERS} (pid $pid, $(($(now_ms) - t0)) ms)"
      return 0
    fi
    sleep 0.2
  done
  die "Kafka not ready after ${KAFKA_START_TIMEOUT}s (pid ${pid:-?} still running); see $KAFKA_LOG and $KAFKA_OUT"
}

cmd_stop() {
  with_lock kafka
  local pid
  pid=$(running_pid)
  if [[ -z "$pid" ]]; then
    log "not running"
    rm -f "$KAFKA_PIDFILE"
    return 0
  fi
  log "stopping Kafka (pid $pid, SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL (see $KAFKA_LOG)"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$KAFKA_PIDFILE"
  log "stopped"
}

cmd_kill() {
  with_lock kafka
  local pid
  pid=$(running_pid)
  if [[ -z "$pid" ]]; then
    log "not running"
    rm -f "$KAFKA_PIDFILE"
    return 0
  fi
  log "killing Kafka (pid $pid, SIGKILL)"
  kill -KILL "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  pid_alive "$pid" && die "pid $pid survived SIGKILL"
  rm -f "$KAFKA_PIDFILE"
  log "killed"
}

cmd_status() {
  local pid
  pid=$(running_pid)
  if [[ -n "$pid" ]] && port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    echo "kafka: running on ${TEST_KAFKA_BROKERS} (pid $pid, data $KAFKA_DATA)"
    return 0
  fi
  if [[ -n "$pid" ]]; then
    echo "kafka: pid $pid alive but ${TEST_KAFKA_BROKERS} not accepting connections (starting?)"
  else
    echo "kafka: not running"
  fi
  return 3
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
kill) cmd_kill ;;
status) cmd_status ;;
*)
  echo "usage: $0 install|start|stop|kill|status" >&2
  exit 2
  ;;
esac
