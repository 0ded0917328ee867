// The JS face of a capture: new Tracer(); start(options, onBatch); stats(); stop() → Promise.
#pragma once

#include <napi.h>

#include <memory>
#include <vector>

#include "bpf_session.h"
#include "ring_reader.h"

class Tracer : public Napi::ObjectWrap<Tracer> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Tracer(const Napi::CallbackInfo& info);

 private:
  static void DeliverBatch(Napi::Env env, Napi::Function on_batch, Tracer* self, Batch* batch);
  using BatchQueue = Napi::TypedThreadSafeFunction<Tracer, Batch, DeliverBatch>;

  enum class State { kIdle, kRunning, kStopping, kStopped };

  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value GetStats(const Napi::CallbackInfo& info);
  // Runs on the JS thread once the reader thread has let go of the queue.
  void Finish(Napi::Env env);
  Napi::Object StatsObject(Napi::Env env) const;

  State state_ = State::kIdle;
  std::unique_ptr<BpfSession> session_;
  std::unique_ptr<RingReader> reader_;
  BatchQueue queue_;
  std::vector<Napi::Promise::Deferred> stop_waiters_;
  CounterList final_counters_;
  ReaderStats final_reader_;
};
