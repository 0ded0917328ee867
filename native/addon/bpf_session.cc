#include "bpf_session.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "libbpf_log.h"
#include "socket_trace.h"
#include "socket_trace.skel.h"

namespace {

// Index = enum px_counter.
const char* const kCounterNames[PX_CNT__COUNT] = {
    "ringbufDrops", "readErrors", "iovLimit", "mmsgLimit", "connTableFull", "staleConns",
};

// Verifier logs of failed loads can be long; the kernel keeps the tail, which names the fault.
constexpr size_t kVerifierLogBytes = 4u << 20;

StepError Fail(const std::string& step, int err) {
  StepError e;
  e.step = step;
  e.err = err < 0 ? -err : err;
  e.detail = LibbpfLogTail();
  return e;
}

// libbpf names the program the verifier rejected only in its log: "prog 'exit_read': ...".
std::string RejectedProgram(const std::string& libbpf_log) {
  const std::string marker = "prog '";
  size_t start = libbpf_log.rfind(marker);
  if (start == std::string::npos) return "";
  start += marker.size();
  size_t end = libbpf_log.find('\'', start);
  return end == std::string::npos ? "" : libbpf_log.substr(start, end - start);
}

bool IsPowerOfTwo(uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }

bool FilterFits(const CaptureFilter& f) {
  if (f.pids.size() > PX_MAX_FILTER_VALUES || f.comms.size() > PX_MAX_FILTER_VALUES ||
      f.ports.size() > PX_MAX_FILTER_VALUES) {
    return false;
  }
  for (const std::string& comm : f.comms) {
    if (comm.empty() || comm.size() >= PX_COMM_BYTES) return false;
  }
  return true;
}

// Puts each key in a filter map (value unused: presence is the answer).
template <typename Key>
int AddKeys(bpf_map* map, const std::vector<Key>& keys) {
  const uint8_t present = 1;
  for (const Key& key : keys) {
    int err = bpf_map__update_elem(map, &key, sizeof(key), &present, sizeof(present), BPF_ANY);
    if (err != 0) return err;
  }
  return 0;
}

// Writes the verifier log to a new file in dir; returns its path, or "" when there is none.
std::string SaveVerifierLog(const std::vector<char>& log, const std::string& dir) {
  if (log.empty() || log[0] == '\0') return "";
  std::string path = dir + "/px-verifier-XXXXXX.log";
  int fd = mkstemps(path.data(), 4);
  if (fd < 0) return "";
  FILE* out = fdopen(fd, "w");
  if (out == nullptr) {
    close(fd);
    return "";
  }
  fputs(log.data(), out);
  fclose(out);
  return path;
}

}  // namespace

BpfSession::~BpfSession() {
  for (bpf_link* link : links_) bpf_link__destroy(link);
  if (skel_ != nullptr) socket_trace_bpf__destroy(skel_);
}

std::optional<StepError> BpfSession::Start(const SessionOptions& options) {
  LibbpfLogReset();
  log_buf_.assign(kVerifierLogBytes, '\0');
  LIBBPF_OPTS(bpf_object_open_opts, open_opts, .kernel_log_buf = log_buf_.data(),
              .kernel_log_size = log_buf_.size());
  skel_ = socket_trace_bpf__open_opts(&open_opts);
  if (skel_ == nullptr) return Fail("open", errno);
  if (auto err = Configure(options)) return err;
  if (auto err = Load(options)) return err;
  if (auto err = FillFilter(options.filter)) return err;
  return Attach();
}

std::optional<StepError> BpfSession::Configure(const SessionOptions& options) {
  if (!IsPowerOfTwo(options.ring_buffer_bytes) ||
      options.ring_buffer_bytes % static_cast<uint32_t>(getpagesize()) != 0) {
    return Fail("configure ring buffer size", EINVAL);
  }
  if (options.max_capture_bytes > PX_MAX_CAPTURE_BYTES) {
    return Fail("configure max capture bytes", EINVAL);
  }
  if (!FilterFits(options.filter)) return Fail("configure filters", EINVAL);
  int err = bpf_map__set_max_entries(skel_->maps.events, options.ring_buffer_bytes);
  if (err != 0) return Fail("configure ring buffer size", err);
  skel_->rodata->self_tgid = options.self_tgid;
  skel_->rodata->max_capture_bytes = options.max_capture_bytes;
  skel_->rodata->wakeup_bytes = options.ring_buffer_bytes / 4;
  skel_->rodata->filter_by_pid = !options.filter.pids.empty();
  skel_->rodata->filter_by_comm = !options.filter.comms.empty();
  skel_->rodata->filter_by_port = !options.filter.ports.empty();
  return std::nullopt;
}

std::optional<StepError> BpfSession::Load(const SessionOptions& options) {
  // libbpf 1.x raises RLIMIT_MEMLOCK by itself on kernels without memcg accounting.
  int err = socket_trace_bpf__load(skel_);
  if (err == 0) return std::nullopt;
  StepError e = Fail("load", err);
  std::string program = RejectedProgram(e.detail);
  if (!program.empty()) e.step += " " + program;
  e.verifier_log_path = SaveVerifierLog(log_buf_, options.log_dir);
  return e;
}

// Filled after load (maps exist only then) and before attach, so no event escapes the filter.
std::optional<StepError> BpfSession::FillFilter(const CaptureFilter& filter) {
  std::vector<px_comm_key> comms(filter.comms.size());
  for (size_t i = 0; i < comms.size(); i++) {
    // Zero-padded, as the kernel's comm is read into a zeroed key.
    filter.comms[i].copy(comms[i].name, sizeof(comms[i].name) - 1);
  }
  int err = AddKeys(skel_->maps.filter_pids, filter.pids);
  if (err == 0) err = AddKeys(skel_->maps.filter_comms, comms);
  if (err == 0) err = AddKeys(skel_->maps.filter_ports, filter.ports);
  return err == 0 ? std::nullopt : std::optional<StepError>(Fail("configure filters", err));
}

std::optional<StepError> BpfSession::Attach() {
  bpf_program* prog;
  bpf_object__for_each_program(prog, skel_->obj) {
    bpf_link* link = bpf_program__attach(prog);
    if (link == nullptr) {
      return Fail(std::string("attach ") + bpf_program__section_name(prog), errno);
    }
    links_.push_back(link);
  }
  return std::nullopt;
}

int BpfSession::RingBufferFd() const { return bpf_map__fd(skel_->maps.events); }

CounterList BpfSession::Counters() const {
  CounterList out;
  int ncpus = libbpf_num_possible_cpus();
  if (skel_ == nullptr || ncpus <= 0) return out;
  std::vector<uint64_t> per_cpu(static_cast<size_t>(ncpus));
  int fd = bpf_map__fd(skel_->maps.counters);
  for (uint32_t key = 0; key < PX_CNT__COUNT; key++) {
    uint64_t sum = 0;
    if (bpf_map_lookup_elem(fd, &key, per_cpu.data()) == 0) {
      for (uint64_t v : per_cpu) sum += v;
    }
    out.emplace_back(kCounterNames[key], sum);
  }
  return out;
}
