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

# ---------------------------------------------------------------------------------------------
# kafka

kafka_our_pid() { live_pid_from_file "$KAFKA_PID_FILE" "kafka.Kafka $KAFKA_PROPS"; }

kafka_answers() { # PORT TIMEOUT_SECONDS [extra wait-kafka args...]
  local port="$1" secs="$2"
  shift 2
  "$(node_bin)" "$WAIT_KAFKA" --port "$port" --timeout "$secs" "$@"
}

kafka_ensure_libs() {
  local t0 hash tmp
  t0="$(now_us)"
  hash="$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)"
  if [[ -f "$KAFKA_LIBS/.complete" && "$(cat "$KAFKA_LIBS/.complete")" == "$hash" ]] &&
    compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then
    log "kafka: jars already in .services/kafka/libs (pom unchanged)"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven (apt-get install maven) to fetch Kafka's jars"
  log "kafka: fetching jars with Maven (scripts/kafka/pom.xml)..."
  mkdir -p "$KAFKA_LIBS_PARENT"
  tmp="$KAFKA_LIBS_PARENT/libs.tmp"
  rm -rf "$tmp"
  if ! mvn -B -q -f "$KAFKA_POM" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$tmp" >"$KAFKA_LIBS_PARENT/mvn.log" 2>&1 </dev/null; then
    tail -n 40 "$KAFKA_LIBS_PARENT/mvn.log" >&2 || true
    die "kafka: mvn dependency:copy-dependencies failed (full output: $KAFKA_LIBS_PARENT/mvn.log)"
  fi
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "kafka: Maven did not produce kafka_2.13-*.jar in $tmp"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  printf '%s\n' "$hash" >"$KAFKA_LIBS/.complete"
  log "kafka: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars in .services/kafka/libs ($(since "$t0"))"
}

kafka_render_props() {
  local content
  content="$(<"$KAFKA_TEMPLATE")"
  # quoted replacements: no '&' expansion (bash 5.2 patsub_replacement)
  content="${content//@KAFKA_PORT@/"$KAFKA_PORT"}"
  content="${content//@CONTROLLER_PORT@/"$KAFKA_CONTROLLER_PORT"}"
  content="${content//@DATA_DIR@/"$KAFKA_DATA"}"
  [[ -z "$KAFKA_SASL_PORT" ]] || content="$(kafka_add_sasl_listener "$content")"
  [[ -z "$KAFKA_SCRAM_PORT" ]] || content="$(kafka_add_scram_listener "$content")"
  printf '# GENERATED by scripts/services.sh from scripts/kafka/server.properties.template\n%s\n' \
    "$content" >"$KAFKA_PROPS"
}

# the properties ($1) with one more listener: protocol $2 on port $3, advertised as is
kafka_with_listener() {
  local line out=""
  while IFS= read -r line; do
    case "$line" in
      listeners=* | advertised.listeners=*) line="$line,$2://127.0.0.1:$3" ;;
      listener.security.protocol.map=*) line="$line,$2:$2" ;;
    esac
    out+="$line"$'\n'
  done <<<"$1"
  printf '%s' "$out"
}

# the rendered properties ($1) with a SASL_PLAINTEXT listener (PLAIN) on $KAFKA_SASL_PORT; brokers
# and the controller keep talking PLAINTEXT
kafka_add_sasl_listener() {
  local out users="" user password
  out="$(kafka_with_listener "$1" SASL_PLAINTEXT "$KAFKA_SASL_PORT")"$'\n'
  while IFS=$'\t' read -r user password; do
    users+=" user_$user=\"$password\""
  done < <(kafka_user_pairs FAULTLINE_KAFKA_SASL_USERS "$KAFKA_SASL_USERS")
  out+="listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN"$'\n'
  out+="listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required${users};"
  printf '%s' "$out"
}

# user:password pairs ($2, from variable $1) one per line as "user<TAB>password"; dies on a bad pair
kafka_user_pairs() {
  local pair
  local -a pairs
  IFS=',' read -r -a pairs <<<"$2"
  for pair in "${pairs[@]}"; do
    [[ "$pair" == *:* ]] || die "$1: expected user:password pairs"
    printf '%s\t%s\n' "${pair%%:*}" "${pair#*:}"
  done
}

