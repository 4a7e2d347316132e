// SPDX-License-Identifier: MIT
// `xpusim run`: one design point -- an arch, a workload, a phase and its shape.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "analytical/evaluate.h"
#include "apps/cli/commands.h"
#include "apps/cli/point_options.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/workload_spec.h"
#include "report/json.h"
#include "report/table.h"
#include "result/finite.h"
#ifdef XPU_HAVE_SYSTEMC
#include "sim/sim.h"
#endif

namespace xpu::cli {

namespace {

struct RunOptions {
  PointOptions point;
  std::string engine = "analytic";
  std::string trace;  // --trace: Chrome trace-event JSON (systemc engine)
  std::string vcd;    // --vcd: VCD waveform (systemc engine, GPUs)
  bool json = false;
};

void run(const RunOptions& o, CLI::App& cmd) {
  const auto [arch, workload, s] = load_point(o.point, cmd);

#ifndef XPU_HAVE_SYSTEMC
  if (o.engine != "analytic") {
    throw InfeasibleError(fmt::format("engine '{}' is not available in this build", o.engine));
  }
#endif
  for (const char* flag : {"--trace", "--vcd"}) {
    if (cmd.count(flag) && o.engine != "systemc") throw CLI::RequiresError(flag, "--engine systemc");
  }
  // The waveform probes GPU streams, SMs and HBM channels; other families have none of them.
  if (cmd.count("--vcd") && arch.family != config::ChipFamily::kGpu) {
    throw CLI::ValidationError("--vcd", "writes GPU waveforms only; use --trace for a " + arch.name);
  }
  const auto efficiency = config::efficiency_for(arch);
  const auto plan = compiler::compile(arch, workload, s);
  Result r;
#ifdef XPU_HAVE_SYSTEMC
  if (o.engine == "systemc") {
    sim::SimOptions so;
    so.trace_path = o.trace;
    so.vcd_path = o.vcd;
    r = sim::run(plan, efficiency, so);
  }
#endif
  if (o.engine == "analytic") r = analytical::evaluate(plan, efficiency);
  require_sound(r);
  if (o.json) {
    std::cout << report::to_json(r).dump(2) << "\n";
  } else {
    std::cout << report::to_table(r);
  }
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Evaluate one workload step on one chip");
  add_point_options(*cmd, o->point);
  cmd->add_option("--engine", o->engine, "analytic | systemc")->check(CLI::IsMember({"analytic", "systemc"}));
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->add_option("--trace", o->trace, "Write a Chrome trace-event JSON of the simulation (--engine systemc)");
  cmd->add_option("--vcd", o->vcd, "Write a VCD waveform of streams, SMs and HBM channels (--engine systemc, GPUs)");
  cmd->callback([o, cmd] { run(*o, *cmd); });
}

}  // namespace xpu::cli
