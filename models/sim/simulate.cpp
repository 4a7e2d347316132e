// SPDX-License-Identifier: MIT
// sim::simulate: the one place the SystemC engine picks its model of the chip, by the family's
// execution model (machine/traits.h).
#include <future>

#include "sim/engines.h"

namespace xpu::sim {

SimOutcome simulate(const compiler::Plan& plan, const SimOptions& options) {
  // Each simulation runs on a thread of its own, which ends with it. SystemC's coroutines switch
  // stacks unannotated, which leaves AddressSanitizer wrong about the bounds of the thread they
  // ran on; an exception later thrown on that thread is then reported as a stack overflow (CI:
  // `serve --engine systemc` refusing a batch that does not fit after a simulation). Errors
  // reach the caller as they would have: get() rethrows them.
  const auto on_its_model = [&] {
    if (plan.machine.kernel_by_kernel()) return simulate_gpu(plan, options);
    return simulate_spatial(plan, options);
  };
  return std::async(std::launch::async, on_its_model).get();
}

}  // namespace xpu::sim
