#!/usr/bin/env bash
# Regenerates schemas/gen from schemas/proto with the locally installed buf and
# protoc-gen-es (no network). Run after editing any .proto file, then commit schemas/gen.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

buf="node_modules/.bin/buf"
if [[ ! -x "$buf" ]]; then
  echo "gen-proto: $buf not found; run npm ci first" >&2
  exit 1
fi

"$buf" lint schemas
"$buf" generate --template schemas/buf.gen.yaml
echo "gen-proto: regenerated schemas/gen"
