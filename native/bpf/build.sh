#!/usr/bin/env bash
# Builds socket_trace.bpf.o and its libbpf skeleton (socket_trace.skel.h) in this folder.
# Run by binding.gyp before the addon compiles; safe to run again. Fails loudly.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

die() {
  echo "native/bpf/build.sh: $*" >&2
  exit 1
}

CLANG=${CLANG:-clang}
BPFTOOL=${BPFTOOL:-bpftool}
BTF=${PX_BTF:-/sys/kernel/btf/vmlinux}

command -v "$CLANG" >/dev/null || die "$CLANG not found (apt-get install clang llvm)"
command -v "$BPFTOOL" >/dev/null || die "$BPFTOOL not found (apt-get install bpftool)"
[[ -r $BTF ]] || die "no kernel BTF at $BTF (the kernel needs CONFIG_DEBUG_INFO_BTF=y)"
[[ -r /usr/include/bpf/bpf_helpers.h ]] || die "libbpf headers missing (apt-get install libbpf-dev)"

case $(uname -m) in
  x86_64) arch=x86 ;;
  aarch64) arch=arm64 ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac

# vmlinux.h describes the running kernel's types; CO-RE relocates them on other kernels.
# Replace it only when it changed, so make sees a stable timestamp.
"$BPFTOOL" btf dump file "$BTF" format c >vmlinux.h.tmp || die "bpftool btf dump failed"
if cmp -s vmlinux.h.tmp vmlinux.h; then rm vmlinux.h.tmp; else mv vmlinux.h.tmp vmlinux.h; fi

"$CLANG" -target bpf -O2 -g -Wall -Werror -D__TARGET_ARCH_"$arch" -I"$here" \
  -c socket_trace.bpf.c -o socket_trace.bpf.o.tmp || die "clang failed on socket_trace.bpf.c"
mv socket_trace.bpf.o.tmp socket_trace.bpf.o

"$BPFTOOL" gen skeleton socket_trace.bpf.o name socket_trace_bpf >socket_trace.skel.h.tmp ||
  die "bpftool gen skeleton failed"
mv socket_trace.skel.h.tmp socket_trace.skel.h
echo "native/bpf: built socket_trace.bpf.o and socket_trace.skel.h"
