# Installs what Shoal needs on a fresh Debian machine with Node 20, as root: Debian packages, npm
# dependencies, the build, and the `shoal` commands on PATH. Sourced by deploy/quickstart and test/run.
# Safe to run again: it only installs what is missing.

shoal_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

install_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_shoal() {
  local root; root=$(shoal_root)
  install_debian_packages etcd-server iproute2
  # The Debian etcd-server package starts a system etcd on 2379; Shoal runs its own, so stop that one.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then systemctl stop etcd || true; fi
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error && npm run -s build)
  for bin in shoal shoal-manager shoal-agent; do
    ln -sf "$root/dist/$( [ "$bin" = shoal ] && echo cli || echo "${bin#shoal-}")/main.js" "/usr/local/bin/$bin"
  done
}
