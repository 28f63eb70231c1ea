# shellcheck shell=bash
# Process, port and lock helpers shared by the service scripts. Sourced, not run: the script
# sets LOG_TAG (the prefix of its messages) first.

log() { printf '%s: %s\n' "$LOG_TAG" "$*"; }
warn() { printf '%s: warning: %s\n' "$LOG_TAG" "$*" >&2; }
die() {
  printf '%s: error: %s\n' "$LOG_TAG" "$*" >&2
  exit 1
}

# check_port_var NAME VALUE: dies unless VALUE is a port number
check_port_var() {
  local name="$1" value="$2"
  if ! [[ "$value" =~ ^[0-9]+$ ]] || ((value <= 0 || value >= 65535)); then
    die "$name must be a port number (got '$value')"
  fi
}

# is something listening on 127.0.0.1:$1 ?
port_open() {
  # shellcheck disable=SC2016 # $1 expands in the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# live_pid_from_file FILE PATTERN...: prints the pid stored in FILE if that process is alive
# and its command line contains every PATTERN. A pid file alone is not proof: the process
# may have died and its pid been reused by something we must not touch.
live_pid_from_file() {
  local file="$1" pid cmdline pattern
  shift
  [[ -s "$file" ]] || return 1
  read -r pid <"$file" || true
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # zombies and reused pids have an empty / different command line
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  for pattern in "$@"; do
    [[ "$cmdline" == *"$pattern"* ]] || return 1
  done
  printf '%s' "$pid"
}

# is process $1 alive (and not a zombie)?
pid_alive() {
  local pid="$1" state
  kill -0 "$pid" 2>/dev/null || return 1
  state="$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != "Z" ]]
}

# stop_pid PID NAME [SECONDS]: SIGTERM, wait up to SECONDS (default 20), then SIGKILL
stop_pid() {
  local pid="$1" name="$2" seconds="${3:-20}" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < seconds * 5; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.2
  done
  warn "$name (pid $pid) did not stop within ${seconds}s after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.2
  done
  die "$name (pid $pid) is still alive after SIGKILL"
}

# take_lock DIR SECONDS: serializes runs of one script (two test runs starting at once must
# not both start a server); the lock is fd 9, held until the script exits
take_lock() {
  local dir="$1" seconds="$2"
  mkdir -p "$dir"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$dir/.lock"
    if ! flock -n 9; then
      log "waiting for another run to finish..."
      flock -w "$seconds" 9 || die "could not get $dir/.lock within ${seconds}s"
    fi
  fi
}
