#!/usr/bin/env bash
# Sets up everything px needs on a Debian machine, idempotently: system packages (build tools,
# libbpf, libpcap, and the real servers and clients the tests drive), npm dependencies, the
# TypeScript build and the native eBPF part. A second run only checks, then rebuilds what changed.
#
#   ./scripts/setup.sh            set up and build
#   PX_SETUP_SKIP_APT=1 ...      skip the system package step (e.g. no root, already installed)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Build: clang/llvm/bpftool/libbpf/libelf/zlib for the BPF programs and addon; libpcap for the
# capture fallback. Tests: the servers and clients px is checked against, tshark as an oracle,
# tcpdump to record captures, tmux to drive the TUI, setpriv (util-linux) to drop privileges.
PACKAGES=(
  build-essential python3 pkg-config clang llvm bpftool libbpf-dev libelf-dev zlib1g-dev
  libpcap-dev libpcap0.8
  nginx-light postgresql mariadb-server mariadb-client dnsmasq-base dnsutils
  curl wrk tshark tcpdump tmux iproute2 util-linux procps
)

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "system packages: all ${#PACKAGES[@]} present"
    return
  fi
  say "installing system packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  # Debian starts packaged servers on install; tests start their own on free ports.
  for svc in nginx postgresql mariadb; do
    "${sudo[@]}" service "$svc" stop >/dev/null 2>&1 || true
  done
}

install_node_modules() {
  local stamp=node_modules/.px-lock-hash
  local hash
  hash=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    say "npm dependencies: up to date"
    return
  fi
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
  echo "$hash" >"$stamp"
}

build() {
  say "building TypeScript"
  npm run --silent build
  local addon=native/build/Release/px_ebpf.node
  if [ -f "$addon" ] && [ -z "$(find native/bpf native/addon native/binding.gyp native/build.sh \
    -newer "$addon" -type f ! -name '*.o' ! -name '*.skel.h' ! -name vmlinux.h | head -1)" ]; then
    say "native eBPF part: up to date"
  else
    say "building the native eBPF part"
    native/build.sh
  fi
}

[ "${PX_SETUP_SKIP_APT:-0}" = 1 ] || install_packages
install_node_modules
build
say "ready: ./bin/px --help"
