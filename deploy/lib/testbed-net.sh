# The testbed's underlay: one bridge in the root namespace and, per host, a network namespace joined
# to it by a veth. Sourced by deploy/testbed.
#
#   root namespace: shoal-br0 10.213.0.1/24 ── shoal-hN (veth) ──▶ netns shoal-hostN: eth0 10.213.0.(10+N)/24

# A private /24 nothing else on our machines uses (Docker takes 172.17-31, libvirt 192.168.122).
UNDERLAY_PREFIX=10.213.0
BRIDGE=shoal-br0
NETNS_PREFIX=shoal-
VETH_PREFIX=shoal-h   # + host number; interface names are at most 15 characters

host_netns() { echo "$NETNS_PREFIX$1"; }
host_number() { echo "${1#host}"; }
host_ip() { echo "$UNDERLAY_PREFIX.$((10 + $(host_number "$1")))"; }
host_veth() { echo "$VETH_PREFIX$(host_number "$1")"; }

ensure_bridge() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip addr replace "$UNDERLAY_PREFIX.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  allow_bridged_traffic
}

# With br_netfilter loaded, frames crossing a bridge go through the root namespace's iptables FORWARD
# chain, whose policy a Docker engine in the root namespace sets to DROP; this rule lets the hosts
# keep talking to each other whatever that policy is.
BRIDGE_ACCEPT_RULE=(FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT)

bridged_traffic_filtered() {
  [ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)" = 1 ] && command -v iptables >/dev/null
}

allow_bridged_traffic() {
  bridged_traffic_filtered || return 0
  iptables -C "${BRIDGE_ACCEPT_RULE[@]}" 2>/dev/null || iptables -I "${BRIDGE_ACCEPT_RULE[@]}"
}

revoke_bridged_traffic() {
  bridged_traffic_filtered || return 0
  local _
  for _ in 1 2 3; do # at most one rule is ours; the bound only guards against a loop
    iptables -D "${BRIDGE_ACCEPT_RULE[@]}" 2>/dev/null || break
  done
}

add_host_net() {
  local host=$1 netns veth
  netns=$(host_netns "$host")
  veth=$(host_veth "$host")
  ip netns add "$netns"
  ip link add "$veth" type veth peer name eth0 netns "$netns"
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$netns" link set lo up
  ip -n "$netns" addr add "$(host_ip "$host")/24" dev eth0
  ip -n "$netns" link set eth0 up
  # Bridged traffic inside a host (its overlay bridges) need not pass the host's netfilter: Shoal's
  # isolation rules act on routed traffic, and the engines run without iptables. Per namespace
  # since Linux 5.3; where the knob is missing there is nothing to turn off.
  nsenter --net="/run/netns/$netns" sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-ip6tables=0 2>/dev/null || true
}

# up or down: the host side of the veth, so a host that is "down" has no carrier at all.
set_host_link() { ip link set "$(host_veth "$1")" "$2"; }

host_link_state() { ip -br link show "$(host_veth "$1")" 2>/dev/null | awk '{ print $2 }'; }

# Removes every namespace, veth and bridge of a testbed, including those of a crashed one.
remove_underlay() {
  local name
  for name in $(ip netns list | awk '{ print $1 }' | grep -E "^${NETNS_PREFIX}host[0-9]+$"); do
    ip netns del "$name"
  done
  for name in $(ip -o link show type veth | awk -F': ' '{ print $2 }' | cut -d@ -f1 | grep -E "^${VETH_PREFIX}[0-9]+$"); do
    ip link del "$name" 2>/dev/null || true
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link del "$BRIDGE"; fi
  revoke_bridged_traffic
}
