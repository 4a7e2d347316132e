// SPDX-License-Identifier: MIT
#include "apps/cli/engine_choice.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "sweep/progress.h"
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
    if (options.progress_bar) {
      // The bar is made at the first report, when the program's size is known.
      auto bar = std::make_shared<std::optional<sweep::Progress>>();
      so.progress = [bar](int64_t issued, int64_t total) {
        const auto total_kernels = static_cast<size_t>(total);
        if (!*bar) bar->emplace(total_kernels, "kernels");
        if ((*bar)->done() >= total_kernels) return;  // finished and cleared
        (*bar)->advance_to(static_cast<size_t>(std::max<int64_t>(issued, 0)));
        if ((*bar)->done() >= total_kernels) (*bar)->finish();
      };
    }
    return {[so](const compiler::Plan& plan) { return sim::run(plan, so); }, true};
  }
#else
  (void)options;
#endif
  throw InfeasibleError(fmt::format("engine '{}' is not available in this build", name));
}

}  // namespace xpu::cli
