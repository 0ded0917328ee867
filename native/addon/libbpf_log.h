// libbpf reports the reason for most failures only through its print callback. Keep the tail
// of what it said so errors can quote it.
#pragma once

#include <string>

// Installs the callback (idempotent) and forgets earlier messages.
void LibbpfLogReset();
// The last warnings libbpf printed, oldest first, at most a few KiB.
std::string LibbpfLogTail();
