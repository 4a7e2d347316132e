// SPDX-License-Identifier: MIT
// `xpusim serve`: offline serving throughput of a scenario on a system of chips, searching the
// parallel layout and batch unless they are given.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>

#include "apps/cli/commands.h"
#include "apps/cli/numbers.h"
#include "apps/cli/parallelism.h"
#include "config/arch_spec.h"
#include "machine/machine.h"
#include "config/resolve.h"
#include "report/json_scale_out.h"
#include "result/finite.h"
#include "serving/offline.h"
#include "serving/serving_spec.h"

namespace xpu::cli {

namespace {

struct ServeOptions {
  std::string arch, scenario, parallel;
  int64_t chips = 1;
  int64_t batch = 0;
  bool json = false;
};

void serve(const ServeOptions& o, CLI::App& cmd) {
  const auto arch = config::load_arch(o.arch);
  const auto scenario = serving::load_serving(o.scenario);
  // The scenario's formats are the model's as served; a chip that imposes its own still wins.
  auto served = config::load_workload(scenario.workload_file);
  if (scenario.dtypes) served.dtypes = *scenario.dtypes;
  const auto workload = config::resolve_workload(arch, std::move(served));

  serving::OfflineRequest req;
  req.chips = o.chips;
  req.input_tokens = scenario.input_tokens;
  req.output_tokens = scenario.output_tokens;
  if (cmd.count("--parallel")) {
    req.parallel = parse_parallelism(o.parallel);
    if (cmd.count("--chips") == 0) req.chips = req.parallel->chips();
    if (req.parallel->chips() != req.chips) {
      throw CLI::ValidationError("--parallel", fmt::format("uses {} chips, --chips is {}", req.parallel->chips(), req.chips));
    }
  }
  if (cmd.count("--batch")) req.batch_per_replica = o.batch;
  const auto r = serving::offline_throughput(arch, workload, req);
  require_sound(r.decode);
  if (!std::isfinite(r.output_tokens_per_s) || !(r.output_tokens_per_s > 0.0)) {
    throw InfeasibleError(fmt::format("the serving throughput is not a finite positive number ({})", r.output_tokens_per_s));
  }
  // Chips the evaluated step really used: an SRAM-only or wafer-scale replica takes as many as
  // the weights need, whatever --chips says; the report must not claim fewer.
  const int64_t chips_used = r.decode.chips;
  if (chips_used > req.chips) {
    if (cmd.count("--chips")) {
      throw InfeasibleError(fmt::format("one replica of {} needs {} chips of {}, --chips is {}; pass --chips {} or more",
                                        workload.name, chips_used, arch.name, req.chips, chips_used));
    }
    req.chips = chips_used;
  }

  if (o.json) {
    std::cout << report::to_json(r, scenario.id, arch.id, req.chips).dump(2) << "\n";
    return;
  }
  fmt::print("{} on {} x {} ({} in / {} out tokens per request)\n", scenario.name, req.chips, arch.name,
             scenario.input_tokens, scenario.output_tokens);
  fmt::print("  best layout      tp={} pp={} dp={}, batch {} per replica\n", r.parallel.tp, r.parallel.pp,
             r.parallel.dp, r.batch_per_replica);
  fmt::print("  throughput       {:.0f} output tokens/s ({:.0f} per chip)\n", r.output_tokens_per_s,
             r.output_tokens_per_s / req.chips);
  fmt::print("  per request      prefill {:.1f} ms, {:.1f} ms per output token\n", r.prefill_s_per_request * 1e3,
             r.decode_step_s * 1e3);
  for (const auto& t : r.layouts_tried) fmt::print("  tried            {}\n", t);
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Offline serving throughput of a scenario on a system of chips");
  cmd->add_option("--arch", o->arch, "Arch file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--scenario", o->scenario, "Serving scenario (workloads/scenarios/*.toml)")
      ->required()
      ->check(CLI::ExistingFile);
  add_count(*cmd, "--chips", o->chips, 1, kMaxChipsFlag, "Chips in the system");
  cmd->add_option("--parallel", o->parallel, "tp=N,pp=N,ep=N,dp=N; searched when absent");
  add_count(*cmd, "--batch", o->batch, 1, kMaxTokensFlag, "Sequences per replica; largest that fits when absent");
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->callback([o, cmd] { serve(*o, *cmd); });
}

}  // namespace xpu::cli
