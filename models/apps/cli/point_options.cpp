// SPDX-License-Identifier: MIT
#include "apps/cli/point_options.h"

#include <fmt/format.h>

#include "apps/cli/numbers.h"
#include "apps/cli/parallelism.h"
#include "apps/cli/power_cap.h"
#include "machine/traits.h"

namespace xpu::cli {

namespace {

std::optional<DType> dtype_option(const std::string& name) {
  if (name.empty()) return std::nullopt;
  return parse_dtype(name);
}

}  // namespace

void add_dtype_options(CLI::App& cmd, DTypeFlags& flags) {
  cmd.add_option("--weight-dtype", flags.weights, "Override the workload's weight dtype")
      ->check(CLI::IsMember(dtype_names()));
  cmd.add_option("--activation-dtype", flags.activations, "Override the activation dtype")
      ->check(CLI::IsMember(dtype_names()));
  cmd.add_option("--kv-dtype", flags.kv_cache, "Override the KV-cache dtype")
      ->check(CLI::IsMember(dtype_names()));
}

config::DTypeOverrides dtype_overrides(const DTypeFlags& flags) {
  return {dtype_option(flags.weights), dtype_option(flags.activations),
          dtype_option(flags.kv_cache)};
}

void add_point_options(CLI::App& cmd, PointOptions& o) {
  cmd.add_option("--arch", o.arch, "Arch file (archs/*.toml)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd.add_option("--workload", o.workload, "Workload file (workloads/*.toml)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd.add_option("--phase", o.phase, "prefill | decode")
      ->required()
      ->check(CLI::IsMember({"prefill", "decode"}));
  add_count(cmd, "--batch", o.batch, 1, kMaxTokensFlag, "Sequences in the batch");
  add_count(cmd, "--prompt", o.prompt, 1, kMaxTokensFlag, "Prompt tokens per sequence (prefill)");
  add_count(cmd, "--context", o.context, 0, kMaxTokensFlag,
            "Tokens already in the KV cache (decode)");
  add_count(cmd, "--layers", o.layers, 1, int64_t{1} << 24,
            "Evaluate only the first N decoder layers");
  add_count(cmd, "--chips", o.chips, 1, kMaxChipsFlag,
            "Chips to spread one model replica over (default: fewest that fit)");
  cmd.add_option("--parallel", o.parallel,
                 "tp=N,pp=N,ep=N,dp=N (GPUs, hardwired chips); chips = tp*pp*dp");
  add_power_cap(cmd, o.power_cap_w);
  add_dtype_options(cmd, o.dtypes);
  add_software_option(cmd, o.software);
}

void add_software_option(CLI::App& cmd, std::string& software) {
  cmd.add_option("--software", software,
                 "GPU software: fused (serving-framework kernels, default) | eager (PyTorch, "
                 "one CUDA-graph kernel per element-wise step)")
      ->check(CLI::IsMember({"fused", "eager"}));
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
  apply_power_cap(arch, cmd, o.power_cap_w);
  // GPUs and hardwired chips split a replica by an explicit layout; a chip count alone does not
  // say whether it is tensor, pipeline or data parallel.
  const bool partitioned = machine::traits_of(arch.family).parallel_layouts;
  if (partitioned && cmd.count("--chips") && !cmd.count("--parallel") && o.chips > 1) {
    throw CLI::ValidationError(
        "--chips", fmt::format("{} chips of {} need a layout: pass --parallel tp={} (or any "
                               "tp=N,pp=M,dp=K with N*M*K = {}) instead of --chips",
                               o.chips, arch.name, o.chips, o.chips));
  }
  auto workload =
      config::resolve_workload(arch, config::load_workload(o.workload), dtype_overrides(o.dtypes));
  workload = config::with_software(arch, std::move(workload), *config::parse_software(o.software));
  return {std::move(arch), std::move(workload), s};
}

}  // namespace xpu::cli
