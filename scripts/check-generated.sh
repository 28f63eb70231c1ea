#!/usr/bin/env bash
# Fails (exit 1) when the committed schemas/gen differs from what schemas/proto generates,
# i.e. someone edited a .proto file (or the generated code) without running
# scripts/gen-proto.sh. Generates into a temporary directory; the work tree is not touched.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

buf="node_modules/.bin/buf"
if [[ ! -x "$buf" ]]; then
  echo "check-generated: $buf not found; run npm ci first" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# --output is prepended to the template's out directory, so the fresh copy lands in
# $tmp/schemas/gen.
"$buf" generate --template schemas/buf.gen.yaml --output "$tmp"

if [[ ! -d schemas/gen ]]; then
  echo "check-generated: schemas/gen is missing; run scripts/gen-proto.sh and commit the result" >&2
  exit 1
fi

if ! diff -r -u "$tmp/schemas/gen" schemas/gen >"$tmp/diff.txt"; then
  echo "check-generated: schemas/gen is stale (differs from what schemas/proto generates):" >&2
  head -n 60 "$tmp/diff.txt" >&2
  echo "check-generated: run scripts/gen-proto.sh and commit schemas/gen" >&2
  exit 1
fi
echo "check-generated: schemas/gen is up to date"
