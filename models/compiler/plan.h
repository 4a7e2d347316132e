// SPDX-License-Identifier: MIT
#pragma once
// The compiled plan both engines evaluate: the operator graph of one step mapped onto one chip,
// with the memory it occupies. Building a plan is where "does it fit" is decided.
#include <vector>

#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "result/layout.h"
#include "workload/op.h"
#include "workload/scenario.h"
#include "workload/transformer.h"

namespace xpu::compiler {

struct MemoryFootprint {
  double weight_bytes = 0.0;
  double kv_cache_bytes = 0.0;
  double activation_bytes = 0.0;  // peak live activations of one layer
  double total() const { return weight_bytes + kv_cache_bytes + activation_bytes; }
};

// Where a tensor class lives while the step runs (one enum with the Result's layout).
using Residence = xpu::Residence;

// How the model is laid over chips (docs/families.md). GPUs and hardwired ASICs run a replica
// per chip; SRAM-only systems, wafers and model-in-silicon chips split the layers across chips
// and pass each token through them in sequence.
struct Mapping {
  int64_t chips = 1;
  Residence weights = Residence::kDram;
  Residence kv_cache = Residence::kDram;
  bool weights_streamed = false;  // weights exceed on-chip SRAM and stream from DRAM every step
  double chips_per_layer = 1.0;   // > 1: each layer is split over this many chips
  int64_t pipeline_stages = 1;    // chip groups a token crosses in sequence
};

// Refers to the specs it was compiled from; they must outlive the plan.
struct Plan {
  const config::ArchSpec* arch = nullptr;
  const config::WorkloadSpec* workload = nullptr;
  workload::Scenario scenario;
  std::vector<workload::Op> ops;
  int64_t layers_evaluated = 0;
  workload::ParameterCount parameters;
  MemoryFootprint memory;  // whole model, all chips
  Mapping mapping;

  // Tokens the step produces (decode) or ingests (prefill), all sequences.
  double tokens() const;
};

// Throws InfeasibleError when the model does not fit (naming both sizes), when a fixed-function
// chip lacks a feature the workload needs, or when a model-in-silicon chip is asked to run a
// model other than its own.
Plan compile(const config::ArchSpec& arch, const config::WorkloadSpec& workload,
             const workload::Scenario& scenario);

}  // namespace xpu::compiler
