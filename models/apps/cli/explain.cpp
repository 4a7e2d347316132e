// SPDX-License-Identifier: MIT
// `xpusim explain`: one design point (the options of `run`) explained step by step: its
// roofline, the ops that bound it, and what would change it.
#include <iostream>
#include <memory>

#include "apps/cli/commands.h"
#include "apps/cli/parallelism.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "report/explain.h"

namespace xpu::cli {

namespace {

struct ExplainOptions {
  std::string arch, workload, phase, parallel;
  int64_t batch = 1, prompt = 0, context = 0, layers = 0, chips = 0;
  std::string weight_dtype, activation_dtype, kv_dtype;
};

std::optional<DType> dtype_option(const std::string& name) {
  if (name.empty()) return std::nullopt;
  return parse_dtype(name);
}

void explain_command(const ExplainOptions& o, CLI::App& cmd) {
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
  std::cout << report::explain(arch, workload, s, config::efficiency_for(arch));
}

}  // namespace

void add_explain_command(CLI::App& app) {
  auto o = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand(
      "explain", "Why one design point is compute-, memory-, network-, overhead- or latency-bound");
  cmd->add_option("--arch", o->arch, "Arch file (archs/*.toml)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--workload", o->workload, "Workload file (workloads/*.toml)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--phase", o->phase, "prefill | decode")
      ->required()
      ->check(CLI::IsMember({"prefill", "decode"}));
  cmd->add_option("--batch", o->batch, "Sequences in the batch")->check(CLI::PositiveNumber);
  cmd->add_option("--prompt", o->prompt, "Prompt tokens per sequence (prefill)")->check(CLI::PositiveNumber);
  cmd->add_option("--context", o->context, "Tokens already in the KV cache (decode)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--layers", o->layers, "Evaluate only the first N decoder layers")->check(CLI::PositiveNumber);
  cmd->add_option("--chips", o->chips, "Chips to spread one model replica over")->check(CLI::PositiveNumber);
  cmd->add_option("--parallel", o->parallel, "tp=N,pp=N,ep=N,dp=N (GPUs, hardwired chips)");
  cmd->add_option("--weight-dtype", o->weight_dtype, "Override the workload's weight dtype")
      ->check(CLI::IsMember(dtype_names()));
  cmd->add_option("--activation-dtype", o->activation_dtype, "Override the activation dtype")
      ->check(CLI::IsMember(dtype_names()));
  cmd->add_option("--kv-dtype", o->kv_dtype, "Override the KV-cache dtype")->check(CLI::IsMember(dtype_names()));
  cmd->callback([o, cmd] { explain_command(*o, *cmd); });
}

}  // namespace xpu::cli
