// SPDX-License-Identifier: MIT
// `xpusim run`: one design point -- an arch, a workload, a phase and its shape.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "apps/cli/commands.h"
#include "apps/cli/engine_choice.h"
#include "apps/cli/point_options.h"
#include "common/atomic_file.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "machine/machine.h"
#include "report/json.h"
#include "report/terminal_table.h"
#include "result/finite.h"

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

  // A long simulation shows its progress on a terminal (a 131,072-token prefill takes ~40 s).
  const EngineChoice engine = engine_named(o.engine, {o.trace, o.vcd, isatty(STDERR_FILENO) == 1});
  for (const char* flag : {"--trace", "--vcd"}) {
    if (cmd.count(flag) && o.engine != "systemc")
      throw CLI::RequiresError(flag, "--engine systemc");
  }
  // The waveform probes GPU streams, SMs and HBM channels; other families have none of them.
  const auto machine = machine::resolve(arch);
  if (cmd.count("--vcd") && !machine.kernel_by_kernel()) {
    throw CLI::ValidationError("--vcd",
                               "writes GPU waveforms only; use --trace for a " + arch.name);
  }
  // Refused before the simulation rather than after it: an output that cannot be written costs
  // no run, and nothing is thrown from under a finished SystemC simulation (ASan flags that).
  if (!o.trace.empty()) check_output_path(o.trace, "the --trace file");
  if (!o.vcd.empty()) check_output_path(o.vcd, "the VCD waveform");
  const Result r = engine.evaluate(compiler::compile(machine, workload, s));
  require_sound(r);
  if (o.json) {
    std::cout << report::to_json(r).dump(2) << "\n";
  } else {
    std::cout << report::to_terminal_table(r);
  }
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Evaluate one workload step on one chip");
  add_point_options(*cmd, o->point);
  cmd->add_option("--engine", o->engine, "analytic | systemc")
      ->check(CLI::IsMember(engine_names()));
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->add_option("--trace", o->trace,
                  "Write a Chrome trace-event JSON of the simulation (--engine systemc)");
  cmd->add_option("--vcd", o->vcd,
                  "Write a VCD waveform of streams, SMs and HBM channels (--engine systemc, GPUs)");
  cmd->callback([o, cmd] { run(*o, *cmd); });
}

}  // namespace xpu::cli
