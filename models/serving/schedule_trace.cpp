// SPDX-License-Identifier: MIT
#include "serving/schedule_trace.h"

#include <fmt/format.h>

#include <iterator>

namespace xpu::serving {

std::string schedule_trace_json(const Schedule& schedule) {
  constexpr double kUsPerS = 1e6;
  std::string out = "{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n";
  auto it = std::back_inserter(out);
  bool first = true;
  auto separator = [&] {
    if (!first) out += ",\n";
    first = false;
  };
  for (size_t replica = 0; replica < schedule.size(); ++replica) {
    separator();
    fmt::format_to(it,
                   R"({{"name": "thread_name", "ph": "M", "pid": 1, "tid": {0}, )"
                   R"("args": {{"name": "replica {0}"}}}})",
                   replica);
    for (const Iteration& i : schedule[replica]) {
      separator();
      fmt::format_to(it,
                     R"({{"name": "prefill {} + decode {}", "ph": "X", "pid": 1, "tid": {}, )"
                     R"("ts": {:.3f}, "dur": {:.3f}, "args": {{"prefill_tokens": {}, )"
                     R"("decode_sequences": {}}}}})",
                     i.prefill_tokens, i.decode_sequences, replica, i.start_s * kUsPerS,
                     i.duration_s * kUsPerS, i.prefill_tokens, i.decode_sequences);
      separator();
      fmt::format_to(it,
                     R"({{"name": "KV used, replica {}", "ph": "C", "pid": 1, "tid": {}, )"
                     R"("ts": {:.3f}, "args": {{"used_fraction": {:.6f}}}}})",
                     replica, replica, (i.start_s + i.duration_s) * kUsPerS, i.kv_used_fraction);
    }
  }
  out += "\n]}\n";
  return out;
}

}  // namespace xpu::serving
