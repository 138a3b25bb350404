#!/usr/bin/env bash
# One Docker engine inside a network namespace, with all its state under one directory.
# Used by deploy/testbed and by the test harnesses, so there is one way to run an engine here.
#
#   engine.sh start NETNS DIR   start dockerd in /run/netns/NETNS (which must exist); state in DIR;
#                               socket DIR/docker.sock; waits until it answers; loads busybox:latest
#   engine.sh stop DIR          stop it (SIGTERM, then SIGKILL), with its containers
#   engine.sh kill DIR          a hard failure: SIGKILL dockerd, its containerd, every shim and every
#                               container process it started
#   engine.sh image DIR         (re)load busybox:latest into a running engine
#   engine.sh remove DIR        stop it and delete DIR with everything mounted under it
#
# Processes are found by the pids the engine wrote under DIR, never by name.
set -euo pipefail

DOCKER=/usr/bin/docker   # Debian's docker.io client, the same version as the engine
START_TIMEOUT_S=30

die() { echo "engine.sh: $*" >&2; exit 1; }

docker_at() { "$DOCKER" -H "unix://$1/docker.sock" "${@:2}"; }

# Every process started by the engine in DIR: dockerd, its containerd, shims and their children.
engine_pids() {
  local dir=$1 pids=() p
  [ -f "$dir/docker.pid" ] && pids+=("$(cat "$dir/docker.pid")")
  [ -f "$dir/exec/containerd/containerd.pid" ] && pids+=("$(cat "$dir/exec/containerd/containerd.pid")")
  # Each container's first process records its pid under the exec root; its parent is the shim,
  # which survives a killed dockerd.
  while IFS= read -r f; do
    p=$(cat "$f")
    pids+=("$p" "$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')")
  done < <(find "$dir/exec" -name 'init.pid' 2>/dev/null)
  for p in "${pids[@]}"; do
    [ -n "$p" ] && [ "$p" != 1 ] && kill -0 "$p" 2>/dev/null || continue
    echo "$p"
    descendants "$p"
  done | sort -un
}

descendants() {
  local c
  for c in $(pgrep -P "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done
}

build_busybox_rootfs() {
  local root=$1 applet
  rm -rf "$root"
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/var/www" "$root/proc" "$root/sys" "$root/dev" "$root/root"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
}

load_image() {
  local dir=$1
  [ -x /bin/busybox ] || die "busybox-static is not installed"
  if ! docker_at "$dir" image inspect busybox:latest >/dev/null 2>&1; then
    build_busybox_rootfs "$dir/busybox-rootfs"
    tar -C "$dir/busybox-rootfs" -c . | docker_at "$dir" import -c 'CMD ["sh"]' - busybox:latest >/dev/null
    rm -rf "$dir/busybox-rootfs"
  fi
}

# Unmounts everything mounted below a directory, deepest first.
unmount_below() {
  local dir m
  dir=$(realpath -m "$1")
  for m in $(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}

start() {
  local netns=$1 dir=$2
  [ -e "/run/netns/$netns" ] || die "no network namespace $netns"
  mkdir -p "$dir/data" "$dir/exec"
  if [ -f "$dir/docker.pid" ] && kill -0 "$(cat "$dir/docker.pid")" 2>/dev/null; then
    docker_at "$dir" version >/dev/null 2>&1 && { load_image "$dir"; return 0; }
  fi
  # A killed engine leaves its containerd state and mounts behind; a new one needs a clean exec root.
  kill_all "$dir"
  unmount_below "$dir/exec"
  rm -rf "$dir/exec" "$dir/docker.sock" "$dir/docker.pid"
  mkdir -p "$dir/exec"
  # nsenter, not `ip netns exec`: the latter remounts /sys and dockerd then finds no devices cgroup.
  # --iptables=false: the engine must not touch the host's FORWARD policy.
  setsid nsenter --net="/run/netns/$netns" dockerd \
    --data-root "$dir/data" --exec-root "$dir/exec" \
    -H "unix://$dir/docker.sock" --pidfile "$dir/docker.pid" \
    --iptables=false --ip-masq=false --userland-proxy=false \
    >"$dir/dockerd.log" 2>&1 </dev/null &
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until docker_at "$dir" version >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { tail -20 "$dir/dockerd.log" >&2; die "engine in $netns did not start within ${START_TIMEOUT_S}s"; }
    sleep 0.2
  done
  load_image "$dir"
}

stop() {
  local dir=$1 pid
  [ -f "$dir/docker.pid" ] || return 0
  pid=$(cat "$dir/docker.pid")
  if kill -0 "$pid" 2>/dev/null; then
    # Containers first, so nothing is left running when dockerd exits.
    docker_at "$dir" ps -q 2>/dev/null | xargs -r "$DOCKER" -H "unix://$dir/docker.sock" kill >/dev/null 2>&1 || true
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  kill_all "$dir"
  rm -f "$dir/docker.pid" "$dir/docker.sock"
}

kill_all() {
  local dir=$1 pids
  pids=$(engine_pids "$dir")
  [ -n "$pids" ] || return 0
  kill -KILL $pids 2>/dev/null || true
  # SIGKILL is delivered, not done: a process in the middle of a system call dies a moment later.
  # Return only once each is gone or a zombie, so "killed" means no longer running.
  local p _
  for p in $pids; do
    for _ in $(seq 50); do alive "$p" || break; sleep 0.1; done
  done
}

# Running: present in /proc and not a zombie.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [ "$(echo "${stat##*) }" | cut -c1)" != Z ]
}

case "${1:-}" in
  start) [ $# -eq 3 ] || die "usage: engine.sh start NETNS DIR"; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || die "usage: engine.sh stop DIR"; stop "$2" ;;
  kill) [ $# -eq 2 ] || die "usage: engine.sh kill DIR"; kill_all "$2"; rm -f "$2/docker.pid" "$2/docker.sock" ;;
  image) [ $# -eq 2 ] || die "usage: engine.sh image DIR"; load_image "$2" ;;
  remove) [ $# -eq 2 ] || die "usage: engine.sh remove DIR"; stop "$2"; unmount_below "$2"; rm -rf "$2" ;;
  *) die "usage: engine.sh start NETNS DIR | stop DIR | kill DIR | image DIR | remove DIR" ;;
esac
