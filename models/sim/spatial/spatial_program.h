// SPDX-License-Identifier: MIT
#pragma once
// The program a statically scheduled pipeline runs: the plan's ops in execution order, each on
// the stage the compiler placed it on.
#include <cstdint>
#include <vector>

#include "compiler/plan.h"

namespace xpu::sim {

// One entry of the program: an op of the plan on a stage.
struct SpatialStep {
  size_t op_index = 0;
  int64_t stage = 0;
};

// Consecutive ops sharing a repeat count > 1 are one decoder layer, run `repeat` times; layers
// are spread evenly over the stages (compiler/placement.cpp); ops outside the layers run on the
// first or last stage.
std::vector<SpatialStep> program_of(const compiler::Plan& plan, int64_t stages);

}  // namespace xpu::sim
