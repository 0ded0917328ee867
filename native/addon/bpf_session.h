// The BPF side of a capture: open, configure, load and attach socket_trace, and read its
// counters. Knows nothing of Node; every failure names the step and the errno.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct socket_trace_bpf;
struct bpf_link;

// What to capture; an empty list does not filter (see bpf/px_filter.bpf.h).
struct CaptureFilter {
  std::vector<uint32_t> pids;
  std::vector<std::string> comms;  // exact process names, at most 15 bytes
  std::vector<uint16_t> ports;
};

struct SessionOptions {
  uint32_t self_tgid = 0;
  uint32_t max_capture_bytes = 16384;
  uint32_t ring_buffer_bytes = 16u << 20;
  CaptureFilter filter;
  // Where the verifier log goes when loading fails.
  std::string log_dir = "/tmp";
};

struct StepError {
  std::string step;    // "open", "configure", "load", "attach <program>"
  int err = 0;         // positive errno
  std::string detail;  // libbpf's last messages
  std::string verifier_log_path;
};

using CounterList = std::vector<std::pair<std::string, uint64_t>>;

class BpfSession {
 public:
  BpfSession() = default;
  BpfSession(const BpfSession&) = delete;
  BpfSession& operator=(const BpfSession&) = delete;
  ~BpfSession();

  std::optional<StepError> Start(const SessionOptions& options);
  int RingBufferFd() const;
  // Kernel counters (enum px_counter) summed over CPUs.
  CounterList Counters() const;

 private:
  std::optional<StepError> Configure(const SessionOptions& options);
  std::optional<StepError> Load(const SessionOptions& options);
  std::optional<StepError> FillFilter(const CaptureFilter& filter);
  std::optional<StepError> Attach();

  socket_trace_bpf* skel_ = nullptr;
  std::vector<bpf_link*> links_;
  std::vector<char> log_buf_;
};
