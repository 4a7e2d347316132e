// SPDX-License-Identifier: MIT
#pragma once
// How a result's plan laid the model over chips, carried in the Result so that a writer can draw
// the mapping without compiling the plan again.
#include <cstdint>

#include "machine/mapping.h"

namespace xpu {

using machine::Residence;

struct Layout {
  int64_t chips = 1;
  // The parallel split of the scenario the plan was compiled for (workload/scenario.h).
  int64_t tp = 1, pp = 1, ep = 1, dp = 1;
  int64_t pipeline_stages = 1;   // chip groups a token crosses in sequence
  double chips_per_layer = 1.0;  // > 1: each layer is split over this many chips
  Residence weights = Residence::kDram;
  Residence kv_cache = Residence::kDram;
  bool weights_streamed = false;  // weights exceed on-chip SRAM and stream from DRAM every step
};

}  // namespace xpu
