# The testbed's own processes (managers and agents): each in a host's network namespace, in a
# session of its own (so its children, such as the manager's etcd, share its process group) with no
# stdin, its pid in a pidfile and its output appended to a log. Sourced by deploy/testbed, which
# sets TESTBED_DIR.

# A manager stops its etcd on SIGTERM; after this long it is killed instead.
STOP_GRACE_S=10

# Starts `CMD...` in NETNS. The script runs without job control, so the background child is no
# process group leader and setsid makes it one without forking: $! is the daemon's pid and pgid.
start_daemon() {
  local netns=$1 pidfile=$2 log=$3
  shift 3
  echo "== $(date -Is) $*" >>"$log"
  setsid nsenter --net="/run/netns/$netns" "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

# The pid in PIDFILE if that process is alive and still ours (its command line names the testbed's
# directory), so a pid reused since a crash or reboot is never signalled.
daemon_pid() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  [ -n "$pid" ] && alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$TESTBED_DIR/" || return 1
  echo "$pid"
}

# A zombie counts as gone: nothing may reap it soon when PID 1 is no init.
alive() {
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) && [ "${stat#Z}" = "$stat" ]
}

wait_gone() {
  local pid=$1 tenths=$2 _
  for _ in $(seq "$tenths"); do alive "$pid" || return 0; sleep 0.1; done
  ! alive "$pid"
}

# SIGTERM, then SIGKILL after STOP_GRACE_S, to the daemon's whole process group.
stop_daemon() {
  local pid
  if pid=$(daemon_pid "$1"); then
    kill -TERM -- "-$pid" 2>/dev/null || true
    wait_gone "$pid" $((STOP_GRACE_S * 10)) || kill_daemon "$1"
  fi
  rm -f "$1"
}

# A hard failure: SIGKILL to the daemon's whole process group.
kill_daemon() {
  local pid
  if pid=$(daemon_pid "$1"); then
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait_gone "$pid" 50 || echo "testbed: pid $pid survived SIGKILL" >&2
  fi
  rm -f "$1"
}
