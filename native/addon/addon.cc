// px_ebpf.node: the socket tracer (Tracer) and the constants JS needs to read its records.
#include <linux/types.h>
#include <napi.h>
#include <time.h>
#include <unistd.h>

#include "socket_trace.h"
#include "tracer.h"

namespace {

int64_t ClockNs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// CLOCK_REALTIME − CLOCK_MONOTONIC: BPF timestamps are monotonic; add this for wall time.
// Sampled between two monotonic reads so the error is half their distance.
Napi::Value ClockOffsetNs(const Napi::CallbackInfo& info) {
  int64_t before = ClockNs(CLOCK_MONOTONIC);
  int64_t real = ClockNs(CLOCK_REALTIME);
  int64_t after = ClockNs(CLOCK_MONOTONIC);
  return Napi::BigInt::New(info.Env(), real - (before + (after - before) / 2));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Tracer", Tracer::Define(env));
  exports.Set("clockOffsetNs", Napi::Function::New(env, ClockOffsetNs, "clockOffsetNs"));
  exports.Set("abiVersion", PX_ABI_VERSION);
  exports.Set("chunkBytes", PX_CHUNK_BYTES);
  exports.Set("maxCaptureBytes", PX_MAX_CAPTURE_BYTES);
  exports.Set("maxFilterValues", PX_MAX_FILTER_VALUES);
  exports.Set("clockTicksPerSecond", static_cast<double>(sysconf(_SC_CLK_TCK)));
  return exports;
}

}  // namespace

NODE_API_MODULE(px_ebpf, Init)
