#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, no ZooKeeper) for tests, without Docker.
# The official broker jars come from Maven Central (this machine reaches no other download
# site) and are cached under .cache/kafka/<version>/lib; data, pid and log live under
# .cache/run/kafka. Usage: kafka.sh {install|start|stop|status|clean}
#   KAFKA_VERSION (default 3.9.1), KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093),
#   KAFKA_HEAP (512m), KAFKA_READY_TIMEOUT (seconds, 120), KAFKA_RUN_DIR (.cache/run/kafka).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
LIB="$ROOT/.cache/kafka/$KAFKA_VERSION/lib"
RUN="${KAFKA_RUN_DIR:-$ROOT/.cache/run/kafka}"
PID_FILE="$RUN/kafka.pid"
LOG_FILE="$RUN/kafka.log"
say() { echo "[kafka] $*"; }

install() {
  if [ -f "$LIB/.complete" ]; then
    say "broker $KAFKA_VERSION cached in $LIB"
    return
  fi
  local started work
  started=$(date +%s)
  work="$ROOT/.cache/kafka/$KAFKA_VERSION"
  mkdir -p "$work"
  # Maven resolves the broker's runtime closure exactly as Kafka's own build declares it. The
  # broker only logs through SLF4J, so a binding is added or its log would be silent (Kafka 3.x
  # ships reload4j; 4.x moved to log4j2).
  local logging
  case "$KAFKA_VERSION" in
    3.*) logging='<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>' ;;
    *) logging='<dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency><dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>' ;;
  esac
  cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ledger.ci</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    $logging
  </dependencies>
</project>
EOF
  say "resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION with Maven"
  rm -rf "$LIB"
  mvn -q -B -f "$work/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIB"
  touch "$LIB/.complete"
  say "fetched $(ls "$LIB" | wc -l) jars in $(($(date +%s) - started))s"
}

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  cat >"$RUN/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$RUN/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
default.replication.factor=1
group.initial.rebalance.delay.ms=0
log.flush.interval.messages=9223372036854775807
EOF
  cat >"$RUN/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$LOG_FILE
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
EOF
  cat >"$RUN/log4j2.properties" <<EOF
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=$LOG_FILE
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
EOF
}

JVM_OPTS=(
  "-Xmx${KAFKA_HEAP:-512m}" "-Xms${KAFKA_HEAP:-512m}" -XX:+UseG1GC -Djava.awt.headless=true
  "-Dlog4j.configuration=file:$RUN/log4j.properties" "-Dlog4j2.configurationFile=$RUN/log4j2.properties"
  -cp "$LIB/*"
)

start() {
  install
  if running; then
    say "already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"
    return
  fi
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_busy "$p"; then
      say "port $p is taken by another process: set KAFKA_PORT / KAFKA_CONTROLLER_PORT" >&2
      exit 1
    fi
  done
  mkdir -p "$RUN"
  write_config
  # Format once; a restart keeps the log (fault tests stop and start the broker mid-stream).
  if [ ! -f "$RUN/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(node -e "process.stdout.write(require('crypto').randomBytes(16).toString('base64url'))")
    java "${JVM_OPTS[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN/server.properties" >"$RUN/format.log" 2>&1 ||
      {
        cat "$RUN/format.log" >&2
        exit 1
      }
  fi
  : >"$LOG_FILE"
  nohup java "${JVM_OPTS[@]}" kafka.Kafka "$RUN/server.properties" >"$RUN/stdout.log" 2>&1 &
  echo $! >"$PID_FILE"
  say "starting broker $KAFKA_VERSION (pid $!), log: $LOG_FILE"
  local deadline=$(($(date +%s) + ${KAFKA_READY_TIMEOUT:-120}))
  until KAFKA_BROKERS="127.0.0.1:$PORT" node "$ROOT/.ci/services/wait-kafka.js" 2>/dev/null; do
    if ! running; then
      say "broker exited during start-up; last lines of $LOG_FILE and $RUN/stdout.log:" >&2
      tail -n 30 "$LOG_FILE" "$RUN/stdout.log" >&2 || true
      exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "not ready after ${KAFKA_READY_TIMEOUT:-120}s; see $LOG_FILE" >&2
      stop
      exit 1
    fi
    sleep 1
  done
  say "ready on 127.0.0.1:$PORT (KAFKA_BROKERS=127.0.0.1:$PORT)"
}

stop() {
  if ! running; then
    rm -f "$PID_FILE"
    say "not running"
    return
  fi
  local pid
  pid=$(cat "$PID_FILE")
  # SIGTERM makes the broker shut down cleanly (flushes, closes the log) before exiting.
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    running || break
    sleep 0.5
  done
  if running; then
    say "still alive after 30s, killing"
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
