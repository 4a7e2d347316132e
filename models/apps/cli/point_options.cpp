// SPDX-License-Identifier: MIT
#include "apps/cli/point_options.h"

#include "apps/cli/parallelism.h"
#include "config/resolve.h"

namespace xpu::cli {

namespace {

std::optional<DType> dtype_option(const std::string& name) {
  if (name.empty()) return std::nullopt;
  return parse_dtype(name);
}

}  // namespace

void add_point_options(CLI::App& cmd, PointOptions& o) {
  cmd.add_option("--arch", o.arch, "Arch file (archs/*.toml)")->required()->check(CLI::ExistingFile);
  cmd.add_option("--workload", o.workload, "Workload file (workloads/*.toml)")->required()->check(CLI::ExistingFile);
  cmd.add_option("--phase", o.phase, "prefill | decode")->required()->check(CLI::IsMember({"prefill", "decode"}));
  cmd.add_option("--batch", o.batch, "Sequences in the batch")->check(CLI::PositiveNumber);
  cmd.add_option("--prompt", o.prompt, "Prompt tokens per sequence (prefill)")->check(CLI::PositiveNumber);
  cmd.add_option("--context", o.context, "Tokens already in the KV cache (decode)")->check(CLI::NonNegativeNumber);
  cmd.add_option("--layers", o.layers, "Evaluate only the first N decoder layers")->check(CLI::PositiveNumber);
  cmd.add_option("--chips", o.chips, "Chips to spread one model replica over (default: fewest that fit)")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--parallel", o.parallel, "tp=N,pp=N,ep=N,dp=N (GPUs, hardwired chips); chips = tp*pp*dp");
  cmd.add_option("--weight-dtype", o.weight_dtype, "Override the workload's weight dtype")
      ->check(CLI::IsMember(dtype_names()));
  cmd.add_option("--activation-dtype", o.activation_dtype, "Override the activation dtype")
      ->check(CLI::IsMember(dtype_names()));
  cmd.add_option("--kv-dtype", o.kv_dtype, "Override the KV-cache dtype")->check(CLI::IsMember(dtype_names()));
}

DesignPoint load_point(const PointOptions& o, const CLI::App& cmd) {
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
  auto arch = config::load_arch(o.arch);
  auto workload = config::resolve_workload(
      arch, config::load_workload(o.workload),
      {dtype_option(o.weight_dtype), dtype_option(o.activation_dtype), dtype_option(o.kv_dtype)});
  return {std::move(arch), std::move(workload), s};
}

}  // namespace xpu::cli
