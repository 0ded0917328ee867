// Drains the BPF ring buffer on its own thread and hands records over in batches.
//
// Batch format (what JS receives): records back to back, each as
//   u32 size | u32 reserved (0) | size bytes of record | zero padding to a multiple of 8.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

struct ring_buffer;

using Batch = std::vector<uint8_t>;
// Called on the reader thread; may block (that is the back-pressure: the ring buffer then
// fills and the kernel counts drops). Returns false when the consumer is gone.
using BatchSink = std::function<bool(std::unique_ptr<Batch>)>;

struct ReaderStats {
  uint64_t records = 0;
  uint64_t bytes = 0;
  uint64_t batches = 0;
  int last_poll_error = 0;
};

class RingReader {
 public:
  RingReader() = default;
  RingReader(const RingReader&) = delete;
  RingReader& operator=(const RingReader&) = delete;
  ~RingReader();

  // Maps the ring buffer; returns 0 or a negative errno.
  int Open(int ring_fd);
  // Starts the thread. on_exit runs last on that thread, after the final batch.
  void Run(BatchSink sink, std::function<void()> on_exit);
  // Asks the thread to drain what is left and finish.
  void RequestStop();
  void Join();
  ReaderStats Stats() const;

 private:
  static int OnRecord(void* self, void* data, size_t size);
  void Loop();
  bool Flush();

  ring_buffer* rb_ = nullptr;
  BatchSink sink_;
  std::function<void()> on_exit_;
  std::unique_ptr<Batch> batch_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  bool sink_gone_ = false;
  std::atomic<uint64_t> records_{0};
  std::atomic<uint64_t> bytes_{0};
  std::atomic<uint64_t> batches_{0};
  std::atomic<int> last_poll_error_{0};
};
