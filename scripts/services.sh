#!/usr/bin/env bash
# Real services for faultline's integration tests: a single-node Apache Kafka broker (KRaft,
# from its Maven Central jars) and Redis.
#
#   bash scripts/services.sh up       start what is not already running (idempotent)
#   bash scripts/services.sh down     stop only what this script started; wipe Kafka's data
#   bash scripts/services.sh status   one line per service; always exits 0
#
# Kafka alone (for an extra broker of a test: other ports, its own state dir):
#   bash scripts/services.sh kafka-up       start (or reuse) the broker; keeps formatted data
#   bash scripts/services.sh kafka-stop     stop the broker this script started; keep its data
#   bash scripts/services.sh kafka-down     stop it and wipe its data
#   bash scripts/services.sh kafka-status   one line
# e.g. FAULTLINE_KAFKA_PORT=19392 FAULTLINE_KAFKA_STATE_DIR=/tmp/b2 bash scripts/services.sh kafka-up
#
# Environment:
#   FAULTLINE_KAFKA_PORT          client port (default 9092); the KRaft controller uses port+1
#   FAULTLINE_KAFKA_STATE_DIR     the broker's data, config, logs and pid file (default .services/kafka);
#                                 the jars always stay in .services/kafka/libs
#   FAULTLINE_KAFKA_SASL_PORT     also listen for SASL_PLAINTEXT (mechanism PLAIN) on this port
#   FAULTLINE_KAFKA_SASL_USERS    user:password[,user:password...] the SASL listener accepts
#                                 (default faultline:faultline-test-secret)
#   FAULTLINE_KAFKA_SCRAM_PORT    also listen for SASL_SSL (SCRAM-SHA-256 and -512) on this port, with
#                                 a self-signed certificate for 127.0.0.1 made by keytool; clients
#                                 trust <state dir>/tls/broker.crt
#   FAULTLINE_KAFKA_SCRAM_USERS   user:password[,...] given SCRAM credentials when storage is formatted
#                                 (default faultline:faultline-test-secret)
#   FAULTLINE_KAFKA_CLIENT_CA     a CA certificate (PEM): the SASL_SSL listener then requires client
#                                 certificates signed by it (mutual TLS)
#   FAULTLINE_REDIS_PORT          Redis port (default 6379)
#   FAULTLINE_KAFKA_WAIT_SECONDS  how long `up` waits for Kafka to serve requests (default 90)
#   FAULTLINE_KAFKA_HEAP          JVM heap flags for the broker (default "-Xms256m -Xmx768m")
#   JAVA_HOME                     java to use (default: java on PATH)
#
# The Kafka and Redis parts live in scripts/lib/kafka.sh and scripts/lib/redis.sh, sourced below;
# the extra Kafka listeners are property fragments in scripts/kafka/listener-*.properties.
#
# State lives in <repo>/.services/ (gitignored):
#   kafka/libs (jars + .complete marker), kafka/data, kafka/server.properties, kafka/cluster-id,
#   kafka/kafka.log (log4j), kafka/kafka.out (JVM stdout/stderr), kafka/kafka.pid, kafka/kafka.port,
#   redis/redis.pid, redis/redis.port, redis/redis.log
#
# Kafka stays on the 3.9 line (see scripts/kafka/pom.xml): kafkajs 2.2.4 speaks protocol versions
# that Kafka 4 removed.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
STATE_DIR="$REPO_ROOT/.services"

KAFKA_PORT="${FAULTLINE_KAFKA_PORT:-9092}"
REDIS_PORT="${FAULTLINE_REDIS_PORT:-6379}"
KAFKA_WAIT_SECONDS="${FAULTLINE_KAFKA_WAIT_SECONDS:-90}"
KAFKA_HEAP="${FAULTLINE_KAFKA_HEAP:--Xms256m -Xmx768m}"
KAFKA_SASL_PORT="${FAULTLINE_KAFKA_SASL_PORT:-}"
KAFKA_SASL_USERS="${FAULTLINE_KAFKA_SASL_USERS:-faultline:faultline-test-secret}"
KAFKA_SCRAM_PORT="${FAULTLINE_KAFKA_SCRAM_PORT:-}"
KAFKA_SCRAM_USERS="${FAULTLINE_KAFKA_SCRAM_USERS:-faultline:faultline-test-secret}"
KAFKA_CLIENT_CA="${FAULTLINE_KAFKA_CLIENT_CA:-}"

KAFKA_SRC="$SCRIPT_DIR/kafka"
KAFKA_POM="$KAFKA_SRC/pom.xml"
KAFKA_TEMPLATE="$KAFKA_SRC/server.properties.template"
KAFKA_LOG4J="$KAFKA_SRC/log4j.properties"
WAIT_KAFKA="$SCRIPT_DIR/wait-kafka.mjs"

