#include "libbpf_log.h"

#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace {

constexpr size_t kKeepBytes = 4096;

std::mutex log_mutex;
std::string log_tail;

int OnLibbpfPrint(enum libbpf_print_level level, const char* format, va_list args) {
  if (level == LIBBPF_DEBUG) return 0;
  char line[1024];
  int n = vsnprintf(line, sizeof line, format, args);
  if (n <= 0) return 0;
  std::lock_guard<std::mutex> lock(log_mutex);
  log_tail.append(line);
  if (log_tail.size() > kKeepBytes) log_tail.erase(0, log_tail.size() - kKeepBytes);
  return 0;
}

}  // namespace

void LibbpfLogReset() {
  libbpf_set_print(OnLibbpfPrint);
  std::lock_guard<std::mutex> lock(log_mutex);
  log_tail.clear();
}

std::string LibbpfLogTail() {
  std::lock_guard<std::mutex> lock(log_mutex);
  return log_tail;
}
