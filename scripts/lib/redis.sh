# Redis for scripts/services.sh, which sources this file after setting the REDIS_* variables
# and the helpers it uses (log, die, now_us, since, and scripts/lib/proc.sh). Only functions:
# sourcing it starts nothing.
# shellcheck shell=bash

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
