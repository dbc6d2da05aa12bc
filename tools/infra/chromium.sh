#!/usr/bin/env bash
# Installs Debian's chromium for the console's browser test (driven by playwright-core with
# its executablePath; a Playwright browser download cannot work without internet).
#   tools/infra/chromium.sh install    idempotent; fast when /usr/bin/chromium exists
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
install)
  if [[ -x /usr/bin/chromium ]]; then exit 0; fi
  apt_install chromium
  [[ -x /usr/bin/chromium ]] || die "chromium installed but /usr/bin/chromium is missing"
  ;;
*)
  echo "usage: $0 install" >&2
  exit 2
  ;;
esac
