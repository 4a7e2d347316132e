// SPDX-License-Identifier: MIT
// `xpusim run`: one design point -- an arch, a workload, a phase and its shape.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "analytical/evaluate.h"
#include "apps/cli/commands.h"
#include "apps/cli/parallelism.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "report/json.h"
#include "report/table.h"
#ifdef XPU_HAVE_SYSTEMC
#include "sim/sim.h"
#endif

namespace xpu::cli {

namespace {

struct RunOptions {
  std::string arch;
  std::string workload;
  std::string phase;
  int64_t batch = 1;
  int64_t prompt = 0;
  int64_t context = 0;
  int64_t layers = 0;
  int64_t chips = 0;
  std::string parallel;
  std::string engine = "analytic";
  std::string trace;  // --trace: Chrome trace-event JSON (systemc engine)
  std::string weight_dtype, activation_dtype, kv_dtype;
  bool json = false;
};

std::optional<DType> dtype_option(const std::string& name) {
  if (name.empty()) return std::nullopt;
  return parse_dtype(name);
}

void run(const RunOptions& o, CLI::App& cmd) {
  workload::Scenario s;
  s.phase = o.phase == "prefill" ? workload::Phase::kPrefill : workload::Phase::kDecode;
  s.batch = o.batch;
  if (s.phase == workload::Phase::kPrefill) {
    if (cmd.count("--prompt") == 0) throw CLI::RequiredError("--prompt (for --phase prefill)");
    if (cmd.count("--context")) throw CLI::ExcludesError("--context", "--phase prefill");
    s.prompt = o.prompt;
  } else {
    if (cmd.count("--context") == 0) throw CLI::RequiredError("--context (for --phase decode)");
    if (cmd.count("--prompt")) throw CLI::ExcludesError("--prompt", "--phase decode");
    s.context = o.context;
  }
  if (cmd.count("--layers")) s.layers = o.layers;
  if (cmd.count("--chips")) s.chips = o.chips;
  if (cmd.count("--parallel")) s.parallel = parse_parallelism(o.parallel);

  const auto arch = config::load_arch(o.arch);
  const auto workload = config::resolve_workload(
      arch, config::load_workload(o.workload),
      {dtype_option(o.weight_dtype), dtype_option(o.activation_dtype), dtype_option(o.kv_dtype)});

#ifndef XPU_HAVE_SYSTEMC
  if (o.engine != "analytic") {
    throw InfeasibleError(fmt::format("engine '{}' is not available in this build", o.engine));
  }
#endif
  if (cmd.count("--trace") && o.engine != "systemc") throw CLI::RequiresError("--trace", "--engine systemc");
  const auto efficiency = config::efficiency_for(arch);
  const auto plan = compiler::compile(arch, workload, s);
  Result r;
#ifdef XPU_HAVE_SYSTEMC
  if (o.engine == "systemc") {
    sim::SimOptions so;
    so.trace_path = o.trace;
    r = sim::run(plan, efficiency, so);
  }
#endif
  if (o.engine == "analytic") r = analytical::evaluate(plan, efficiency);
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
  cmd->add_option("--arch", o->arch, "Arch file (archs/*.toml)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--workload", o->workload, "Workload file (workloads/*.toml)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--phase", o->phase, "prefill | decode")
      ->required()
      ->check(CLI::IsMember({"prefill", "decode"}));
  cmd->add_option("--batch", o->batch, "Sequences in the batch")->check(CLI::PositiveNumber);
  cmd->add_option("--prompt", o->prompt, "Prompt tokens per sequence (prefill)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--context", o->context, "Tokens already in the KV cache (decode)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--layers", o->layers, "Evaluate only the first N decoder layers")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--chips", o->chips, "Chips to spread one model replica over (default: fewest that fit)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--parallel", o->parallel, "tp=N,pp=N,ep=N,dp=N (GPUs, hardwired chips); chips = tp*pp*dp");
  cmd->add_option("--engine", o->engine, "analytic | systemc")
      ->check(CLI::IsMember({"analytic", "systemc"}));
  cmd->add_option("--weight-dtype", o->weight_dtype, "Override the workload's weight dtype")
      ->check(CLI::IsMember(dtype_names()));
  cmd->add_option("--activation-dtype", o->activation_dtype, "Override the activation dtype")
      ->check(CLI::IsMember(dtype_names()));
  cmd->add_option("--kv-dtype", o->kv_dtype, "Override the KV-cache dtype")
      ->check(CLI::IsMember(dtype_names()));
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->add_option("--trace", o->trace, "Write a Chrome trace-event JSON of the simulation (--engine systemc)");
  cmd->callback([o, cmd] { run(*o, *cmd); });
}

}  // namespace xpu::cli
