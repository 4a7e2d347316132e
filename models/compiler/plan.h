// SPDX-License-Identifier: MIT
#pragma once
// The compiled plan both engines evaluate: the operator graph of one step mapped onto one chip,
// with the memory it occupies. Building a plan is where "does it fit" is decided.
#include <vector>

#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "machine/machine.h"
#include "machine/mapping.h"
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

using machine::Mapping;
using machine::Residence;

// Refers to the specs it was compiled from; they must outlive the plan.
struct Plan {
  machine::Machine machine;  // the chip it was compiled for, with its rates' calibration
  const config::ArchSpec* arch = nullptr;  // = machine.arch
  const config::WorkloadSpec* workload = nullptr;
  workload::Scenario scenario;
  std::vector<workload::Op> ops;
  int64_t layers_evaluated = 0;
  workload::ParameterCount parameters;
  MemoryFootprint memory;  // whole model, all chips
  Mapping mapping;

  // Tokens the step produces (decode) or ingests (prefill), all sequences, with the prompt
  // tokens of a prefill chunk fused into a decode step.
  double tokens() const;
  // Chips that each execute `ops` as listed. A --parallel layout's graph is one tensor-parallel
  // rank of one data-parallel replica through every layer (pipeline stages split the layers, so
  // they add none): tp x dp copies. A statically scheduled system's graph is the whole model.
  double op_list_copies() const;
  // Bytes `op` moves to or from off-chip DRAM (kernel by kernel: all of them, between kernels;
  // statically scheduled chips keep activations, and whatever the mapping placed on chip, on chip).
  double dram_bytes_of(const workload::Op& op) const;
  // Stage boundaries the placement created (a statically scheduled family spreading layers over
  // chips); 0 on one chip and where --parallel pp put the transfers into the graph.
  int64_t placed_pipeline_crossings() const;
  // The hidden state of every token, as it crosses one of those boundaries.
  workload::CollectiveShape pipeline_crossing() const;
};

// Throws InfeasibleError when the model does not fit (naming both sizes), when a fixed-function
// chip lacks a feature the workload needs, or when a model-in-silicon chip is asked to run a
// model other than its own.
Plan compile(const machine::Machine& machine, const config::WorkloadSpec& workload,
             const workload::Scenario& scenario);

}  // namespace xpu::compiler
