// SPDX-License-Identifier: MIT
#include "serving/schedule_trace.h"

#include <fmt/format.h>

#include <iterator>

namespace xpu::serving {

namespace {

constexpr double kUsPerS = 1e6;

// Trace events joined by ",\n" into one array.
class EventWriter {
 public:
  EventWriter() : m_out("{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n") {}

  template <class... Args>
  void add(fmt::format_string<Args...> format, Args&&... args) {
    if (!m_first) m_out += ",\n";
    m_first = false;
    fmt::format_to(std::back_inserter(m_out), format, std::forward<Args>(args)...);
  }

  void track(size_t tid, const std::string& name) {
    add(R"({{"name": "thread_name", "ph": "M", "pid": 1, "tid": {}, "args": {{"name": "{}"}}}})",
        tid, name);
  }

  // Each engine of `pool` on track first_tid + its index, named "<label> k", or with several
  // micro-batches per replica "<label> k micro-batch m" (engine k * micro_batches + m).
  void replicas(const Schedule& pool, size_t first_tid, const std::string& label,
                size_t micro_batches = 1) {
    for (size_t engine = 0; engine < pool.size(); ++engine) {
      const size_t tid = first_tid + engine;
      const std::string name = micro_batches > 1
                                   ? fmt::format("{} {} micro-batch {}", label,
                                                 engine / micro_batches, engine % micro_batches)
                                   : fmt::format("{} {}", label, engine);
      track(tid, name);
      for (const Iteration& i : pool[engine]) {
        add(R"({{"name": "prefill {} + decode {}", "ph": "X", "pid": 1, "tid": {}, )"
            R"("ts": {:.3f}, "dur": {:.3f}, "args": {{"prefill_tokens": {}, )"
            R"("decode_sequences": {}}}}})",
            i.prefill_tokens, i.decode_sequences, tid, i.start_s * kUsPerS, i.duration_s * kUsPerS,
            i.prefill_tokens, i.decode_sequences);
        add(R"({{"name": "KV used, {}", "ph": "C", "pid": 1, "tid": {}, )"
            R"("ts": {:.3f}, "args": {{"used_fraction": {:.6f}}}}})",
            name, tid, (i.start_s + i.duration_s) * kUsPerS, i.kv_used_fraction);
      }
    }
  }

  std::string finish() { return m_out + "\n]}\n"; }

 private:
  std::string m_out;
  bool m_first = true;
};

}  // namespace

std::string schedule_trace_json(const Schedule& schedule, int64_t micro_batches_per_replica) {
  EventWriter w;
  w.replicas(schedule, 0, "replica", static_cast<size_t>(micro_batches_per_replica));
  return w.finish();
}

std::string schedule_trace_json(const DisaggregatedSchedule& schedule) {
  EventWriter w;
  w.replicas(schedule.prefill, 0, "prefill replica");
  const size_t decode_tid = schedule.prefill.size();
  w.replicas(schedule.decode, decode_tid, "decode replica");
  const size_t link_tid = decode_tid + schedule.decode.size();
  for (size_t replica = 0; replica < schedule.transfers.size(); ++replica) {
    w.track(link_tid + replica, fmt::format("KV link out of prefill replica {}", replica));
    for (const KvTransfer& t : schedule.transfers[replica]) {
      w.add(R"({{"name": "KV of request {} to decode replica {}", "ph": "X", "pid": 1, )"
            R"("tid": {}, "ts": {:.3f}, "dur": {:.3f}, "args": {{"bytes": {:.0f}}}}})",
            t.request, t.decode_replica, link_tid + replica, t.start_s * kUsPerS,
            t.duration_s * kUsPerS, t.bytes);
    }
  }
  return w.finish();
}

}  // namespace xpu::serving
