#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, no ZooKeeper) for tests, without Docker.
# The official broker jars come from Maven Central (this machine reaches no other download
# site) and are cached under .cache/kafka/<version>/lib; data, pid and log live under
# .cache/run/kafka. Usage: kafka.sh {install|start|stop|status|clean|tool NAME ARGS...}
# `install` also fetches Kafka's operator tools; `tool` runs one (kafka-tools.sh: console-consumer,
# consumer-groups, topics, get-offsets), as do the wrappers .ci/services/kafka-console-consumer
# and kafka-consumer-groups.
#   KAFKA_VERSION (default 3.9.1), KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093),
#   KAFKA_HEAP (512m), KAFKA_READY_TIMEOUT (seconds, 120), KAFKA_RUN_DIR (.cache/run/kafka).
# Pid file, port checks, readiness wait, stop/status/clean: lib.sh, shared with the other services.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
LIB="$ROOT/.cache/kafka/$KAFKA_VERSION/lib"
RUN="${KAFKA_RUN_DIR:-$ROOT/.cache/run/kafka}"
PID_FILE="$RUN/kafka.pid"
LOG_FILE="$RUN/kafka.log"
SERVICE=kafka
STOP_SECONDS=30
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$ROOT/.ci/services/lib.sh"

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
  say "fetched $(find "$LIB" -maxdepth 1 -name '*.jar' | wc -l) jars in $(($(date +%s) - started))s"
}

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
  if already_running; then return; fi
  require_free_ports "KAFKA_PORT / KAFKA_CONTROLLER_PORT" "$PORT" "$CONTROLLER_PORT"
  mkdir -p "$RUN"
  write_config
  # Format once; a restart keeps the log (fault tests stop and start the broker mid-stream).
  if [ ! -f "$RUN/data/meta.properties" ]; then
    local cluster_id
    # An id starting with '-' would be read as an option by the format tool (1 start in 64 failed).
    cluster_id=$(node -e "let id; do id = require('crypto').randomBytes(16).toString('base64url'); while (id.startsWith('-')); process.stdout.write(id)")
    java "${JVM_OPTS[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN/server.properties" >"$RUN/format.log" 2>&1 ||
      {
        cat "$RUN/format.log" >&2
        exit 1
      }
  fi
  : >"$LOG_FILE"
  launch "$RUN/stdout.log" java "${JVM_OPTS[@]}" kafka.Kafka "$RUN/server.properties"
  say "starting broker $KAFKA_VERSION (pid $(cat "$PID_FILE")), log: $LOG_FILE"
  wait_until_ready "${KAFKA_READY_TIMEOUT:-120}" 1 "$LOG_FILE" "$RUN/stdout.log" -- \
    env KAFKA_BROKERS="127.0.0.1:$PORT" node "$ROOT/.ci/services/wait-kafka.js"
  say "ready on 127.0.0.1:$PORT (KAFKA_BROKERS=127.0.0.1:$PORT)"
}

case "${1:-}" in
  install)
    install
    bash "$ROOT/.ci/services/kafka-tools.sh" install
    ;;
  tool)
    shift
    exec bash "$ROOT/.ci/services/kafka-tools.sh" "$@"
    ;;
  *) service_main "$@" ;;
esac
