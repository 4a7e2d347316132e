// SPDX-License-Identifier: MIT
#include "apps/cli/engine_choice.h"

#include <fmt/format.h>

#include "analytical/evaluate.h"
#include "common/error.h"
#ifdef XPU_HAVE_SYSTEMC
#include "sim/sim.h"
#endif

namespace xpu::cli {

const std::vector<std::string>& engine_names() {
  static const std::vector<std::string> names = {"analytic", "systemc"};
  return names;
}

EngineChoice engine_named(const std::string& name, const EngineOptions& options) {
  if (name == "analytic") return {analytical::evaluate, false};
#ifdef XPU_HAVE_SYSTEMC
  if (name == "systemc") {
    sim::SimOptions so;
    so.trace_path = options.trace_path;
    so.vcd_path = options.vcd_path;
    return {[so](const compiler::Plan& plan) { return sim::run(plan, so); }, true};
  }
#else
  (void)options;
#endif
  throw InfeasibleError(fmt::format("engine '{}' is not available in this build", name));
}

}  // namespace xpu::cli
