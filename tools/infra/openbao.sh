#!/usr/bin/env bash
# OpenBao (a Vault-API server) in dev mode for the secret-store and end-to-end tests.
#
#   tools/infra/openbao.sh install   unpack the server binary shipped in ../shared/tools/openbao
#                                    into .infra/openbao/bin/bao (checks its sha256), once
#   tools/infra/openbao.sh start     install if needed, start `bao server -dev` in the background,
#                                    wait until /v1/sys/health answers 200 (unsealed, active)
#   tools/infra/openbao.sh stop      SIGTERM, wait for exit (dev mode keeps nothing: state is lost)
#   tools/infra/openbao.sh status    exit 0 if it answers unsealed on 127.0.0.1:58200, 3 if not
#
# Dev mode: in memory, unsealed at start, KV v2 mounted at secret/, root token
# `causeway-dev-root`. Never expose it: it is a test server with a well-known root token.
# No registry we reach serves an OpenBao or Vault server, hence the binary in shared/ (its
# README there says how it was built). CAUSEWAY_SHARED_DIR overrides where shared/ is.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OPENBAO_VERSION=2.6.2
OPENBAO_SHA256=f8e475d2a985c254136204d4904fa772d0e698048ec62d47fb67c14d859ce1c5
OPENBAO_START_TIMEOUT="${OPENBAO_START_TIMEOUT:-60}"
OPENBAO_STOP_TIMEOUT="${OPENBAO_STOP_TIMEOUT:-30}"
SHARED_DIR="${CAUSEWAY_SHARED_DIR:-$REPO_ROOT/../shared}"
OPENBAO_DIST="$SHARED_DIR/tools/openbao/bao-${OPENBAO_VERSION}-linux-amd64.xz"
OPENBAO_HOME="$INFRA_DIR/openbao"
OPENBAO_BIN="$OPENBAO_HOME/bin/bao"
OPENBAO_PIDFILE="$OPENBAO_HOME/bao.pid"
OPENBAO_LOG="$OPENBAO_HOME/bao.log"

installed_version_ok() {
  [[ -x "$OPENBAO_BIN" ]] && "$OPENBAO_BIN" version 2>/dev/null | grep -q "OpenBao v${OPENBAO_VERSION} "
}

cmd_install() {
  installed_version_ok && return 0
  [[ -f "$OPENBAO_DIST" ]] ||
    die "$OPENBAO_DIST not found: the OpenBao binary ships in shared/tools/openbao beside the repo (set CAUSEWAY_SHARED_DIR if shared/ is elsewhere)"
  command -v xz >/dev/null 2>&1 || apt_install xz-utils
  local sum
  sum=$(sha256sum "$OPENBAO_DIST" | cut -d' ' -f1)
  [[ "$sum" == "$OPENBAO_SHA256" ]] || die "$OPENBAO_DIST has sha256 $sum, expected $OPENBAO_SHA256"
  mkdir -p "$OPENBAO_HOME/bin"
  log "unpacking OpenBao ${OPENBAO_VERSION} into $OPENBAO_BIN"
  xz -dc "$OPENBAO_DIST" >"$OPENBAO_BIN.tmp"
  chmod 0755 "$OPENBAO_BIN.tmp"
  mv -f "$OPENBAO_BIN.tmp" "$OPENBAO_BIN"
  installed_version_ok || die "$OPENBAO_BIN does not report OpenBao v${OPENBAO_VERSION}"
}

# True if an unsealed, active OpenBao/Vault answers on the contract's address.
is_ready() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${TEST_VAULT_ADDR}/v1/sys/health" 2>/dev/null || true)
  [[ "$code" == 200 ]]
}

our_pid() {
  local pid
  [[ -f "$OPENBAO_PIDFILE" ]] || return 0
  pid=$(head -n1 "$OPENBAO_PIDFILE" 2>/dev/null || true)
  if pid_alive "$pid" && [[ "$(pid_cmdline "$pid")" == *"server -dev"* ]]; then
    echo "$pid"
  fi
}

cmd_start() {
  if is_ready; then
    log "already running on ${OPENBAO_HOST}:${OPENBAO_PORT}"
    return 0
  fi
  cmd_install
  with_lock openbao
  if is_ready; then
    log "started by a concurrent run; reusing it"
    return 0
  fi
  local pid
  pid=$(our_pid)
  if [[ -n "$pid" ]]; then
    # A dev server that does not answer 200 was sealed by a test (or is stuck): start afresh.
    log "OpenBao $pid is running but not ready (sealed?); restarting it"
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid"
  elif port_open "$OPENBAO_HOST" "$OPENBAO_PORT"; then
    die "port ${OPENBAO_PORT} is in use by something that is not a ready OpenBao (pid $(listening_pid "$OPENBAO_PORT"))"
  fi
  rm -f "$OPENBAO_PIDFILE"
  log "starting OpenBao ${OPENBAO_VERSION} dev server (log $OPENBAO_LOG)"
  # setsid + nohup: survives the calling shell; the wrapper writes its pid and execs bao.
  # 9>&-: the server must not inherit the lock. SKIP_SETCAP: no mlock capability needed in dev.
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner shell
  SKIP_SETCAP=1 setsid nohup bash -c 'echo $$ >"$0" && exec "$@"' "$OPENBAO_PIDFILE" \
    "$OPENBAO_BIN" server -dev -dev-no-store-token \
    "-dev-root-token-id=${TEST_VAULT_TOKEN}" "-dev-listen-address=${OPENBAO_HOST}:${OPENBAO_PORT}" \
    </dev/null >"$OPENBAO_LOG" 2>&1 9>&- &
  local deadline=$((SECONDS + OPENBAO_START_TIMEOUT))
  until is_ready; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$OPENBAO_LOG" >&2 2>/dev/null || true
      die "OpenBao did not become ready on ${OPENBAO_HOST}:${OPENBAO_PORT} after ${OPENBAO_START_TIMEOUT}s; see $OPENBAO_LOG"
    fi
    pid=$(head -n1 "$OPENBAO_PIDFILE" 2>/dev/null || true)
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      tail -n 20 "$OPENBAO_LOG" >&2 2>/dev/null || true
      die "OpenBao exited during start; see $OPENBAO_LOG"
    fi
    sleep 0.2
  done
  log "OpenBao ready on ${TEST_VAULT_ADDR} (pid $(our_pid))"
}

wait_gone() {
  local pid=$1 deadline=$((SECONDS + OPENBAO_STOP_TIMEOUT))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "OpenBao $pid still alive after ${OPENBAO_STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
}

cmd_stop() {
  with_lock openbao
  local pid
  pid=$(our_pid)
  if [[ -z "$pid" ]]; then
    rm -f "$OPENBAO_PIDFILE"
    log "not running (no live pid in $OPENBAO_PIDFILE)"
    if is_ready; then warn "something else answers on ${TEST_VAULT_ADDR} (another checkout?); left alone"; fi
    return 0
  fi
  log "stopping OpenBao $pid"
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid"
  rm -f "$OPENBAO_PIDFILE"
  log "stopped"
}

cmd_status() {
  if is_ready; then
    echo "openbao: running on ${TEST_VAULT_ADDR} (pid $(our_pid), home $OPENBAO_HOME)"
    return 0
  fi
  echo "openbao: not running or sealed (home $OPENBAO_HOME)"
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