KAFKA_LIBS_PARENT="$STATE_DIR/kafka"
KAFKA_LIBS="$KAFKA_LIBS_PARENT/libs"
KAFKA_DIR="${FAULTLINE_KAFKA_STATE_DIR:-$STATE_DIR/kafka}"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_CLUSTER_ID_FILE="$KAFKA_DIR/cluster-id"
KAFKA_LOG="$KAFKA_DIR/kafka.log"
KAFKA_OUT="$KAFKA_DIR/kafka.out"
KAFKA_TLS_DIR="$KAFKA_DIR/tls"
# the test broker's own keystore, made by kafka_ensure_keystore; it protects nothing else
KAFKA_KEYSTORE_PASSWORD="faultline-test-keystore"
KAFKA_PID_FILE="$KAFKA_DIR/kafka.pid"
KAFKA_PORT_FILE="$KAFKA_DIR/kafka.port"

REDIS_DIR="$STATE_DIR/redis"
REDIS_PID_FILE="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"
REDIS_PORT_FILE="$REDIS_DIR/redis.port"

# ---------------------------------------------------------------------------------------------
# helpers

LOG_TAG=services
# shellcheck source=scripts/lib/proc.sh
source "$SCRIPT_DIR/lib/proc.sh"

# microseconds since the epoch (EPOCHREALTIME is bash >= 5; its separator follows the locale)
now_us() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    local t="${EPOCHREALTIME//[.,]/}"
    printf '%s' "$((10#$t))"
  else
    printf '%s' "$(($(date +%s%N) / 1000))"
  fi
}
# elapsed time since $1 (from now_us), e.g. "2.3s"
since() {
  local d=$(($(now_us) - $1))
  printf '%d.%01ds' "$((d / 1000000))" "$(((d / 100000) % 10))"
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s' "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    die "java not found: install a JDK 17 (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
  fi
}

node_bin() {
  command -v node >/dev/null 2>&1 || die "node not found on PATH (needed to check that Kafka serves requests)"
  command -v node
}

# shellcheck source=scripts/lib/kafka.sh
source "$SCRIPT_DIR/lib/kafka.sh"
# shellcheck source=scripts/lib/redis.sh
source "$SCRIPT_DIR/lib/redis.sh"

# ---------------------------------------------------------------------------------------------

usage() {
  cat >&2 <<EOF
usage: bash scripts/services.sh up|down|status
  up      start Kafka (KRaft, 127.0.0.1:\${FAULTLINE_KAFKA_PORT:-9092}) and Redis (127.0.0.1:\${FAULTLINE_REDIS_PORT:-6379}),
          reusing whatever already answers on those ports
  down    stop only what this script started (by its pid files) and wipe Kafka's data dir
  status  print one line per service
  kafka-up|kafka-stop|kafka-down|kafka-status
          the same for Kafka alone; kafka-stop keeps the data. With FAULTLINE_KAFKA_PORT and
          FAULTLINE_KAFKA_STATE_DIR they run an extra broker beside the test services
EOF
}

main() {
  check_port_var FAULTLINE_KAFKA_PORT "$KAFKA_PORT"
  check_port_var FAULTLINE_REDIS_PORT "$REDIS_PORT"
  [[ -z "$KAFKA_SASL_PORT" ]] || check_port_var FAULTLINE_KAFKA_SASL_PORT "$KAFKA_SASL_PORT"
  [[ -z "$KAFKA_SCRAM_PORT" ]] || check_port_var FAULTLINE_KAFKA_SCRAM_PORT "$KAFKA_SCRAM_PORT"
  KAFKA_CONTROLLER_PORT=$((KAFKA_PORT + 1))
  [[ "$KAFKA_WAIT_SECONDS" =~ ^[0-9]+$ ]] || die "FAULTLINE_KAFKA_WAIT_SECONDS must be a number of seconds"

  local cmd="${1:-}" t0
  t0="$(now_us)"
  case "$cmd" in
    up)
      take_lock "$STATE_DIR" 300
      kafka_up
      redis_up
      log "up: done ($(since "$t0"))"
      ;;
    down)
      take_lock "$STATE_DIR" 300
      kafka_down
      redis_down
      log "down: done ($(since "$t0"))"
      ;;
    status)
      kafka_status
      redis_status
      ;;
    kafka-up)
      take_lock "$STATE_DIR" 300
      kafka_up
      ;;
    kafka-stop)
      take_lock "$STATE_DIR" 300
      kafka_stop
      ;;
    kafka-down)
      take_lock "$STATE_DIR" 300
      kafka_down
      ;;
    kafka-status)
      kafka_status
      ;;
    -h | --help | help)
      usage
      ;;
    *)
      usage
      exit 2
      ;;
  esac
}

main "$@"
