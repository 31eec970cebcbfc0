#!/usr/bin/env bash
# A real MongoDB-wire server for tests, without Docker: FerretDB v1 (pure Go), built from source
# through the Go module proxy and cached in .cache/bin/ferretdb, on a private PostgreSQL cluster
# (Debian's `postgresql` package; .ci/run installs it when missing) or on its SQLite backend.
# Data, pid and logs live under .cache/run/ferretdb. Usage: ferretdb.sh {install|start|stop|status|clean}
#   FERRETDB_VERSION (default v1.24.2), FERRETDB_PORT (27018), FERRETDB_READY_TIMEOUT (seconds, 60),
#   FERRETDB_RUN_DIR (.cache/run/ferretdb; the fault tests run a second server of their own),
#   FERRETDB_HANDLER (pg, the default, or sqlite), FERRETDB_PG_POOL (100, FerretDB's PostgreSQL
#   connections). With pg, PostgreSQL listens on no TCP port at all, only on a unix socket in
#   $FERRETDB_RUN_DIR/pg-socket, so two clusters (CI's and the fault tests') never compete for a
#   port. Its data directory is $FERRETDB_RUN_DIR/pg.
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
HANDLER="${FERRETDB_HANDLER:-pg}"
PG_DATA="$RUN/pg"
PG_SOCKET="$RUN/pg-socket"
PG_LOG="$RUN/postgres.log"
# Only names the socket file (.s.PGSQL.<port>): no TCP listener uses it.
PG_PORT=5432
# FerretDB's PostgreSQL connection pool. pgx's default is max(4, CPUs): 4 here. Under the
# projection service's concurrent commits FerretDB stopped answering for good, every handler
# waiting in pgxpool Acquire (goroutine dump); with 100 connections and each service capped at
# 16 (MAX_CONNECTIONS in libs/read-store-mongodb) it kept up. See docs/distributed-mode.md.
PG_POOL="${FERRETDB_PG_POOL:-100}"
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

# PostgreSQL refuses to run as root: as root the cluster belongs to the unprivileged `postgres`
# user the Debian package creates (or `nobody`), otherwise to the caller.
pg_user() {
  if [ "$(id -u)" -ne 0 ]; then id -un; elif id postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$(pg_user)" -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    say "PostgreSQL is not installed: apt-get install postgresql (or FERRETDB_HANDLER=sqlite)" >&2
    exit 1
  fi
  echo "$dir"
}

pg_running() { [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

# A throw-away test cluster: trust authentication on its own socket only, no TCP, and no fsync
# (a test server: a power cut may lose it; a production PostgreSQL keeps the defaults).
pg_start() {
  local bin
  bin=$(pg_bin)
  mkdir -p "$PG_SOCKET"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    mkdir -p "$PG_DATA"
    chown -R "$(pg_user)" "$PG_DATA" "$PG_SOCKET"
    as_pg "$bin/initdb" -D "$PG_DATA" -U ferretdb --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$RUN/initdb.log"
    cat >>"$PG_DATA/postgresql.conf" <<EOF
listen_addresses = ''
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET'
max_connections = 200
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  fi
  chown -R "$(pg_user)" "$PG_DATA" "$PG_SOCKET"
  touch "$PG_LOG" && chown "$(pg_user)" "$PG_LOG"
  if pg_running; then return; fi
  as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null
  as_pg "$bin/psql" -h "$PG_SOCKET" -p "$PG_PORT" -U ferretdb -d postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'" | grep -q 1 ||
    as_pg "$bin/createdb" -h "$PG_SOCKET" -p "$PG_PORT" -U ferretdb ferretdb
  say "PostgreSQL $(basename "$(dirname "$bin")") cluster on $PG_SOCKET (data $PG_DATA)"
}

pg_stop() {
  if pg_running; then
    as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    say "PostgreSQL stopped"
  fi
}

# lib.sh calls this once FerretDB is stopped (or found not running): the cluster goes with it.
after_stop() {
  if [ -f "$PG_DATA/PG_VERSION" ]; then pg_stop; fi
}

start() {
  install
  if already_running; then return; fi
  require_free_ports FERRETDB_PORT "$PORT"
  mkdir -p "$RUN/state"
  local backend
  if [ "$HANDLER" = pg ]; then
    pg_start
    backend=(--handler=pg --postgresql-url="postgres://ferretdb@/ferretdb?host=$PG_SOCKET&port=$PG_PORT&pool_max_conns=$PG_POOL")
  else
    mkdir -p "$RUN/data"
    backend=(--handler=sqlite --sqlite-url="file:$RUN/data/")
  fi
  # --debug-addr=- : no debug HTTP listener (its default port 8088 could clash on a shared box).
  launch "$LOG_FILE" "$BIN" --listen-addr="127.0.0.1:$PORT" "${backend[@]}" \
    --state-dir="$RUN/state" --telemetry=disable --debug-addr=- --log-level=warn
  say "starting $VERSION on $HANDLER (pid $(cat "$PID_FILE")), log: $LOG_FILE"
  wait_until_ready "${FERRETDB_READY_TIMEOUT:-60}" 0.5 "$LOG_FILE" -- \
    env MONGODB_URI="mongodb://127.0.0.1:$PORT/" node "$ROOT/.ci/services/wait-mongo.js"
  say "ready (MONGODB_URI=mongodb://127.0.0.1:$PORT/)"
}

service_main "$@"
