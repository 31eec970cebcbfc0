#!/usr/bin/env bash
# Kafka's own operator tools (org.apache.kafka:kafka-tools, the broker's version) without a
# Kafka distribution: Maven fetches the artifact's runtime closure from Maven Central once, into
# .cache/kafka/<version>/tools beside the broker's jars (kafka.sh install fetches both).
# Usage: kafka-tools.sh install
#        kafka-tools.sh {console-consumer|consumer-groups|topics|get-offsets} ARGS...
# The wrappers .ci/services/kafka-console-consumer and kafka-consumer-groups (also
# `kafka.sh tool NAME …`) take the arguments of Kafka's bin/kafka-*.sh scripts of the same name.
#   KAFKA_VERSION (default 3.9.1, as kafka.sh), KAFKA_TOOLS_HEAP (256m).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
TOOLS="$ROOT/.cache/kafka/$KAFKA_VERSION/tools"

say() { echo "[kafka-tools] $*" >&2; }

# The tools log through SLF4J: a binding, or they would print SLF4J's warning and nothing else
# (Kafka 3.x ships reload4j; 4.x moved to log4j2).
logging_dependencies() {
  case "$KAFKA_VERSION" in
    3.*) echo '<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>' ;;
    *) echo '<dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency><dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>' ;;
  esac
}

install() {
  if [ -f "$TOOLS/.complete" ]; then
    say "kafka-tools $KAFKA_VERSION cached in $TOOLS"
    return
  fi
  local started work
  started=$(date +%s)
  work="$ROOT/.cache/kafka/$KAFKA_VERSION/tools-pom"
  mkdir -p "$work"
  # kafka-tools declares its own closure (kafka-tools-api, argparse4j, jackson, the clients and
  # the server modules the group and topic commands use); Maven resolves it as Kafka's build does.
  cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ledger.ci</groupId><artifactId>kafka-tools</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    $(logging_dependencies)
  </dependencies>
</project>
EOF
  say "resolving org.apache.kafka:kafka-tools:$KAFKA_VERSION with Maven"
  rm -rf "$TOOLS"
  mvn -q -B -f "$work/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$TOOLS" >&2
  write_logging_config
  touch "$TOOLS/.complete"
  say "fetched $(find "$TOOLS" -maxdepth 1 -name '*.jar' | wc -l) jars in $(($(date +%s) - started))s"
}

# Warnings and errors go to stderr, so stdout carries only what the tool prints (records, tables).
write_logging_config() {
  printf '%s\n' 'log4j.rootLogger=WARN, stderr' 'log4j.appender.stderr=org.apache.log4j.ConsoleAppender' \
    'log4j.appender.stderr.Target=System.err' 'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout' \
    'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n' >"$TOOLS/log4j.properties"
  printf '%s\n' 'rootLogger.level=WARN' 'rootLogger.appenderRef.stderr.ref=stderr' 'appender.stderr.type=Console' \
    'appender.stderr.name=stderr' 'appender.stderr.target=SYSTEM_ERR' 'appender.stderr.layout.type=PatternLayout' \
    'appender.stderr.layout.pattern=[%d] %p %m (%c)%n' >"$TOOLS/log4j2.properties"
}

# A tool's classes by the name of Kafka's bin/ script; the first present in the jars runs (they
# moved from the core's kafka.* packages to org.apache.kafka.tools during 3.x). The tools that
# still live in the broker's core in 3.9 (configs, console-producer) are not offered here.
classes_of() {
  case "$1" in
    console-consumer) echo org.apache.kafka.tools.consumer.ConsoleConsumer kafka.tools.ConsoleConsumer ;;
    consumer-groups) echo org.apache.kafka.tools.consumer.group.ConsumerGroupCommand kafka.admin.ConsumerGroupCommand ;;
    topics) echo org.apache.kafka.tools.TopicCommand kafka.admin.TopicCommand ;;
    get-offsets) echo org.apache.kafka.tools.GetOffsetShell kafka.tools.GetOffsetShell ;;
    *) return 1 ;;
  esac
}

run_tool() {
  local name=$1 candidates candidate jar class=''
  shift
  candidates=$(classes_of "$name")
  install
  for candidate in $candidates; do
    for jar in "$TOOLS"/*.jar; do
      if unzip -qql "$jar" "${candidate//.//}.class" >/dev/null 2>&1; then
        class=$candidate
        break 2
      fi
    done
  done
  if [ -z "$class" ]; then
    say "Kafka $KAFKA_VERSION's tools have no class for '$name' (tried: $candidates)"
    exit 1
  fi
  # A short-lived client: a small heap and C1 only, so it starts in about a second.
  exec java "-Xmx${KAFKA_TOOLS_HEAP:-256m}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    "-Dlog4j.configuration=file:$TOOLS/log4j.properties" "-Dlog4j2.configurationFile=$TOOLS/log4j2.properties" \
    -cp "$TOOLS/*" "$class" "$@"
}

case "${1:-}" in
  install) install ;;
  *)
    if [ $# -eq 0 ] || ! classes_of "$1" >/dev/null; then
      echo "usage: $0 install | {console-consumer|consumer-groups|topics|get-offsets} ARGS..." >&2
      exit 2
    fi
    run_tool "$@"
    ;;
esac
