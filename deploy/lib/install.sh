# Installs what Shoal needs on a fresh Debian machine with Node 20, as root: Debian packages, npm
# dependencies, the build, and the `shoal` commands on PATH. Sourced by deploy/quickstart and test/run.
# Safe to run again: it only installs what is missing.

# docker.io: the engines (the testbed always uses its client /usr/bin/docker, never a newer one in
# /usr/local/bin); etcd-server: the manager's embedded etcd; busybox-static: the busybox:latest image
# built offline; iproute2 and nftables: hosts, overlays and VIPs; dnsutils: dig, for the DNS tests.
SHOAL_DEBIAN_PACKAGES=(docker.io etcd-server busybox-static iproute2 nftables dnsutils)

shoal_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

package_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do package_installed "$pkg" || missing+=("$pkg"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Stops, and keeps from starting at boot, system services a package started under systemd: Shoal
# runs its own. (Without systemd nothing is stopped: an init script would find its daemon by name
# and could hit an etcd or dockerd someone else runs.)
stop_system_services() {
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now "$@" >/dev/null 2>&1 || true
  fi
}

install_shoal() {
  local root had_docker=1
  root=$(shoal_root)
  package_installed docker.io || had_docker=0
  install_debian_packages "${SHOAL_DEBIAN_PACKAGES[@]}"
  # The etcd-server package starts a system etcd on 2379; Shoal's manager runs its own.
  stop_system_services etcd
  # A freshly installed docker.io starts an engine in the root namespace, which sets the FORWARD
  # policy to DROP; Shoal's engines run inside namespaces. A Docker that was here before is left alone.
  [ "$had_docker" = 1 ] || stop_system_services docker.socket docker
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error && npm run -s build)
  for bin in shoal shoal-manager shoal-agent; do
    ln -sf "$root/dist/$( [ "$bin" = shoal ] && echo cli || echo "${bin#shoal-}")/main.js" "/usr/local/bin/$bin"
  done
}
