// SPDX-License-Identifier: MIT
#pragma once
// The analytic engine: each op of the plan timed in isolation by the calibrated kernel model,
// run back to back (a GPU executes one kernel of a step at a time), energy from action counts.
// Microseconds per design point, for sweeps. Effects it cannot see (two streams contending for
// HBM, overlap across kernels) are what the SystemC engine is for.
#include "compiler/plan.h"
#include "config/gpu_efficiency_spec.h"
#include "result/result.h"

namespace xpu::analytical {

// `efficiency` is the calibrated GPU kernel model; other families ignore it
// (config::efficiency_for gives the right one for any arch).
Result evaluate(const compiler::Plan& plan, const config::GpuEfficiencySpec& efficiency);

}  // namespace xpu::analytical
