#!/usr/bin/env bash
# Schemathesis (PyPI) for the security tier's API fuzzing, in a venv under .infra/schemathesis.
#
#   tools/infra/schemathesis.sh install   create the venv and install the pinned version; fast when present
#   tools/infra/schemathesis.sh status    exit 0 and print the path of `st` if the pinned version is there, 3 if not
#
# Pinned: a new release may change the CLI's flags or add checks, and the tier must not change
# under us. Bump SCHEMATHESIS_VERSION deliberately and re-run `npx jest --selectProjects security`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCHEMATHESIS_VERSION=4.32.5
VENV="$INFRA_DIR/schemathesis"
ST="$VENV/bin/st"

installed() {
  [[ -x "$ST" ]] && [[ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" == "$SCHEMATHESIS_VERSION" ]]
}

cmd_install() {
  installed && return 0
  with_lock schemathesis
  installed && return 0
  command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
  python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$VENV"; }
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  installed || die "schemathesis $SCHEMATHESIS_VERSION did not install into $VENV"
}

case "${1:-}" in
install) cmd_install ;;
status)
  if installed; then echo "$ST"; else exit 3; fi
  ;;
*)
  echo "usage: $0 install|status" >&2
  exit 2
  ;;
esac
