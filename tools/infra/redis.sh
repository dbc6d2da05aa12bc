#!/usr/bin/env bash
# Redis for integration tests: 127.0.0.1:56379, no password, no persistence.
#
#   tools/infra/redis.sh install   install Debian's redis-server with apt if it is missing
#   tools/infra/redis.sh start     install if needed, start a private instance as a daemon
#   tools/infra/redis.sh stop      SHUTDOWN NOSAVE (or SIGTERM), wait for exit
#   tools/infra/redis.sh status    exit 0 if it answers PING on 127.0.0.1:56379, 3 if not
#
# Everything lives under .infra/redis (redis.conf, redis.pid, redis.log). Tests keep nothing in
# it worth saving, so it runs with `save ''` and `appendonly no`. It is not Debian's service
# (that one listens on 6379 and is left alone).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REDIS_HOST=127.0.0.1
REDIS_PORT=56379
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-30}"
REDIS_STOP_TIMEOUT="${REDIS_STOP_TIMEOUT:-30}"
REDIS_HOME="$INFRA_DIR/redis"
REDIS_CONF="$REDIS_HOME/redis.conf"
REDIS_PIDFILE="$REDIS_HOME/redis.pid"
REDIS_LOG="$REDIS_HOME/redis.log"

cmd_install() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    log "redis-server not found; installing the 'redis-server' package"
    apt_install redis-server
    command -v redis-server >/dev/null 2>&1 || die "apt installed redis-server but it is not on PATH"
  fi
}

# True if a Redis answers PING on the contract's address.
is_ready() {
  command -v redis-cli >/dev/null 2>&1 || return 1
  [[ "$(timeout 2 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

# Pid from our pid file, if that process is alive and is a redis-server.
our_pid() {
  local pid
  [[ -f "$REDIS_PIDFILE" ]] || return 0
  pid=$(head -n1 "$REDIS_PIDFILE" 2>/dev/null || true)
  if pid_alive "$pid" && [[ "$(pid_cmdline "$pid")" == *redis-server* ]]; then
    echo "$pid"
  fi
}

write_conf() {
  mkdir -p "$REDIS_HOME"
  # Rewritten on every start so changes here apply.
  cat >"$REDIS_CONF" <<EOF
# Written by tools/infra/redis.sh on every start. Test settings: nothing is persisted.
bind ${REDIS_HOST}
port ${REDIS_PORT}
protected-mode yes
daemonize yes
pidfile ${REDIS_PIDFILE}
logfile ${REDIS_LOG}
loglevel warning
dir ${REDIS_HOME}
save ""
appendonly no
databases 16
maxmemory 256mb
maxmemory-policy noeviction
EOF
}

cmd_start() {
  if is_ready; then
    log "already running on ${REDIS_HOST}:${REDIS_PORT}"
    return 0
  fi
  cmd_install
  with_lock redis
  if is_ready; then
    log "started by a concurrent run; reusing it"
    return 0
  fi
  local pid
  pid=$(our_pid)
  if [[ -n "$pid" ]]; then
    log "redis-server $pid is running but not answering yet; waiting"
  else
    if port_open "$REDIS_HOST" "$REDIS_PORT"; then
      die "port ${REDIS_PORT} is in use by something that does not answer Redis PING (pid $(listening_pid "$REDIS_PORT"))"
    fi
    rm -f "$REDIS_PIDFILE"
    write_conf
    log "starting redis-server (config $REDIS_CONF, log $REDIS_LOG)"
    # 9>&-: the daemon must not inherit the lock fd.
    redis-server "$REDIS_CONF" >/dev/null 9>&- || die "redis-server did not start; see $REDIS_LOG"
  fi
  local deadline=$((SECONDS + REDIS_START_TIMEOUT))
  until is_ready; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$REDIS_LOG" >&2 2>/dev/null || true
      die "Redis did not answer PING on ${REDIS_HOST}:${REDIS_PORT} after ${REDIS_START_TIMEOUT}s; see $REDIS_LOG"
    fi
    sleep 0.1
  done
  log "Redis ready on ${REDIS_HOST}:${REDIS_PORT} (pid $(our_pid))"
}

cmd_stop() {
  with_lock redis
  local pid
  pid=$(our_pid)
  if [[ -z "$pid" ]]; then
    rm -f "$REDIS_PIDFILE"
    log "not running (no live pid in $REDIS_PIDFILE)"
    if is_ready; then warn "something else answers on ${REDIS_HOST}:${REDIS_PORT} (another checkout?); left alone"; fi
    return 0
  fi
  log "stopping redis-server $pid"
  timeout 5 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + REDIS_STOP_TIMEOUT))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "redis-server $pid still alive after ${REDIS_STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  rm -f "$REDIS_PIDFILE"
  log "stopped"
}

cmd_status() {
  if is_ready; then
    local pid
    pid=$(our_pid)
    echo "redis: running on ${REDIS_HOST}:${REDIS_PORT} (pid ${pid:-unknown}, home $REDIS_HOME)"
    return 0
  fi
  echo "redis: not running (home $REDIS_HOME)"
  return 3
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*)
  echo "usage: $0 install|start|stop|status" >&2
  exit 2
  ;;
esac
