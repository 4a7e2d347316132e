// SPDX-License-Identifier: MIT
// sim::simulate: the one place the SystemC engine picks its model of the chip.
#include "sim/engines.h"

namespace xpu::sim {

SimOutcome simulate(const compiler::Plan& plan, const config::GpuEfficiencySpec& efficiency,
                    const SimOptions& options) {
  if (plan.arch->family == config::ChipFamily::kGpu) return simulate_gpu(plan, efficiency, options);
  return simulate_spatial(plan, efficiency, options);
}

}  // namespace xpu::sim
