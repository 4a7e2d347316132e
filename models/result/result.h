// SPDX-License-Identifier: MIT
#pragma once
// The one result type every engine returns and every report reads.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "result/layout.h"

namespace xpu {

enum class Phase { kPrefill, kDecode };
// What an op of the result is: a kernel's kind, a collective, or the chip crossings the
// placement added (link).
enum class OpKind { kGemm, kAttention, kElementwise, kCollective, kLink };
// What limited an op (machine/gpu_kernel_rates.h KernelTime::bound for the analytic engine, the
// busiest block for the SystemC engine).
enum class Bound { kCompute, kMemory, kQuantisation, kOverhead, kNetwork };

// The names the JSON, tables and reports print: "prefill", "gemm", "compute", ...
std::string_view name_of(Phase p);
std::string_view name_of(OpKind k);
std::string_view name_of(Bound b);

struct OpResult {
  std::string name;
  OpKind kind = OpKind::kGemm;
  int64_t repeat = 1;
  double time_s = 0.0;  // all occurrences
  double flops = 0.0;   // all occurrences
  double bytes = 0.0;   // main-memory bytes, all occurrences
  Bound bound = Bound::kCompute;
};

// How busy one simulated hardware block was over the run (SystemC engine only).
struct UnitUtilisation {
  std::string name;  // hierarchical module name: "gpu.m_hbm"
  double busy_fraction = 0.0;
};

struct Result {
  std::string engine;  // "analytic" | "systemc"
  std::string arch;
  std::string workload;
  Phase phase = Phase::kDecode;
  int64_t batch = 0;
  int64_t prompt = 0;
  int64_t context = 0;
  int64_t layers = 0;
  int64_t chips = 1;  // chips the model is spread over (one replica)

  double latency_s = 0.0;     // one decode step, or the whole prefill
  double tokens_per_s = 0.0;  // batch/latency (decode), batch*prompt/latency (prefill)
  double energy_j = 0.0;
  double energy_j_per_token = 0.0;
  double avg_power_w = 0.0;       // all chips of the replica, over the step
  double power_per_chip_w = 0.0;  // avg_power_w / chips
  // The core clock a binding power cap set through the chip's V-f curve (energy/dvfs.h); 0 when
  // the step ran at the clock its op times were taken at.
  double capped_clock_hz = 0.0;
  // Joules by component: compute, vector, sram, l2, dram, links, fabric, static
  // (energy/energy_model.h).
  std::map<std::string, double> energy_breakdown_j;
  // The static joules by component: idle, clock (energy::static_breakdown); they sum to
  // energy_breakdown_j["static"].
  std::map<std::string, double> static_breakdown_j;
  double flops = 0.0;
  double dram_bytes = 0.0;
  double mfu = 0.0;  // achieved FLOP/s over the datasheet dense peak of the compute dtype

  double memory_bytes = 0.0;  // weights + KV cache + activations
  double weight_bytes = 0.0;
  double kv_cache_bytes = 0.0;
  double activation_bytes = 0.0;
  double memory_capacity_bytes = 0.0;

  std::vector<OpResult> ops;
  std::vector<std::string> warnings;   // known limits of this number, printed with it
  std::vector<UnitUtilisation> units;  // SystemC engine: per-block utilisation; empty otherwise
  Layout layout;  // the plan's mapping over chips; `ops` are its ops in execution order
};

}  // namespace xpu