# the rendered properties ($1) with a SASL_SSL listener (SCRAM-SHA-256/512) on $KAFKA_SCRAM_PORT;
# the users get their credentials when storage is formatted (kafka_ensure_formatted)
kafka_add_scram_listener() {
  local out mechanism
  kafka_ensure_keystore
  out="$(kafka_with_listener "$1" SASL_SSL "$KAFKA_SCRAM_PORT")"$'\n'
  out+="listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512"$'\n'
  for mechanism in scram-sha-256 scram-sha-512; do
    out+="listener.name.sasl_ssl.$mechanism.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"$'\n'
  done
  out+="listener.name.sasl_ssl.ssl.keystore.type=PKCS12"$'\n'
  out+="listener.name.sasl_ssl.ssl.keystore.location=$KAFKA_TLS_DIR/broker.p12"$'\n'
  out+="listener.name.sasl_ssl.ssl.keystore.password=$KAFKA_KEYSTORE_PASSWORD"$'\n'
  out+="listener.name.sasl_ssl.ssl.key.password=$KAFKA_KEYSTORE_PASSWORD"
  if [[ -n "$KAFKA_CLIENT_CA" ]]; then
    kafka_ensure_truststore
    out+=$'\n'"listener.name.sasl_ssl.ssl.client.auth=required"$'\n'
    out+="listener.name.sasl_ssl.ssl.truststore.type=PKCS12"$'\n'
    out+="listener.name.sasl_ssl.ssl.truststore.location=$KAFKA_TLS_DIR/truststore.p12"$'\n'
    out+="listener.name.sasl_ssl.ssl.truststore.password=$KAFKA_KEYSTORE_PASSWORD"
  fi
  printf '%s' "$out"
}

# a PKCS12 truststore holding $KAFKA_CLIENT_CA, for client certificates (made afresh each render)
kafka_ensure_truststore() {
  [[ -r "$KAFKA_CLIENT_CA" ]] || die "FAULTLINE_KAFKA_CLIENT_CA ($KAFKA_CLIENT_CA) is not a readable file"
  rm -f "$KAFKA_TLS_DIR/truststore.p12"
  "$(kafka_keytool)" -importcert -noprompt -alias client-ca -file "$KAFKA_CLIENT_CA" -storetype PKCS12 \
    -keystore "$KAFKA_TLS_DIR/truststore.p12" -storepass "$KAFKA_KEYSTORE_PASSWORD" >>"$KAFKA_OUT" 2>&1 </dev/null ||
    die "keytool -importcert failed (see $KAFKA_OUT)"
}

# keytool from the JDK that runs Kafka, else from PATH
kafka_keytool() {
  local keytool
  keytool="$(dirname "$(java_bin)")/keytool"
  [[ -x "$keytool" ]] || keytool="$(command -v keytool || true)"
  [[ -n "$keytool" ]] || die "keytool not found (it comes with the JDK/JRE)"
  printf '%s' "$keytool"
}

# a self-signed key pair for 127.0.0.1 in $KAFKA_TLS_DIR (broker.p12), and its certificate as PEM
# (broker.crt) for clients to trust; made once per state directory
kafka_ensure_keystore() {
  local keytool
  [[ -s "$KAFKA_TLS_DIR/broker.p12" && -s "$KAFKA_TLS_DIR/broker.crt" ]] && return 0
  keytool="$(kafka_keytool)"
  mkdir -p "$KAFKA_TLS_DIR"
  rm -f "$KAFKA_TLS_DIR/broker.p12" "$KAFKA_TLS_DIR/broker.crt"
  "$keytool" -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 30 \
    -dname "CN=127.0.0.1" -ext "SAN=ip:127.0.0.1" -storetype PKCS12 \
    -keystore "$KAFKA_TLS_DIR/broker.p12" -storepass "$KAFKA_KEYSTORE_PASSWORD" \
    -keypass "$KAFKA_KEYSTORE_PASSWORD" >>"$KAFKA_OUT" 2>&1 </dev/null || die "keytool -genkeypair failed (see $KAFKA_OUT)"
  "$keytool" -exportcert -rfc -alias broker -keystore "$KAFKA_TLS_DIR/broker.p12" \
    -storepass "$KAFKA_KEYSTORE_PASSWORD" -file "$KAFKA_TLS_DIR/broker.crt" >>"$KAFKA_OUT" 2>&1 </dev/null ||
    die "keytool -exportcert failed (see $KAFKA_OUT)"
}

