#!/usr/bin/env bash
# A real MongoDB-wire server for tests, without Docker: FerretDB v1 (pure Go) with its SQLite
# backend, built from source through the Go module proxy and cached in .cache/bin/ferretdb.
# Data, pid and log live under .cache/run/ferretdb. Usage: ferretdb.sh {install|start|stop|status|clean}
#   FERRETDB_VERSION (default v1.24.2), FERRETDB_PORT (27018), FERRETDB_READY_TIMEOUT (seconds, 60),
#   FERRETDB_RUN_DIR (.cache/run/ferretdb; the fault tests run a second server of their own).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="${FERRETDB_VERSION:-v1.24.2}"
PORT="${FERRETDB_PORT:-27018}"
BIN="$ROOT/.cache/bin/ferretdb"
SRC="$ROOT/.cache/ferretdb/$VERSION"
RUN="${FERRETDB_RUN_DIR:-$ROOT/.cache/run/ferretdb}"
PID_FILE="$RUN/ferretdb.pid"
LOG_FILE="$RUN/ferretdb.log"
say() { echo "[ferretdb] $*"; }

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

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  install
  if running; then
    say "already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"
    return
  fi
  if port_busy "$PORT"; then
    say "port $PORT is taken by another process: set FERRETDB_PORT" >&2
    exit 1
  fi
  mkdir -p "$RUN/data" "$RUN/state"
  # --debug-addr=- : no debug HTTP listener (its default port 8088 could clash on a shared box).
  nohup "$BIN" --listen-addr="127.0.0.1:$PORT" --handler=sqlite --sqlite-url="file:$RUN/data/" \
    --state-dir="$RUN/state" --telemetry=disable --debug-addr=- --log-level=warn \
    >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  say "starting $VERSION (pid $!), log: $LOG_FILE"
  local deadline=$(($(date +%s) + ${FERRETDB_READY_TIMEOUT:-60}))
  until MONGODB_URI="mongodb://127.0.0.1:$PORT/" node "$ROOT/.ci/services/wait-mongo.js" 2>/dev/null; do
    if ! running; then
      say "exited during start-up; last lines of $LOG_FILE:" >&2
      tail -n 30 "$LOG_FILE" >&2 || true
      exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "not ready after ${FERRETDB_READY_TIMEOUT:-60}s; see $LOG_FILE" >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
  say "ready (MONGODB_URI=mongodb://127.0.0.1:$PORT/)"
}

stop() {
  if ! running; then
    rm -f "$PID_FILE"
    say "not running"
    return
  fi
  local pid
  pid=$(cat "$PID_FILE")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    running || break
    sleep 0.5
  done
  if running; then
    say "still alive after 20s, killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  say "stopped"
}

clean() {
  if running; then
    say "running: stop it first" >&2
    exit 1
  fi
  rm -rf "$RUN"
  say "removed $RUN"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) if running; then say "running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; else say "not running"; exit 1; fi ;;
  clean) clean ;;
  *)
    echo "usage: $0 {install|start|stop|status|clean}" >&2
    exit 2
    ;;
esac
