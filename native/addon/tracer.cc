#include "tracer.h"

#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

// Batches waiting for the JS thread; when full, the reader thread blocks (back-pressure).
constexpr size_t kMaxQueuedBatches = 32;

uint32_t OptionU32(const Napi::Object& options, const char* key, uint32_t fallback) {
  Napi::Value v = options.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().Uint32Value() : fallback;
}

// options[key] as a list of integers within [1, max]; false when it is set but not such a list.
template <typename T>
bool OptionIntList(const Napi::Object& options, const char* key, uint32_t max,
                   std::vector<T>* out) {
  Napi::Value v = options.Get(key);
  if (v.IsUndefined()) return true;
  if (!v.IsArray()) return false;
  Napi::Array list = v.As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); i++) {
    Napi::Value item = list.Get(i);
    if (!item.IsNumber()) return false;
    double n = item.As<Napi::Number>().DoubleValue();
    if (n < 1 || n > max || n != static_cast<double>(static_cast<uint32_t>(n))) return false;
    out->push_back(static_cast<T>(n));
  }
  return true;
}

bool OptionStringList(const Napi::Object& options, const char* key,
                      std::vector<std::string>* out) {
  Napi::Value v = options.Get(key);
  if (v.IsUndefined()) return true;
  if (!v.IsArray()) return false;
  Napi::Array list = v.As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); i++) {
    Napi::Value item = list.Get(i);
    if (!item.IsString()) return false;
    out->push_back(item.As<Napi::String>().Utf8Value());
  }
  return true;
}

// pids, processNames and ports of the start options (their limits are checked at configure).
bool ReadFilter(const Napi::Object& options, CaptureFilter* filter) {
  return OptionIntList(options, "pids", UINT32_MAX, &filter->pids) &&
         OptionStringList(options, "processNames", &filter->comms) &&
         OptionIntList(options, "ports", UINT16_MAX, &filter->ports);
}

void ThrowStepError(Napi::Env env, const StepError& e) {
  std::string message = "eBPF " + e.step + " failed: " + strerror(e.err);
  const char* code = strerrorname_np(e.err);
  if (code != nullptr) message += std::string(" (") + code + ")";
  if (!e.verifier_log_path.empty()) message += "; verifier log: " + e.verifier_log_path;
  Napi::Error error = Napi::Error::New(env, message);
  Napi::Object fields = error.Value();
  fields.Set("step", Napi::String::New(env, e.step));
  fields.Set("errno", Napi::Number::New(env, e.err));
  if (code != nullptr) fields.Set("code", Napi::String::New(env, code));
  fields.Set("detail", Napi::String::New(env, e.detail));
  if (!e.verifier_log_path.empty()) {
    fields.Set("verifierLog", Napi::String::New(env, e.verifier_log_path));
  }
  error.ThrowAsJavaScriptException();
}

}  // namespace

Napi::Function Tracer::Define(Napi::Env env) {
  return DefineClass(env, "Tracer",
                     {
                         InstanceMethod<&Tracer::Start>("start"),
                         InstanceMethod<&Tracer::Stop>("stop"),
                         InstanceMethod<&Tracer::GetStats>("stats"),
                     });
}

Tracer::Tracer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Tracer>(info) {}

Napi::Value Tracer::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (state_ != State::kIdle) {
    Napi::Error::New(env, "a Tracer starts once").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsFunction()) {
    Napi::TypeError::New(env, "start(options, onBatch)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object options = info[0].As<Napi::Object>();
  SessionOptions opts;
  opts.self_tgid = static_cast<uint32_t>(getpid());
  opts.max_capture_bytes = OptionU32(options, "maxCaptureBytes", opts.max_capture_bytes);
  opts.ring_buffer_bytes = OptionU32(options, "ringBufferBytes", opts.ring_buffer_bytes);
  if (!ReadFilter(options, &opts.filter)) {
    Napi::TypeError::New(env, "pids and ports must be lists of positive integers, "
                              "processNames a list of strings")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Value log_dir = options.Get("logDir");
  if (log_dir.IsString()) opts.log_dir = log_dir.As<Napi::String>().Utf8Value();

  session_ = std::make_unique<BpfSession>();
  if (auto err = session_->Start(opts)) {
    session_.reset();
    ThrowStepError(env, *err);
    return env.Undefined();
  }
  reader_ = std::make_unique<RingReader>();
  if (int err = reader_->Open(session_->RingBufferFd()); err != 0) {
    reader_.reset();
    session_.reset();
    ThrowStepError(env, StepError{"open ring buffer", -err, "", ""});
    return env.Undefined();
  }
  queue_ = BatchQueue::New(
      env, info[1].As<Napi::Function>(), "px-ebpf-ring", kMaxQueuedBatches, 1, this,
      [](Napi::Env env, void*, Tracer* self) { self->Finish(env); }, static_cast<void*>(nullptr));
  // The reader thread uses this object until Finish; keep it from being collected.
  Ref();
  state_ = State::kRunning;
  reader_->Run(
      [this](std::unique_ptr<Batch> batch) {
        Batch* raw = batch.release();
        if (queue_.BlockingCall(raw) == napi_ok) return true;
        delete raw;
        return false;
      },
      [this]() { queue_.Release(); });
  return env.Undefined();
}

void Tracer::DeliverBatch(Napi::Env env, Napi::Function on_batch, Tracer*, Batch* batch) {
  if (env == nullptr || on_batch.IsEmpty()) {
    delete batch;
    return;
  }
  auto buffer = Napi::Buffer<uint8_t>::New(
      env, batch->data(), batch->size(), [](Napi::Env, uint8_t*, Batch* b) { delete b; }, batch);
  on_batch.Call({buffer});
}

Napi::Value Tracer::Stop(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto waiter = Napi::Promise::Deferred::New(env);
  if (state_ == State::kRunning || state_ == State::kStopping) {
    state_ = State::kStopping;
    stop_waiters_.push_back(waiter);
    reader_->RequestStop();
  } else {
    state_ = State::kStopped;
    waiter.Resolve(StatsObject(env));
  }
  return waiter.Promise();
}

void Tracer::Finish(Napi::Env env) {
  reader_->Join();
  final_counters_ = session_->Counters();
  final_reader_ = reader_->Stats();
  reader_.reset();
  session_.reset();
  state_ = State::kStopped;
  for (auto& waiter : stop_waiters_) waiter.Resolve(StatsObject(env));
  stop_waiters_.clear();
  Unref();
}

Napi::Value Tracer::GetStats(const Napi::CallbackInfo& info) { return StatsObject(info.Env()); }

Napi::Object Tracer::StatsObject(Napi::Env env) const {
  Napi::Object out = Napi::Object::New(env);
  CounterList counters = session_ ? session_->Counters() : final_counters_;
  ReaderStats reader = reader_ ? reader_->Stats() : final_reader_;
  for (const auto& [name, value] : counters) out.Set(name, static_cast<double>(value));
  out.Set("records", static_cast<double>(reader.records));
  out.Set("bytes", static_cast<double>(reader.bytes));
  out.Set("batches", static_cast<double>(reader.batches));
  out.Set("pollErrno", reader.last_poll_error);
  out.Set("running", state_ == State::kRunning);
  return out;
}
