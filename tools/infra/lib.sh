# shellcheck shell=bash
# Shared helpers for tools/infra/*.sh. Source it; do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Gives: REPO_ROOT, INFRA_DIR, log/warn/die, port_open, wait_for_port, apt_install,
# with_lock, as_postgres.

if [[ -n "${_CAUSEWAY_INFRA_LIB:-}" ]]; then
  return 0
fi
_CAUSEWAY_INFRA_LIB=1

INFRA_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_SCRIPTS_DIR/../.." && pwd)"
INFRA_DIR="$REPO_ROOT/.infra"

# Fixed contract values (other code depends on them). Used by the scripts that source this.
# shellcheck disable=SC2034
{
  PG_PORT=55432
  PG_HOST=127.0.0.1
  PG_USER=causeway
  PG_PASSWORD=causeway
  PG_DB=causeway
  TEST_DATABASE_URL="postgres://${PG_USER}:${PG_PASSWORD}@${PG_HOST}:${PG_PORT}/${PG_DB}"

  KAFKA_HOST=127.0.0.1
  KAFKA_PORT=59092
  KAFKA_CONTROLLER_PORT=59093
  TEST_KAFKA_BROKERS="${KAFKA_HOST}:${KAFKA_PORT}"

  OPENBAO_HOST=127.0.0.1
  OPENBAO_PORT=58200
  TEST_VAULT_ADDR="http://${OPENBAO_HOST}:${OPENBAO_PORT}"
  TEST_VAULT_TOKEN=causeway-dev-root
}

_log_tag() { basename "${BASH_SOURCE[-1]:-infra}" .sh; }

# Messages go to stderr so that stdout stays clean for the env lines up.sh prints.
log() { printf '[infra:%s] %s\n' "$(_log_tag)" "$*" >&2; }
warn() { printf '[infra:%s] WARNING: %s\n' "$(_log_tag)" "$*" >&2; }
die() {
  printf '[infra:%s] ERROR: %s\n' "$(_log_tag)" "$*" >&2
  exit 1
}

# Millisecond clock for timings.
now_ms() { date +%s%3N; }

# port_open HOST PORT: true if something accepts TCP connections there (no external tools).
port_open() {
  local host=$1 port=$2
  timeout 1 bash -c "exec 3<>/dev/tcp/${host}/${port}" 2>/dev/null
}

# wait_for_port HOST PORT TIMEOUT_SECONDS [PID]: wait until the port accepts connections.
# If PID is given and that process dies first, fail at once.
wait_for_port() {
  local host=$1 port=$2 timeout_s=$3 pid=${4:-}
  local deadline=$((SECONDS + timeout_s))
  while ((SECONDS < deadline)); do
    if port_open "$host" "$port"; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 2
    fi
    sleep 0.2
  done
  return 1
}

# pid_alive PID: process exists (and is not a zombie).
pid_alive() {
  local pid=$1
  [[ -n "$pid" && "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local state
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
  [[ "$state" != "Z" ]]
}

# pid_cmdline PID: the process's command line, arguments separated by spaces.
pid_cmdline() {
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
}

# listening_pid PORT: pid of the process listening on 127.0.0.1:PORT (empty if unknown).
listening_pid() {
  local port=$1
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true
}

# Run a command as root (directly, or through sudo when not root).
as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $* (run as root or install sudo)"
  fi
}

# apt_install PKG...: install Debian packages; runs `apt-get update` at most once per day
# (stamp in .infra) so repeated runs do not hit the network. Serialised through .infra/apt.lock
# (fd 8) and dpkg's own lock timeout, so postgres.sh and kafka.sh may run it concurrently.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* by hand"
  mkdir -p "$INFRA_DIR"
  local stamp="$INFRA_DIR/.apt-updated" apt_opts=(-q -o DPkg::Lock::Timeout=600)
  (
    flock -w 900 8 || die "timed out waiting for $INFRA_DIR/apt.lock"
    if [[ ! -f "$stamp" ]] || [[ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]]; then
      log "apt-get update"
      as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update >&2 || die "apt-get update failed"
      touch "$stamp"
    fi
    log "apt-get install -y $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y "$@" >&2 ||
      die "apt-get install $* failed"
  ) 8>"$INFRA_DIR/apt.lock"
}

# with_lock NAME: take an exclusive lock (.infra/NAME.lock) for the rest of the script, so two
# concurrent runs of the same script do not race. Uses fd 9: close it (9>&-) in any process
# that must outlive the script, or it keeps the lock.
with_lock() {
  local name=$1
  mkdir -p "$INFRA_DIR"
  exec 9>"$INFRA_DIR/$name.lock"
  if ! flock -n 9; then
    log "waiting for another $name operation to finish (lock $INFRA_DIR/$name.lock)"
    flock -w 600 9 || die "timed out waiting for lock $INFRA_DIR/$name.lock"
  fi
}

# as_postgres CMD...: run a command as the `postgres` OS user (PostgreSQL refuses root).
as_postgres() {
  if [[ "$(id -un)" == postgres ]]; then
    "$@"
  elif [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n -u postgres -- "$@"
  else
    die "need to run as root (or postgres, or with sudo) to manage PostgreSQL"
  fi
}
