#!/usr/bin/env bash
# Builds the native eBPF part: the BPF object and skeleton (bpf/build.sh, run by binding.gyp)
# and the Node addon build/Release/px_ebpf.node. Safe to run again; fails loudly.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

die() {
  echo "native/build.sh: $*" >&2
  exit 1
}

command -v pkg-config >/dev/null || die "pkg-config not found (apt-get install pkg-config)"
pkg-config --exists libbpf || die "libbpf not found by pkg-config (apt-get install libbpf-dev)"
[[ -x ../node_modules/.bin/node-gyp ]] ||
  die "node-gyp not installed (npm ci in the repository root)"

# Use the headers the Debian/NodeSource package ships when they match this node: node-gyp
# would otherwise download them, and only the npm registry is reachable here.
gyp_args=()
node_version=$(node -p 'process.versions.node')
header=/usr/include/node/node_version.h
if [[ -r $header ]]; then
  headers_version=$(awk '/define NODE_(MAJOR|MINOR|PATCH)_VERSION /{v=v (v?".":"") $3} END{print v}' "$header")
  [[ $headers_version == "$node_version" ]] && gyp_args+=(--nodedir=/usr)
fi

# The BPF object is rebuilt every time (about a second) so it always matches these sources.
bash bpf/build.sh
../node_modules/.bin/node-gyp rebuild "${gyp_args[@]}" || die "node-gyp rebuild failed"
[[ -f build/Release/px_ebpf.node ]] || die "build/Release/px_ebpf.node was not produced"
echo "native: built build/Release/px_ebpf.node"
