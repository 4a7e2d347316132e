// SPDX-License-Identifier: MIT
#pragma once
// How a model is laid over the chips of a machine: where each tensor class lives and how many
// chips one replica spans. The compiler decides it (compiler/placement.h); the machine's rates
// (static_schedule.h) and the engines read it.
#include <cstdint>

namespace xpu::machine {

// Where a tensor class lives while the step runs.
enum class Residence { kDram, kSram, kSilicon };

// GPUs and hardwired ASICs run a replica per chip; SRAM-only systems, wafers and
// model-in-silicon chips split the layers across chips and pass each token through them in
// sequence (docs/families.md).
struct Mapping {
  int64_t chips = 1;
  Residence weights = Residence::kDram;
  Residence kv_cache = Residence::kDram;
  bool weights_streamed = false;  // weights exceed on-chip SRAM and stream from DRAM every step
  double chips_per_layer = 1.0;   // > 1: each layer is split over this many chips
  int64_t pipeline_stages = 1;    // chip groups a token crosses in sequence
};

}  // namespace xpu::machine
