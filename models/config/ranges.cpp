// SPDX-License-Identifier: MIT
#include "config/ranges.h"

#include <array>

namespace xpu::config {

namespace {

// Each range spans the smallest and largest part anyone has built or proposed, by several orders
// of magnitude either way (the repository's values: docs/reliability.md); none is a model
// assumption. The longest matching suffix wins.
constexpr std::array kRanges{
    PlausibleRange{"_tbs", 1e-4, 1e6, "TB/s"},  // 100 MB/s .. 1 EB/s (a wafer's SRAM: 2.1e4)
    PlausibleRange{"_gbs", 1e-3, 1e7, "GB/s"},
    PlausibleRange{"_tflops", 1e-3, 1e7, "TFLOP/s"},  // also the dtype maps under dense_peak_tflops
    PlausibleRange{"_ghz", 1e-3, 1e2, "GHz"},
    PlausibleRange{"_mhz", 1, 1e5, "MHz"},
    PlausibleRange{"_voltage_v", 1e-2, 1e2, "V"},  // a core supply: 0.5-1.2 V today
    PlausibleRange{"_gb", 1e-6, 1e7, "GB"},
    PlausibleRange{"_mb", 1e-6, 1e9, "MB"},
    PlausibleRange{"_ns", 1e-3, 1e10, "ns"},
    PlausibleRange{"_us", 1e-3, 1e10, "us"},
    PlausibleRange{"_w", 1e-3, 1e9, "W"},
    PlausibleRange{"_mw_per_year", 1e-3, 1e9, "MW/year"},
    PlausibleRange{"_w_per_tdp_w", 1e-2, 1e2, "W/W"},
    PlausibleRange{"_pj_per_bit", 1e-5, 1e5, "pJ/bit"},
    PlausibleRange{"_pj_per_flop", 1e-5, 1e5, "pJ/FLOP"},
    PlausibleRange{"_mm2", 1e-3, 1e7, "mm2"},
    PlausibleRange{"_mm", 1e-3, 1e5, "mm"},
    PlausibleRange{"_usd", 1e-3, 1e12, "USD"},
    PlausibleRange{"_usd_per_gb", 1e-3, 1e6, "USD/GB"},
    PlausibleRange{"_per_cm2", 1e-6, 1e4, "defects/cm2"},
    PlausibleRange{"_reticles", 1e-2, 1e3, "reticles"},
    PlausibleRange{"_billion_params", 1e-6, 1e7, "billion parameters"},
    PlausibleRange{"_per_year", 1e-3, 1e15, "per year"},
    PlausibleRange{"_efficiency", 1e-4, 1e2, "(fraction)"},
    PlausibleRange{"_utilization", 1e-4, 1e2, "(fraction)"},
    PlausibleRange{"_share", 1e-4, 1e2, "(fraction)"},
    PlausibleRange{"_exponent", 1e-4, 1e3, "(exponent)"},
    PlausibleRange{"_error", 1e-9, 1e3, "(fraction)"},
    // One SM's L2 port moves at least a byte per clock: below that the SystemC engine's time
    // per line runs past its 64-bit picosecond clock.
    PlausibleRange{"sm_port_bytes_per_clock", 1, 1e6, "bytes/clock"},
};

// Keys without a unit suffix above (counts read as numbers, model fractions).
constexpr PlausibleRange kDefault{"", 1e-6, 1e12, "in the key's unit"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

const PlausibleRange* longest_match(std::string_view key) {
  const PlausibleRange* best = nullptr;
  for (const auto& r : kRanges) {
    if (ends_with(key, r.suffix) && (!best || r.suffix.size() > best->suffix.size())) best = &r;
  }
  return best;
}

}  // namespace

const PlausibleRange& plausible_range(std::string_view path) {
  const size_t dot = path.rfind('.');
  const std::string_view key = dot == std::string_view::npos ? path : path.substr(dot + 1);
  if (const auto* r = longest_match(key)) return *r;
  // A map keyed by dtype (`dense_peak_tflops.bf16`) takes its table's unit.
  if (dot != std::string_view::npos) {
    const std::string_view parent = path.substr(0, dot);
    const size_t parent_dot = parent.rfind('.');
    if (const auto* r = longest_match(
            parent_dot == std::string_view::npos ? parent : parent.substr(parent_dot + 1))) {
      return *r;
    }
  }
  return kDefault;
}

}  // namespace xpu::config
