// SPDX-License-Identifier: MIT
#pragma once
// The two SystemC engines behind sim::simulate (simulate.cpp chooses): the GPU's kernels on
// units, L2 and HBM (gpu/), and the statically scheduled families' pipeline of chips or wafer
// regions joined by links (spatial/).
#include "sim/sim.h"

namespace xpu::sim {

SimOutcome simulate_gpu(const compiler::Plan& plan, const SimOptions& options);
SimOutcome simulate_spatial(const compiler::Plan& plan, const SimOptions& options);

}  // namespace xpu::sim
