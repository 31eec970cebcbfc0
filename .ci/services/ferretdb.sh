#!/usr/bin/env bash
# A real MongoDB-wire server for tests, without Docker: FerretDB v1 (pure Go) with its SQLite
# backend, built from source through the Go module proxy and cached in .cache/bin/ferretdb.
# Data, pid and log live under .cache/run/ferretdb. Usage: ferretdb.sh {install|start|stop|status|clean}
#   FERRETDB_VERSION (default v1.24.2), FERRETDB_PORT (27018), FERRETDB_READY_TIMEOUT (seconds, 60),
#   FERRETDB_RUN_DIR (.cache/run/ferretdb; the fault tests run a second server of their own).
# Pid file, port checks, readiness wait, stop/status/clean: lib.sh, shared with the other services.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="${FERRETDB_VERSION:-v1.24.2}"
PORT="${FERRETDB_PORT:-27018}"
BIN="$ROOT/.cache/bin/ferretdb"
SRC="$ROOT/.cache/ferretdb/$VERSION"
RUN="${FERRETDB_RUN_DIR:-$ROOT/.cache/run/ferretdb}"
PID_FILE="$RUN/ferretdb.pid"
LOG_FILE="$RUN/ferretdb.log"
SERVICE=ferretdb
STOP_SECONDS=20
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$ROOT/.ci/services/lib.sh"

install() {
  if [ -x "$BIN" ] && [ -f "$SRC/.built" ]; then
    say "$VERSION cached in $BIN"
    return
  fi
  local started dir
  started=$(date +%s)
  # `go install …/cmd/ferretdb@v1.24.2` does not work as-is: the Go proxy reachable here refuses
  # the module's version list (403) that go install reads for its deprecation check, and the
  # module zip lacks the generated build/version/version.txt, so the binary panics at start.
  # So: download the module, copy it, write version.txt, build it as the main module (its own
  # go.sum verifies every dependency).
  say "downloading github.com/FerretDB/FerretDB@$VERSION from the Go module proxy"
  dir=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$VERSION" |
    node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(JSON.parse(s).Dir))")
  rm -rf "$SRC"
  mkdir -p "$(dirname "$SRC")" "$(dirname "$BIN")"
  cp -r "$dir" "$SRC"
  chmod -R u+w "$SRC"
  echo "$VERSION" >"$SRC/build/version/version.txt"
  say "building (first time: a few minutes on 2 cores)"
  (cd "$SRC" && CGO_ENABLED=0 go build -trimpath -o "$BIN" ./cmd/ferretdb)
  touch "$SRC/.built"
  say "built $BIN in $(($(date +%s) - started))s"
}

start() {
  install
  if already_running; then return; fi
  require_free_ports FERRETDB_PORT "$PORT"
  mkdir -p "$RUN/data" "$RUN/state"
  # --debug-addr=- : no debug HTTP listener (its default port 8088 could clash on a shared box).
  launch "$LOG_FILE" "$BIN" --listen-addr="127.0.0.1:$PORT" --handler=sqlite --sqlite-url="file:$RUN/data/" \
    --state-dir="$RUN/state" --telemetry=disable --debug-addr=- --log-level=warn
  say "starting $VERSION (pid $(cat "$PID_FILE")), log: $LOG_FILE"
  wait_until_ready "${FERRETDB_READY_TIMEOUT:-60}" 0.5 "$LOG_FILE" -- \
    env MONGODB_URI="mongodb://127.0.0.1:$PORT/" node "$ROOT/.ci/services/wait-mongo.js"
  say "ready (MONGODB_URI=mongodb://127.0.0.1:$PORT/)"
}

service_main "$@"
