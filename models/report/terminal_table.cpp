// SPDX-License-Identifier: MIT
#include "report/terminal_table.h"

#include <fmt/format.h>

#include "common/units.h"

namespace xpu::report {

std::string to_terminal_table(const Result& r) {
  std::string out;
  auto line = [&]<typename... Args>(fmt::format_string<Args...> f, Args&&... args) {
    out += fmt::format(f, std::forward<Args>(args)...) + "\n";
  };
  std::string shape = r.phase == Phase::kPrefill ? fmt::format("prompt {}", r.prompt)
                                                 : fmt::format("context {}", r.context);
  line("{} on {} -- {} batch {}, {}, {} layers ({} engine)", r.workload, r.arch, name_of(r.phase),
       r.batch, shape, r.layers, r.engine);
  line("  latency          {:>12.3f} ms", r.latency_s * 1e3);
  line("  throughput       {:>12.1f} tokens/s", r.tokens_per_s);
  line("  energy           {:>12.4f} J/token   avg power {:.0f} W", r.energy_j_per_token,
       r.avg_power_w);
  line("  MFU              {:>12.1f} %", r.mfu * 100.0);
  line(
      "  memory           {:>12.2f} GB of {:.0f} GB (weights {:.2f}, KV {:.2f}, activations "
      "{:.2f})",
      r.memory_bytes / units::kGiga, r.memory_capacity_bytes / units::kGiga,
      r.weight_bytes / units::kGiga, r.kv_cache_bytes / units::kGiga,
      r.activation_bytes / units::kGiga);
  line("");
  line("  {:<34} {:>6} {:>11} {:>7} {:>11} {:>11}  {}", "op", "repeat", "time_us", "share", "GFLOP",
       "MB", "bound");
  for (const auto& o : r.ops) {
    line("  {:<34} {:>6} {:>11.1f} {:>6.1f}% {:>11.2f} {:>11.2f}  {}", o.name, o.repeat,
         o.time_s * 1e6, 100.0 * o.time_s / r.latency_s, o.flops / units::kGiga,
         o.bytes / units::kMega, name_of(o.bound));
  }
  for (const auto& w : r.warnings) line("  note: {}", w);
  return out;
}

}  // namespace xpu::report
