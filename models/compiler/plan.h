// SPDX-License-Identifier: MIT
#pragma once
// The compiled plan both engines evaluate: the operator graph of one step mapped onto one chip,
// with the memory it occupies. Building a plan is where "does it fit" is decided.
#include <vector>

#include "config/arch_spec.h"
#include "config/workload_spec.h"
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

// Refers to the specs it was compiled from; they must outlive the plan.
struct Plan {
  const config::ArchSpec* arch = nullptr;
  const config::WorkloadSpec* workload = nullptr;
  workload::Scenario scenario;
  std::vector<workload::Op> ops;
  int64_t layers_evaluated = 0;
  workload::ParameterCount parameters;
  MemoryFootprint memory;

  // Tokens the step produces (decode) or ingests (prefill), all sequences.
  double tokens() const;
};

// Throws InfeasibleError when the model does not fit in the chip's memory, naming both sizes.
Plan compile(const config::ArchSpec& arch, const config::WorkloadSpec& workload,
             const workload::Scenario& scenario);

}  // namespace xpu::compiler
