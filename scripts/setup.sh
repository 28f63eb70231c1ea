#!/usr/bin/env bash
# Checks every outside tool the tests and the bench need, and installs what is missing.
# The one place for it: `npm test` (test/support/global-setup.ts), `npm run bench` and
# .ci/run all run this script first, so a fresh machine needs nothing done by hand.
#
#   bash scripts/setup.sh          check; as root with apt-get, install what is missing
#   bash scripts/setup.sh check    check only; exit 1 with one line per missing tool
#
# Environment:
#   FAULTLINE_CHROMIUM   the Chromium binary the browser tests drive (default /usr/bin/chromium)
#   FAULTLINE_SETUP_NO_INSTALL=1   never install, only check (as `check` does)
set -euo pipefail

CHROMIUM="${FAULTLINE_CHROMIUM:-/usr/bin/chromium}"
mode="${1:-install}"

# tool;how to find it;Debian package
TOOLS=(
  "Java 17;command -v java;openjdk-17-jdk-headless"
  "Maven;command -v mvn;maven"
  "redis-server;command -v redis-server;redis-server"
  "redis-cli;command -v redis-cli;redis-tools"
  "Alertmanager;command -v prometheus-alertmanager || command -v alertmanager;prometheus-alertmanager"
  "promtool;command -v promtool;prometheus"
  "Chromium;test -x '$CHROMIUM';chromium"
)

missing_names=()
missing_packages=()
for entry in "${TOOLS[@]}"; do
  IFS=';' read -r name probe package <<<"$entry"
  if ! bash -c "$probe" >/dev/null 2>&1; then
    missing_names+=("$name")
    missing_packages+=("$package")
  fi
done

((${#missing_names[@]} == 0)) && exit 0

can_install() {
  [[ "$mode" != check && "${FAULTLINE_SETUP_NO_INSTALL:-}" != 1 ]] &&
    [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null
}

if can_install; then
  echo "setup: installing ${missing_packages[*]} (for ${missing_names[*]})" >&2
  export DEBIAN_FRONTEND=noninteractive
  # apt's lists on a fresh machine are empty or stale: update once before installing
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >&2
  # the Debian packages start nothing we rely on; the project's scripts start what tests need
  exec bash "$0" check
fi

for i in "${!missing_names[@]}"; do
  echo "setup: missing ${missing_names[$i]}: install it with 'apt-get install ${missing_packages[$i]}' (as root), or run 'bash scripts/setup.sh' as root" >&2
done
exit 1
