#!/usr/bin/env bash
# A three-master Redis Cluster on loopback for faultline's scale-out tests, from Debian's
# redis-server (no replicas, no persistence).
#
#   bash scripts/redis-cluster.sh up       start the nodes and form the cluster (idempotent)
#   bash scripts/redis-cluster.sh down     stop only the nodes this script started, by pid; wipe state
#   bash scripts/redis-cluster.sh stop     stop them but keep their state: the next `up` restarts the
#                                          same cluster (with its data when it persists)
#   bash scripts/redis-cluster.sh status   one line per node; always exits 0
#   bash scripts/redis-cluster.sh nodes    print the seed list, host:port comma-separated
#
# Environment:
#   FAULTLINE_REDIS_CLUSTER_PORTS   the masters' ports, space- or comma-separated (default "7201 7202 7203");
#                                   each node also uses port+10000 for the cluster bus
#   FAULTLINE_REDIS_CLUSTER_PASSWORD  when set, every node wants AUTH with it (requirepass and
#                                   masterauth); the script's own redis-cli calls send it
#   FAULTLINE_REDIS_CLUSTER_PERSIST   1: every node keeps an append-only file (fsync always), so a
#                                   stop and up keeps the data
#   FAULTLINE_REDIS_CLUSTER_TLS_DIR   a directory with ca.crt, server.crt and server.key: every node
#                                   then speaks TLS only, clients and cluster bus alike (clients
#                                   need not present a certificate)
#
# State lives in <repo>/.services/redis-cluster/<port>/ (redis.pid, redis.log, nodes.conf).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
STATE_DIR="$REPO_ROOT/.services/redis-cluster"
PORTS_TEXT="${FAULTLINE_REDIS_CLUSTER_PORTS:-7201 7202 7203}"
PASSWORD="${FAULTLINE_REDIS_CLUSTER_PASSWORD:-}"
PERSIST="${FAULTLINE_REDIS_CLUSTER_PERSIST:-0}"
TLS_DIR="${FAULTLINE_REDIS_CLUSTER_TLS_DIR:-}"
CLI_TLS=()
[[ -z "$TLS_DIR" ]] || CLI_TLS=(--tls --cacert "$TLS_DIR/ca.crt")
# redis-cli reads the password from the environment: it stays off command lines
[[ -z "$PASSWORD" ]] || export REDISCLI_AUTH="$PASSWORD"
read -r -a PORTS <<<"${PORTS_TEXT//,/ }"

LOG_TAG=redis-cluster
# shellcheck source=scripts/lib/proc.sh
source "$SCRIPT_DIR/lib/proc.sh"

cli() { # PORT ARGS...: redis-cli against one node, at most 5 s
  local port="$1"
  shift
  timeout 5 redis-cli "${CLI_TLS[@]}" -h 127.0.0.1 -p "$port" "$@" 2>/dev/null </dev/null
}

# the pid of the node this script started on port $1, if it runs
our_pid() { live_pid_from_file "$STATE_DIR/$1/redis.pid" redis-server ":$1"; }

cluster_ok() { [[ "$(cli "$1" cluster info | tr -d '\r' | grep '^cluster_state:')" == "cluster_state:ok" ]]; }

known_nodes() { cli "$1" cluster info | tr -d '\r' | sed -n 's/^cluster_known_nodes://p'; }

start_node() {
  local port="$1" dir="$STATE_DIR/$1" i
  if our_pid "$port" >/dev/null; then
    log "node $port: already running (pid $(our_pid "$port"))"
    return 0
  fi
  [[ "$(cli "$port" ping)" != "PONG" ]] ||
    die "127.0.0.1:$port already answers, but not a node this script started; set FAULTLINE_REDIS_CLUSTER_PORTS"
  mkdir -p "$dir"
  # A node stopped by `stop` rejoins its cluster from nodes.conf; any other starts afresh.
  [[ -f "$dir/stopped" ]] || rm -f "$dir/nodes.conf"
  rm -f "$dir/redis.pid" "$dir/stopped"
  local -a auth=() aof=(--appendonly no)
  [[ -z "$PASSWORD" ]] || auth=(--requirepass "$PASSWORD" --masterauth "$PASSWORD")
  [[ "$PERSIST" != 1 ]] || aof=(--appendonly yes --appendfsync always)
  local -a listen=(--port "$port")
  [[ -z "$TLS_DIR" ]] || listen=(--port 0 --tls-port "$port" --tls-cluster yes --tls-replication yes
    --tls-cert-file "$TLS_DIR/server.crt" --tls-key-file "$TLS_DIR/server.key"
    --tls-ca-cert-file "$TLS_DIR/ca.crt" --tls-auth-clients no)
  # shellcheck disable=SC2094 # errors before daemonizing land in the same log
  redis-server "${listen[@]}" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf "${auth[@]}" \
    --cluster-node-timeout 5000 --save '' "${aof[@]}" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" </dev/null >>"$dir/redis.log" 2>&1 ||
    die "node $port: redis-server failed to start (see $dir/redis.log)"
  for ((i = 0; i < 100; i++)); do
    [[ "$(cli "$port" ping)" == "PONG" ]] && break
    sleep 0.1
  done
  [[ "$(cli "$port" ping)" == "PONG" ]] || die "node $port: no PONG within 10 s (see $dir/redis.log)"
  log "node $port: started (pid $(our_pid "$port" || printf '?'))"
}