kafka_java() { # runs a Kafka main class in the foreground with our logging config
  "$(java_bin)" -Xmx256m -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_LOG4J" -Dkafka.logs.dir="$KAFKA_DIR" \
    -cp "$KAFKA_LIBS/*" "$@"
}

kafka_ensure_formatted() {
  local t0 cluster_id out user password
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
    log "kafka: storage already formatted ($KAFKA_DATA)"
    return 0
  fi
  t0="$(now_us)"
  if [[ -s "$KAFKA_CLUSTER_ID_FILE" ]]; then
    cluster_id="$(<"$KAFKA_CLUSTER_ID_FILE")"
  else
    cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>>"$KAFKA_OUT" </dev/null | tail -n 1)"
    [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: StorageTool random-uuid printed '$cluster_id' (see $KAFKA_OUT)"
    printf '%s\n' "$cluster_id" >"$KAFKA_CLUSTER_ID_FILE"
  fi
  rm -rf "$KAFKA_DATA"
  mkdir -p "$KAFKA_DATA"
  local -a scram=()
  if [[ -n "$KAFKA_SCRAM_PORT" ]]; then
    while IFS=$'\t' read -r user password; do
      scram+=(--add-scram "SCRAM-SHA-256=[name=$user,password=$password]" --add-scram "SCRAM-SHA-512=[name=$user,password=$password]")
    done < <(kafka_user_pairs FAULTLINE_KAFKA_SCRAM_USERS "$KAFKA_SCRAM_USERS")
  fi
  if ! out="$(kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_PROPS" "${scram[@]}" 2>&1 </dev/null)"; then
    printf '%s\n' "$out" >&2
    die "kafka: formatting storage failed"
  fi
  printf '%s\n' "$out" >>"$KAFKA_OUT"
  log "kafka: formatted storage, cluster id $cluster_id ($(since "$t0"))"
}

kafka_start() {
  local t0 java pid i
  t0="$(now_us)"
  java="$(java_bin)"
  rm -f "$KAFKA_PID_FILE"
  printf '\n===== %s: services.sh starting kafka on 127.0.0.1:%s =====\n' "$(date -Is)" "$KAFKA_PORT" >>"$KAFKA_OUT"
  # New session (setsid), stdin from /dev/null, stdout/stderr to a file, lock fd closed: the broker
  # must not keep the caller's pipes (e.g. vitest's execFileSync) or our lock open. The inner bash
  # writes its own pid and execs java, so the pid file holds the JVM's pid.
  # shellcheck disable=SC2086,SC2016 # KAFKA_HEAP is a list of flags; $1/$@ expand in the inner bash
  setsid bash -c 'printf "%s\n" "$$" >"$1"; shift; exec "$@"' kafka-launcher "$KAFKA_PID_FILE" \
    "$java" $KAFKA_HEAP -server \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_LOG4J" -Dkafka.logs.dir="$KAFKA_DIR" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS" \
    </dev/null >>"$KAFKA_OUT" 2>&1 9>&- &
  for ((i = 0; i < 50; i++)); do
    [[ -s "$KAFKA_PID_FILE" ]] && break
    sleep 0.1
  done
  [[ -s "$KAFKA_PID_FILE" ]] || die "kafka: launcher did not write $KAFKA_PID_FILE"
  read -r pid <"$KAFKA_PID_FILE"
  printf '%s\n' "$KAFKA_PORT" >"$KAFKA_PORT_FILE"
  log "kafka: started broker (pid $pid), waiting up to ${KAFKA_WAIT_SECONDS}s for it to serve requests..."
  if ! kafka_answers "$KAFKA_PORT" "$KAFKA_WAIT_SECONDS" --pid "$pid" --log "$KAFKA_OUT" --log "$KAFKA_LOG"; then
    if pid_alive "$pid"; then
      log "kafka: stopping the broker that never became ready (pid $pid)"
      stop_pid "$pid" kafka
    fi
    rm -f "$KAFKA_PID_FILE" "$KAFKA_PORT_FILE"
    die "kafka: broker did not become ready (logs: $KAFKA_LOG, $KAFKA_OUT)"
  fi
  log "kafka: up on 127.0.0.1:$KAFKA_PORT, started by services.sh (pid $pid) ($(since "$t0"))"
}

kafka_up() {
  local t0 pid port
  t0="$(now_us)"
  if pid="$(kafka_our_pid)"; then
    port="$(cat "$KAFKA_PORT_FILE" 2>/dev/null || printf '%s' "$KAFKA_PORT")"
    [[ "$port" == "$KAFKA_PORT" ]] ||
      die "kafka: services.sh's broker (pid $pid) runs on port $port, not $KAFKA_PORT; run 'services.sh down' first"
    kafka_answers "$KAFKA_PORT" "$KAFKA_WAIT_SECONDS" --quiet --pid "$pid" --log "$KAFKA_OUT" --log "$KAFKA_LOG" ||
      die "kafka: services.sh's broker (pid $pid) does not serve requests; see $KAFKA_LOG (try 'services.sh down')"
    log "kafka: already running on 127.0.0.1:$KAFKA_PORT, started by services.sh (pid $pid); reusing it ($(since "$t0"))"
    return 0
  fi
  rm -f "$KAFKA_PID_FILE" "$KAFKA_PORT_FILE"
  if port_open "$KAFKA_PORT"; then
    if kafka_answers "$KAFKA_PORT" 15 --quiet; then
      log "kafka: a broker already answers on 127.0.0.1:$KAFKA_PORT (not started by services.sh); reusing it ($(since "$t0"))"
      return 0
    fi
    die "kafka: 127.0.0.1:$KAFKA_PORT is in use by something that is not a working Kafka broker (set FAULTLINE_KAFKA_PORT to use another port)"
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "kafka: controller port 127.0.0.1:$KAFKA_CONTROLLER_PORT (FAULTLINE_KAFKA_PORT+1) is already in use"
  fi
  [[ -f "$WAIT_KAFKA" ]] || die "missing $WAIT_KAFKA"
  [[ -d "$REPO_ROOT/node_modules/kafkajs" ]] || die "kafkajs is not installed: run 'npm ci' first"
  mkdir -p "$KAFKA_DIR"
  kafka_ensure_libs
  kafka_render_props
  kafka_ensure_formatted
  kafka_start
}

# stops the broker this script started, keeping its data (a later kafka-up restarts it)
kafka_stop() {
  local pid t0
  if pid="$(kafka_our_pid)"; then
    t0="$(now_us)"
    log "kafka: stopping broker started by services.sh (pid $pid), keeping its data..."
    stop_pid "$pid" kafka
    rm -f "$KAFKA_PID_FILE" "$KAFKA_PORT_FILE"
    log "kafka: stopped ($(since "$t0"))"
  else
    log "kafka: nothing started by services.sh runs from $KAFKA_DIR"
  fi
}

kafka_down() {
  local pid
  if pid="$(kafka_our_pid)"; then
    local t0
    t0="$(now_us)"
    log "kafka: stopping broker started by services.sh (pid $pid)..."
    stop_pid "$pid" kafka
    rm -f "$KAFKA_PID_FILE" "$KAFKA_PORT_FILE"
    log "kafka: stopped ($(since "$t0"))"
  else
    rm -f "$KAFKA_PID_FILE" "$KAFKA_PORT_FILE"
    if port_open "$KAFKA_PORT"; then
      log "kafka: not started by services.sh; leaving whatever listens on 127.0.0.1:$KAFKA_PORT alone"
      if [[ -d "$KAFKA_DATA" ]]; then
        log "kafka: keeping $KAFKA_DATA (a broker still listens on the port)"
      fi
      return 0
    fi
    log "kafka: nothing started by services.sh is running"
  fi
  if [[ -d "$KAFKA_DATA" ]]; then
    rm -rf "$KAFKA_DATA"
    log "kafka: wiped $KAFKA_DATA (the next 'up' formats fresh storage)"
  fi
}

kafka_status() {
  local pid port
  if pid="$(kafka_our_pid)"; then
    port="$(cat "$KAFKA_PORT_FILE" 2>/dev/null || printf '%s' "$KAFKA_PORT")"
    if kafka_answers "$port" 3 --quiet 2>/dev/null; then
      log "kafka: running on 127.0.0.1:$port, started by services.sh (pid $pid)"
    else
      log "kafka: process running but not serving requests on 127.0.0.1:$port, started by services.sh (pid $pid)"
    fi
  elif port_open "$KAFKA_PORT"; then
    if kafka_answers "$KAFKA_PORT" 3 --quiet 2>/dev/null; then
      log "kafka: running on 127.0.0.1:$KAFKA_PORT, not started by services.sh"
    else
      log "kafka: not running; something else (not Kafka, or not ready) listens on 127.0.0.1:$KAFKA_PORT"
    fi
  else
    log "kafka: not running (port $KAFKA_PORT)"
  fi
}

# ---------------------------------------------------------------------------------------------
# redis

redis_our_pid() { live_pid_from_file "$REDIS_PID_FILE" "redis-server"; }

# does something answer PING with PONG on 127.0.0.1:$1 ?
redis_ping() {
  local port="$1" reply=""
  if command -v redis-cli >/dev/null 2>&1; then
    reply="$(timeout 3 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null </dev/null || true)"
    [[ "$reply" == "PONG" ]]
  else
    # shellcheck disable=SC2016 # $1 and $line expand in the inner bash
    reply="$(timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "PING\r\n" >&3 && IFS= read -r line <&3 && printf "%s" "$line"' _ "$port" 2>/dev/null || true)"
    [[ "$reply" == "+PONG"* ]]
  fi
}

redis_up() {
  local t0 pid i
  t0="$(now_us)"
  local our_port=""
  if pid="$(redis_our_pid)"; then
    our_port="$(cat "$REDIS_PORT_FILE" 2>/dev/null || printf '%s' "$REDIS_PORT")"
  fi
  if redis_ping "$REDIS_PORT"; then
    if [[ "$our_port" == "$REDIS_PORT" ]]; then
      log "redis: already running on 127.0.0.1:$REDIS_PORT, started by services.sh (pid $pid); reusing it"
    else
      log "redis: something already answers PING on 127.0.0.1:$REDIS_PORT (not started by services.sh); using it"
    fi
    return 0
  fi
  if [[ -n "$our_port" ]]; then
    die "redis: services.sh's redis-server (pid $pid) runs on port $our_port, not $REDIS_PORT; run 'services.sh down' first"
  fi
  if port_open "$REDIS_PORT"; then
    die "redis: 127.0.0.1:$REDIS_PORT is in use but does not answer PING with PONG (set FAULTLINE_REDIS_PORT to use another port)"
  fi
  command -v redis-server >/dev/null 2>&1 ||
    die "redis: nothing answers on 127.0.0.1:$REDIS_PORT and redis-server is not installed: install Debian's 'redis-server' package (apt-get install redis-server)"
  mkdir -p "$REDIS_DIR"
  rm -f "$REDIS_PID_FILE"
  printf '%s\n' "$REDIS_PORT" >"$REDIS_PORT_FILE"
  # --daemonize: redis forks and detaches itself; its stdio and our lock fd must not stay open.
  # Errors before it daemonizes (bad arguments) land in the same log.
  # shellcheck disable=SC2094
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$REDIS_PID_FILE" --logfile "$REDIS_LOG" --dir "$REDIS_DIR" \
    </dev/null >>"$REDIS_LOG" 2>&1 9>&- ||
    die "redis: redis-server failed to start (see $REDIS_LOG)"
  for ((i = 0; i < 100; i++)); do
    redis_ping "$REDIS_PORT" && break
    sleep 0.2
  done
  if ! redis_ping "$REDIS_PORT"; then
    tail -n 20 "$REDIS_LOG" >&2 || true
    die "redis: redis-server did not answer PING within 20s (see $REDIS_LOG)"
  fi
  pid="$(redis_our_pid || printf '?')"
  log "redis: up on 127.0.0.1:$REDIS_PORT, started by services.sh (pid $pid) ($(since "$t0"))"
}

redis_down() {
  local pid t0
  if pid="$(redis_our_pid)"; then
    t0="$(now_us)"
    log "redis: stopping redis-server started by services.sh (pid $pid)..."
    stop_pid "$pid" redis
    rm -f "$REDIS_PID_FILE" "$REDIS_PORT_FILE"
    log "redis: stopped ($(since "$t0"))"
  else
    rm -f "$REDIS_PID_FILE" "$REDIS_PORT_FILE"
    if redis_ping "$REDIS_PORT"; then
      log "redis: not started by services.sh; leaving the Redis on 127.0.0.1:$REDIS_PORT alone"
    else
      log "redis: nothing started by services.sh is running"
    fi
  fi
}

redis_status() {
  local pid port
  if pid="$(redis_our_pid)"; then
    port="$(cat "$REDIS_PORT_FILE" 2>/dev/null || printf '%s' "$REDIS_PORT")"
    if redis_ping "$port"; then
      log "redis: running on 127.0.0.1:$port, started by services.sh (pid $pid)"
    else
      log "redis: process running but not answering PING on 127.0.0.1:$port, started by services.sh (pid $pid)"
    fi
  elif redis_ping "$REDIS_PORT"; then
    log "redis: running on 127.0.0.1:$REDIS_PORT, not started by services.sh"
  else
    log "redis: not running (port $REDIS_PORT)"
  fi
}

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
