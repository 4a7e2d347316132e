// SPDX-License-Identifier: MIT
// `xpusim latency-wall`: the largest compute-optimal training run a cluster can finish in a
// given time when every step is bound by serial latency (training/latency_wall.h).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "apps/cli/commands.h"
#include "apps/cli/numbers.h"
#include "config/resolve.h"
#include "config/system_spec.h"
#include "machine/machine.h"
#include "report/json_scale_out.h"
#include "training/latency_wall.h"

namespace xpu::cli {

namespace {

constexpr double kSecondsPerMonth = 30.44 * 24 * 3600;

struct WallOptions {
  std::string system, workload;
  double months = 3.0;  // Epoch's baseline run length (arXiv 2411.01137)
  double batch_tokens = 16777216.0;
  int64_t tp = 8, dp = 1;
  double aspect_ratio = 128.0;  // GPT-3 175B's d_model / layers (Brown et al. Table 2.1)
  double layer_latency_us = 0.0;
  bool json = false;
};

void wall(const WallOptions& o, CLI::App& cmd) {
  const auto system = config::load_system(o.system);
  const auto shape = config::resolve_workload(system.chip, config::load_workload(o.workload));
  training::LatencyWallRequest req;
  req.duration_s = o.months * kSecondsPerMonth;
  req.batch_tokens = o.batch_tokens;
  req.tp = o.tp;
  req.dp = o.dp;
  req.aspect_ratio = o.aspect_ratio;
  if (cmd.count("--layer-latency-us")) req.layer_forward_latency_s = o.layer_latency_us * 1e-6;
  const auto r = training::latency_wall(system, shape, req);
  if (o.json) {
    std::cout << report::to_json(r, system.id, shape.id).dump(2) << "\n";
    return;
  }
  fmt::print(
      "latency wall on {} ({} months, batch {:.3g} tokens, layers of the {} family, d_model/layers "
      "{:g})\n",
      system.name, o.months, o.batch_tokens, shape.name, r.aspect_ratio);
  fmt::print("  one layer forward, latency floor   {:.1f} us (x3 with backward)\n",
             r.layer_forward_latency_s * 1e6);
  fmt::print("  largest compute-optimal model      {:.3g} parameters, {:.0f} layers\n",
             r.parameters, r.layers);
  fmt::print("  step floor                         {:.3f} s\n", r.step_floor_s);
  fmt::print("  training run                       {:.3g} tokens, {:.3g} FLOP\n", r.tokens, r.flop);
}

}  // namespace

void add_latency_wall_command(CLI::App& app) {
  auto o = std::make_shared<WallOptions>();
  CLI::App* cmd = app.add_subcommand(
      "latency-wall", "Largest training run finishable in time when steps are latency-bound");
  cmd->add_option("--system", o->system, "Cluster file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--workload", o->workload,
                  "Model whose architecture family (a layer's kernels) is scaled")
      ->required()
      ->check(CLI::ExistingFile);
  // A century of training, a step of 1e15 tokens, a layer of 1e9 us (17 minutes) and an aspect
  // ratio of 1e6 bound what the wall's arithmetic is asked.
  add_quantity(*cmd, "--aspect-ratio", o->aspect_ratio, 0, 1e6,
               "d_model / layers of the scaled models")
      ->capture_default_str();
  add_quantity(*cmd, "--months", o->months, 0, 1200, "Training duration")->capture_default_str();
  add_quantity(*cmd, "--batch-tokens", o->batch_tokens, 0, 1e15, "Tokens per gradient step")
      ->capture_default_str();
  add_count(*cmd, "--tp", o->tp, 1, kMaxChipsFlag, "Tensor parallelism inside each layer")
      ->capture_default_str();
  add_count(*cmd, "--dp", o->dp, 1, int64_t{1} << 30,
            "Data-parallel replicas all-reducing each step")
      ->capture_default_str();
  add_quantity(*cmd, "--layer-latency-us", o->layer_latency_us, 0, 1e9,
               "Override the engine's one-layer forward latency");
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->callback([o, cmd] { wall(*o, *cmd); });
}

}  // namespace xpu::cli