# waits up to 30 s for every node to report cluster_state:ok
wait_cluster_ok() {
  local i port all_ok
  for ((i = 0; i < 300; i++)); do
    all_ok=1
    for port in "${PORTS[@]}"; do cluster_ok "$port" || all_ok=0; done
    ((all_ok)) && return 0
    sleep 0.1
  done
  return 1
}

up() {
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    die "redis-server and redis-cli are needed (apt-get install redis-server)"
  fi
  local port seeds=()
  for port in "${PORTS[@]}"; do
    start_node "$port"
    seeds+=("127.0.0.1:$port")
  done
  # Nodes that know each other (already running, or restarted after `stop`) form the cluster
  # by themselves; a restarted one takes a moment to agree that it is ok.
  if [[ "$(known_nodes "${PORTS[0]}")" == "${#PORTS[@]}" ]]; then
    wait_cluster_ok || die "the cluster did not reach cluster_state:ok within 30 s"
    log "cluster formed: ${seeds[*]}"
    return 0
  fi
  log "forming the cluster: ${seeds[*]}"
  timeout 60 redis-cli "${CLI_TLS[@]}" --cluster create "${seeds[@]}" --cluster-replicas 0 --cluster-yes </dev/null >"$STATE_DIR/create.log" 2>&1 ||
    die "redis-cli --cluster create failed (see $STATE_DIR/create.log)"
  wait_cluster_ok || die "the cluster did not reach cluster_state:ok within 30 s"
  log "up: ${seeds[*]}"
}

# stop_nodes keep|wipe: stops the nodes this script started; keeps their state for the next
# `up` to restart the same cluster, or wipes it
stop_nodes() {
  local port pid
  for port in "${PORTS[@]}"; do
    if pid="$(our_pid "$port")"; then
      stop_pid "$pid" "node $port" 10
      log "node $port: stopped (pid $pid)"
      [[ "$1" != keep ]] || touch "$STATE_DIR/$port/stopped"
    else
      log "node $port: nothing started by this script is running"
    fi
    [[ "$1" == keep ]] || rm -rf "${STATE_DIR:?}/$port"
  done
  [[ "$1" == keep ]] || rm -f "$STATE_DIR/create.log"
}

status() {
  local port pid
  for port in "${PORTS[@]}"; do
    if pid="$(our_pid "$port")"; then
      if cluster_ok "$port"; then log "node $port: running, cluster ok (pid $pid)"; else log "node $port: running, cluster not ok (pid $pid)"; fi
    else
      log "node $port: not running (from this script)"
    fi
  done
}

nodes() {
  local out=() port
  for port in "${PORTS[@]}"; do out+=("127.0.0.1:$port"); done
  (
    IFS=,
    printf '%s\n' "${out[*]}"
  )
}

for port in "${PORTS[@]}"; do
  if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port <= 0 || port >= 55535)); then
    die "bad port '$port' in FAULTLINE_REDIS_CLUSTER_PORTS"
  fi
done
mkdir -p "$STATE_DIR"
case "${1:-}" in
  up) up ;;
  down) stop_nodes wipe ;;
  stop) stop_nodes keep ;;
  status) status ;;
  nodes) nodes ;;
  *)
    printf 'usage: bash scripts/redis-cluster.sh up|down|stop|status|nodes\n' >&2
    exit 2
    ;;
esac
