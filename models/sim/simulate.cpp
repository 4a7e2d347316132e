// SPDX-License-Identifier: MIT
// sim::simulate: the one place the SystemC engine picks its model of the chip, by the family's
// execution model (machine/traits.h).
#include "sim/engines.h"

namespace xpu::sim {

SimOutcome simulate(const compiler::Plan& plan, const SimOptions& options) {
  if (plan.machine.kernel_by_kernel()) return simulate_gpu(plan, options);
  return simulate_spatial(plan, options);
}

}  // namespace xpu::sim
