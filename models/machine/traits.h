// SPDX-License-Identifier: MIT
#pragma once
// What a chip family is, as the compiler and the engines see it: one row per family
// (traits.cpp). Adding a family is one row there, plus a rates file only when it brings a new
// execution model.
#include "config/arch_spec.h"
#include "machine/mapping.h"

namespace xpu::machine {

enum class ExecutionModel {
  kKernelByKernel,  // programmable: one kernel at a time, operands through DRAM
                    // (gpu_kernel_rates.h)
  kStaticSchedule,  // compiled ahead of time onto a fixed datapath (static_schedule.h)
};

// How the compiler lays a model over chips (compiler/placement.cpp).
enum class Placement {
  kReplicaPerChip,    // tensor x pipeline groups hold a replica; --parallel tp/pp/ep/dp
  kWeightsInSilicon,  // as many chips as the fixed weights need, layers spread over them
  kShardedSram,       // as many chips as the model needs SRAM, layers spread over them
  kWaferSram,         // whole wafers; weights stream from external DRAM when they do not fit
};

struct FamilyTraits {
  config::ChipFamily family;
  ExecutionModel execution;
  Placement placement;
  Residence weights;  // where weights live when the model fits on the chips given
  Residence kv_cache;
  bool parallel_layouts;  // takes --parallel tp/pp/ep/dp (otherwise the system lays layers itself)
  bool training;          // `train` and `latency-wall` model it
};

const FamilyTraits& traits_of(config::ChipFamily family);

}  // namespace xpu::machine
