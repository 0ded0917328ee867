{
  "targets": [
    {
      "target_name": "px_ebpf",
      "sources": [
        "addon/addon.cc",
        "addon/tracer.cc",
        "addon/bpf_session.cc",
        "addon/ring_reader.cc",
        "addon/libbpf_log.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "bpf"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=gnu++17", "-Wall", "-Wextra", "-Werror", "-Wno-missing-field-initializers"],
      "libraries": ["<!@(pkg-config --libs libbpf)", "-lelf", "-lz"],
      "actions": [
        {
          "action_name": "bpf_skeleton",
          "inputs": [
            "bpf/build.sh",
            "bpf/socket_trace.bpf.c",
            "bpf/socket_trace.h",
            "bpf/px_maps.bpf.h",
            "bpf/px_sock.bpf.h",
            "bpf/px_conn.bpf.h",
            "bpf/px_emit.bpf.h",
            "bpf/px_filter.bpf.h"
          ],
          "outputs": ["bpf/socket_trace.skel.h"],
          "action": ["bash", "bpf/build.sh"],
          "message": "Building the BPF object and skeleton"
        }
      ]
    }
  ]
}
