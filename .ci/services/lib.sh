# shellcheck shell=bash
# Process plumbing shared by the test servers in .ci/services (sourced, never run): pid file,
# port checks, readiness wait, stop, status, clean and the command dispatch. Each server script
# keeps what is its own (install, configuration, the start command and its readiness probe).
#
# The sourcing script sets, before calling service_main "$@":
#   SERVICE        log prefix, e.g. kafka
#   RUN            run directory (data, pid, logs)
#   PID_FILE       where the server's pid is kept
#   PORT           the port clients use (status shows it)
#   STOP_SECONDS   how long a SIGTERM may take before SIGKILL
# and defines install and start; start uses require_free_ports, launch and wait_until_ready.
: "${SERVICE:?}" "${RUN:?}" "${PID_FILE:?}" "${PORT:?}" "${STOP_SECONDS:?}"

say() { echo "[$SERVICE] $*"; }

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# require_free_ports HINT PORT...: exits 1, naming the variables to set, when a port is taken.
require_free_ports() {
  local hint=$1 port
  shift
  for port in "$@"; do
    if port_busy "$port"; then
      say "port $port is taken by another process: set $hint" >&2
      exit 1
    fi
  done
}

# already_running: true (and says so) when the server is up, so start can return early.
already_running() {
  running || return 1
  say "already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"
}

# launch OUTPUT_FILE COMMAND...: starts the server in the background and records its pid.
launch() {
  local output=$1
  shift
  nohup "$@" >"$output" 2>&1 &
  echo $! >"$PID_FILE"
}

# wait_until_ready SECONDS INTERVAL LOG... -- PROBE...: polls the probe until it succeeds. If the
# server dies meanwhile, shows the logs' last lines and exits 1; on timeout, stops it and exits 1.
wait_until_ready() {
  local timeout=$1 interval=$2 logs=()
  shift 2
  while [ "$1" != "--" ]; do
    logs+=("$1")
    shift
  done
  shift
  local deadline=$(($(date +%s) + timeout))
  until "$@" 2>/dev/null; do
    if ! running; then
      say "exited during start-up; last lines of ${logs[*]}:" >&2
      tail -n 30 "${logs[@]}" >&2 || true
      exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "not ready after ${timeout}s; see ${logs[0]}" >&2
      stop
      exit 1
    fi
    sleep "$interval"
  done
}

# A server script may define after_stop (FerretDB's PostgreSQL cluster): it runs once the
# server stopped, or was found not running.
run_after_stop() { if declare -F after_stop >/dev/null; then after_stop; fi; }

stop() {
  if ! running; then
    rm -f "$PID_FILE"
    say "not running"
    run_after_stop
    return
  fi
  local pid
  pid=$(cat "$PID_FILE")
  # SIGTERM lets the server shut down cleanly (flush, close its files) before exiting.
  kill -TERM "$pid" 2>/dev/null || true
  local _
  for _ in $(seq 1 $((STOP_SECONDS * 2))); do
    running || break
    sleep 0.5
  done
  if running; then
    say "still alive after ${STOP_SECONDS}s, killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  say "stopped"
  run_after_stop
}

status() {
  if running; then
    say "running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"
  else
    say "not running"
    return 1
  fi
}

clean() {
  if running; then
    say "running: stop it first" >&2
    exit 1
  fi
  rm -rf "$RUN"
  say "removed $RUN"
}

service_main() {
  case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) stop ;;
    status) status || exit 1 ;;
    clean) clean ;;
    *)
      echo "usage: $0 {install|start|stop|status|clean}" >&2
      exit 2
      ;;
  esac
}
