#include "ring_reader.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>

namespace {

// The BPF side wakes us only when a quarter of the ring is full, so we also look every
// kPollMs: that bounds the delay of a quiet stream.
constexpr int kPollMs = 20;
// A batch is handed over once it holds this much, even in the middle of a drain.
constexpr size_t kFlushBytes = 1u << 20;
constexpr size_t kRecordHeaderBytes = 8;

size_t Padded(size_t size) { return (size + 7) & ~static_cast<size_t>(7); }

}  // namespace

RingReader::~RingReader() {
  RequestStop();
  Join();
  if (rb_ != nullptr) ring_buffer__free(rb_);
}

int RingReader::Open(int ring_fd) {
  rb_ = ring_buffer__new(ring_fd, &RingReader::OnRecord, this, nullptr);
  return rb_ == nullptr ? -errno : 0;
}

void RingReader::Run(BatchSink sink, std::function<void()> on_exit) {
  sink_ = std::move(sink);
  on_exit_ = std::move(on_exit);
  batch_ = std::make_unique<Batch>();
  thread_ = std::thread(&RingReader::Loop, this);
}

void RingReader::RequestStop() { stopping_.store(true); }

void RingReader::Join() {
  if (thread_.joinable()) thread_.join();
}

ReaderStats RingReader::Stats() const {
  ReaderStats s;
  s.records = records_.load();
  s.bytes = bytes_.load();
  s.batches = batches_.load();
  s.last_poll_error = last_poll_error_.load();
  return s;
}

int RingReader::OnRecord(void* self, void* data, size_t size) {
  auto* reader = static_cast<RingReader*>(self);
  Batch& batch = *reader->batch_;
  size_t at = batch.size();
  batch.resize(at + kRecordHeaderBytes + Padded(size), 0);
  uint32_t header[2] = {static_cast<uint32_t>(size), 0};
  std::memcpy(batch.data() + at, header, sizeof header);
  std::memcpy(batch.data() + at + kRecordHeaderBytes, data, size);
  reader->records_.fetch_add(1);
  reader->bytes_.fetch_add(size);
  if (batch.size() >= kFlushBytes && !reader->Flush()) return -1;
  return 0;
}

bool RingReader::Flush() {
  if (batch_->empty() || sink_gone_) return !sink_gone_;
  auto full = std::move(batch_);
  batch_ = std::make_unique<Batch>();
  batches_.fetch_add(1);
  if (!sink_(std::move(full))) sink_gone_ = true;
  return !sink_gone_;
}

void RingReader::Loop() {
  while (!stopping_.load() && !sink_gone_) {
    int n = ring_buffer__poll(rb_, kPollMs);
    if (n < 0 && n != -EINTR) {
      last_poll_error_.store(-n);
      break;
    }
    // Records written without a wakeup are only seen by consuming.
    ring_buffer__consume(rb_);
    Flush();
  }
  // Whatever was written before stop() still reaches the consumer.
  ring_buffer__consume(rb_);
  Flush();
  if (on_exit_) on_exit_();
}
