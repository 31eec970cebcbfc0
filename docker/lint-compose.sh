#!/usr/bin/env bash
# Validates docker/compose.yml with Docker Compose's own loader (compose-go, built from
# docker/compose-lint with Go into .cache/bin on first use) — no Docker engine needed.
# Usage: docker/lint-compose.sh [-json] [compose.yml]   (default: docker/compose.yml)
# Variables the file requires at `up` (CRM_API_KEYS, CRM_ACTOR_LABEL_KEY) get placeholders
# when unset: validating the file must not need the real secrets.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC="$ROOT/docker/compose-lint"
BIN="$ROOT/.cache/bin/compose-lint"
STAMP="$BIN.sources"
sources=$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/main.go" | sha256sum | cut -d' ' -f1)
if [ ! -x "$BIN" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$sources" ]; then
  echo "[compose-lint] building with $(go version | cut -d' ' -f3)" >&2
  mkdir -p "$(dirname "$BIN")"
  (cd "$SRC" && CGO_ENABLED=0 go build -trimpath -o "$BIN" .)
  echo "$sources" >"$STAMP"
fi
json=()
if [ "${1:-}" = "-json" ]; then
  json=(-json)
  shift
fi
export CRM_API_KEYS="${CRM_API_KEYS:-placeholder-key-0001:admin}"
export CRM_ACTOR_LABEL_KEY="${CRM_ACTOR_LABEL_KEY:-placeholder-actor-label-key}"
exec "$BIN" "${json[@]}" "${1:-$ROOT/docker/compose.yml}"
