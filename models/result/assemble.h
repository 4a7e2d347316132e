// SPDX-License-Identifier: MIT
#pragma once
// The one result assembler: an engine times the plan's ops; this turns the plan and those
// timings into the Result every report reads -- shape, FLOPs, bytes, memory, MFU -- and prices
// energy once (energy_actions.h), stretching the engine's own times where the power cap binds.
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/plan.h"
#include "result/result.h"

namespace xpu::result {

// One op of the plan as an engine ran it: all occurrences, and what bounded it.
struct OpTiming {
  double time_s = 0.0;
  Bound bound = Bound::kCompute;
};

struct EngineTimings {
  std::string engine;         // "analytic" | "systemc"
  std::vector<OpTiming> ops;  // one per plan op, in plan order
  double crossings_s =
      0.0;  // the placed pipeline crossings (Plan::placed_pipeline_crossings), all of them
  double latency_s = 0.0;  // the step (several streams: their makespan)
  int64_t streams = 1;     // copies of the plan run concurrently; op times are one stream's
  std::vector<std::string> warnings;   // the engine's own, printed after the energy model's
  std::vector<UnitUtilisation> units;  // per-block utilisation (SystemC engine)
};

Result assemble(const compiler::Plan& plan, EngineTimings timings);

}  // namespace xpu::result
