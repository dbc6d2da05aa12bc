#!/usr/bin/env bash
# PostgreSQL for integration tests: 127.0.0.1:55432, superuser causeway/causeway, db causeway.
#
#   tools/infra/postgres.sh install   install the server binaries with apt if they are missing
#   tools/infra/postgres.sh start     install if needed, initdb once, start, create role + db
#   tools/infra/postgres.sh stop      fast shutdown (data kept)
#   tools/infra/postgres.sh status    exit 0 if it answers on 127.0.0.1:55432, 3 if not
#
# The server runs as the `postgres` OS user (PostgreSQL refuses root). Its home is
# <repo>/.infra/postgres (chowned to postgres) when that user can reach the repository,
# otherwise /var/lib/postgresql/causeway-test. See tools/infra/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"
PG_FALLBACK_HOME=/var/lib/postgresql/causeway-test

# bin dir of the highest installed major version under /usr/lib/postgresql (empty if none);
# with a data dir argument, of the version that data dir was made with, when installed.
pg_bindir() {
  local data=${1:-} d v=""
  if [[ -n "$data" && -f "$data/PG_VERSION" ]]; then
    v=$(cat "$data/PG_VERSION")
    if [[ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]]; then
      echo "/usr/lib/postgresql/$v/bin"
      return
    fi
    v=""
  fi
  for d in /usr/lib/postgresql/[0-9]*; do
    [[ -x "$d/bin/pg_ctl" ]] || continue
    d=${d##*/}
    if [[ "$d" =~ ^[0-9]+$ ]] && ((d > ${v:-0})); then v=$d; fi
  done
  if [[ -n "$v" && -x "/usr/lib/postgresql/$v/bin/pg_ctl" && -x "/usr/lib/postgresql/$v/bin/initdb" ]]; then
    echo "/usr/lib/postgresql/$v/bin"
  fi
}

# Where the cluster lives: the repository's .infra/postgres when the postgres user can reach
# it, else the fallback. Deterministic, so start/stop/status agree. `pg_home existing` (stop,
# status) only looks and creates nothing.
pg_home() {
  local mode=${1:-} repo_home="$INFRA_DIR/postgres"
  if [[ -f "$repo_home/data/PG_VERSION" ]]; then
    echo "$repo_home"
    return
  fi
  if [[ "$mode" == existing ]]; then
    if [[ ! -d "$repo_home" && -f "$PG_FALLBACK_HOME/data/PG_VERSION" ]]; then
      echo "$PG_FALLBACK_HOME"
    else
      echo "$repo_home"
    fi
    return
  fi
  if id postgres >/dev/null 2>&1; then
    mkdir -p "$repo_home"
    if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$repo_home"; fi
    if as_postgres test -w "$repo_home" -a -x "$repo_home" 2>/dev/null; then
      echo "$repo_home"
      return
    fi
    rmdir "$repo_home" 2>/dev/null || true # so `pg_home existing` picks the fallback too
  fi
  echo "$PG_FALLBACK_HOME"
}

# Unix socket directory: inside the pg home unless the path would be too long for a socket.
pg_sockdir() {
  local home=$1
  if ((${#home} + 25 < 100)); then echo "$home/run"; else echo /tmp; fi
}

cmd_install() {
  if [[ -z "$(pg_bindir)" ]] || ! command -v psql >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
    log "PostgreSQL server binaries not found; installing the 'postgresql' package"
    apt_install postgresql
    [[ -n "$(pg_bindir)" ]] || die "apt installed postgresql but no /usr/lib/postgresql/<ver>/bin/pg_ctl"
  fi
  id postgres >/dev/null 2>&1 || die "no 'postgres' OS user (the postgresql package creates it)"
}

is_ready() {
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 1 >/dev/null 2>&1
}

# True if the contract's role can log in with its password, is superuser, and the db exists.
contract_ok() {
  local out
  out=$(PGCONNECT_TIMEOUT=3 psql "$TEST_DATABASE_URL" -XtAq -c \
    "select rolsuper from pg_roles where rolname = current_user" 2>/dev/null) || return 1
  [[ "$out" == t ]]
}

# Create/repair role `causeway` (superuser, password causeway) and database `causeway`,
# connecting over the unix socket as the postgres OS user (peer auth). Idempotent.
ensure_role_db() {
  local home sockdir
  home=$(pg_home)
  sockdir=$(pg_sockdir "$home")
  local psql_admin=(psql -XtAq -v ON_ERROR_STOP=1 -h "$sockdir" -p "$PG_PORT" -U postgres -d postgres)
  as_postgres "${psql_admin[@]}" -c "
    DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_USER}') THEN
        CREATE ROLE ${PG_USER} LOGIN SUPERUSER PASSWORD '${PG_PASSWORD}';
      ELSE
        ALTER ROLE ${PG_USER} LOGIN SUPERUSER PASSWORD '${PG_PASSWORD}';
      END IF;
    END \$\$;" >/dev/null ||
    die "could not create role ${PG_USER} through socket $sockdir (is the server on port $PG_PORT ours? data in $home)"
  if [[ "$(as_postgres "${psql_admin[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '${PG_DB}'")" != 1 ]]; then
    log "creating database ${PG_DB}"
    as_postgres "${psql_admin[@]}" -c "CREATE DATABASE ${PG_DB} OWNER ${PG_USER}" >/dev/null
  fi
  contract_ok || die "role/database set up, but cannot log in with $TEST_DATABASE_URL"
}

write_conf() {
  local data=$1 sockdir=$2
  # Rewritten on every start so changes here apply; postgresql.conf only includes it.
  as_postgres tee "$data/causeway.conf" >/dev/null <<EOF
# Written by tools/infra/postgres.sh on every start. Test settings: NOT crash-safe.
listen_addresses = '${PG_HOST}'
port = ${PG_PORT}
unix_socket_directories = '${sockdir}'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  if ! grep -q "^include_if_exists = 'causeway.conf'" "$data/postgresql.conf"; then
    echo "include_if_exists = 'causeway.conf'" | as_postgres tee -a "$data/postgresql.conf" >/dev/null
  fi
}

# Pids of live (non-zombie) processes whose working directory is DATA (postmaster, backends).
live_procs_in() {
  local data=$1 d p
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    [[ "$(readlink "$d/cwd" 2>/dev/null)" == "$data" ]] && pid_alive "$p" && echo "$p"
  done
  return 0
}

# After a SIGKILL of the postmaster its pid can linger as a zombie (PID 1 reaps lazily in some
# containers); PostgreSQL then refuses to start because kill(pid, 0) still succeeds. Wait for
# its backends to exit, then drop the lock file if its pid is dead or a zombie.
clear_stale_pidfile() {
  local data=$1 sockdir=$2 pid deadline
  [[ -f "$data/postmaster.pid" ]] || return 0
  pid=$(head -n1 "$data/postmaster.pid" 2>/dev/null || true)
  if pid_alive "$pid" && [[ "$(pid_cmdline "$pid")" == *postgres* ]]; then
    return 0 # really running: the caller waits for it
  fi
  deadline=$((SECONDS + 10))
  while [[ -n "$(live_procs_in "$data")" ]] && ((SECONDS < deadline)); do
    sleep 0.2
  done
  [[ -z "$(live_procs_in "$data")" ]] ||
    die "old PostgreSQL processes still use $data (pids $(live_procs_in "$data" | tr '\n' ' ')); stop them first"
  log "removing stale $data/postmaster.pid (pid $pid is gone)"
  as_postgres rm -f "$data/postmaster.pid"
  # The socket's lock file names the same dead pid.
  local sock_lock="$sockdir/.s.PGSQL.${PG_PORT}.lock"
  if [[ -f "$sock_lock" ]] && ! pid_alive "$(head -n1 "$sock_lock" 2>/dev/null || true)"; then
    as_postgres rm -f "$sock_lock" "$sockdir/.s.PGSQL.${PG_PORT}" 2>/dev/null || rm -f "$sock_lock" "$sockdir/.s.PGSQL.${PG_PORT}"
  fi
}

wait_ready() {
  local logfile=$1 deadline=$((SECONDS + PG_START_TIMEOUT))
  until is_ready; do
    ((SECONDS < deadline)) || die "pg_isready -h $PG_HOST -p $PG_PORT never succeeded after ${PG_START_TIMEOUT}s; see $logfile"
    sleep 0.2
  done
}

cmd_start() {
  # Fast path: something answers on the port and the contract's credentials work.
  if is_ready && contract_ok; then
    log "already running on ${PG_HOST}:${PG_PORT}"
    return 0
  fi
  cmd_install
  with_lock postgres
  local bindir home data sockdir logfile
  home=$(pg_home)
  data="$home/data"
  bindir=$(pg_bindir "$data")
  sockdir=$(pg_sockdir "$home")
  logfile="$home/postgres.log"

  if is_ready; then
    # Running (maybe started by a concurrent run, or ours without the role yet).
    log "server answers on ${PG_HOST}:${PG_PORT}; ensuring role and database"
    ensure_role_db
    return 0
  fi
  mkdir -p "$home"
  if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$home"; fi
  as_postgres mkdir -p "$sockdir" 2>/dev/null || true

  if [[ ! -f "$data/PG_VERSION" ]]; then
    log "initdb $data ($("$bindir/postgres" --version))"
    as_postgres rm -rf "$data"
    as_postgres "$bindir/initdb" -D "$data" -U postgres -E UTF8 --locale=C \
      --auth-local=peer --auth-host=scram-sha-256 --no-sync >"$home/initdb.log" 2>&1 ||
      die "initdb failed; see $home/initdb.log"
  fi
  write_conf "$data" "$sockdir"
  clear_stale_pidfile "$data" "$sockdir"
  if [[ -f "$data/postmaster.pid" ]]; then
    # A live postmaster that is not ready yet (starting, or recovering after a crash).
    log "postmaster $(head -n1 "$data/postmaster.pid") is running but not ready; waiting"
    wait_ready "$logfile"
    ensure_role_db
    return 0
  fi

  if port_open "$PG_HOST" "$PG_PORT"; then
    die "port ${PG_PORT} is in use by something that is not a ready PostgreSQL (pid $(listening_pid "$PG_PORT"))"
  fi
  log "starting PostgreSQL (data $data, log $logfile)"
  # 9>&-: do not let the postmaster inherit the lock fd.
  if ! as_postgres "$bindir/pg_ctl" -D "$data" -l "$logfile" -w -t "$PG_START_TIMEOUT" start >/dev/null 9>&-; then
    tail -n 30 "$logfile" >&2 2>/dev/null || true
    die "PostgreSQL did not start; see $logfile"
  fi
  wait_ready "$logfile"
  ensure_role_db
  log "PostgreSQL ready on ${PG_HOST}:${PG_PORT}"
}

cmd_stop() {
  local bindir home data sockdir
  bindir=$(pg_bindir)
  [[ -n "$bindir" ]] || {
    log "PostgreSQL not installed; nothing to stop"
    return 0
  }
  with_lock postgres
  home=$(pg_home existing)
  data="$home/data"
  bindir=$(pg_bindir "$data")
  sockdir=$(pg_sockdir "$home")
  clear_stale_pidfile "$data" "$sockdir"
  if [[ ! -f "$data/postmaster.pid" ]]; then
    log "not running (no $data/postmaster.pid)"
    if is_ready; then warn "something else answers on ${PG_HOST}:${PG_PORT} (another checkout?); left alone"; fi
    return 0
  fi
  log "stopping PostgreSQL (data $data)"
  as_postgres "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 9>&- ||
    die "pg_ctl stop failed; see $home/postgres.log"
  log "stopped"
}

cmd_status() {
  local home
  home=$(pg_home existing)
  if is_ready; then
    local pid=""
    [[ -f "$home/data/postmaster.pid" ]] && pid=$(head -n1 "$home/data/postmaster.pid")
    echo "postgres: running on ${PG_HOST}:${PG_PORT} (pid ${pid:-unknown}, data $home/data)"
    if contract_ok; then echo "postgres: $TEST_DATABASE_URL OK"; else echo "postgres: cannot log in as ${PG_USER} yet"; fi
    return 0
  fi
  echo "postgres: not running (data $home/data)"
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
