// SPDX-License-Identifier: MIT
#pragma once
// The analytic engine: each op of the plan timed in isolation by the machine's rates (the
// calibrated GPU kernel model, or the static schedule of the other families), run back to back
// (a GPU executes one kernel of a step at a time); the result assembler (result/assemble.h)
// adds energy. Microseconds per design point, for sweeps. Effects it cannot see (two streams
// contending for HBM, overlap across kernels) are what the SystemC engine is for.
#include "compiler/plan.h"
#include "result/result.h"

namespace xpu::analytical {

Result evaluate(const compiler::Plan& plan);

}  // namespace xpu::analytical
