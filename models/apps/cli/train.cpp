// SPDX-License-Identifier: MIT
// `xpusim train`: one training step of a model on a cluster, and where its time goes.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "apps/cli/commands.h"
#include "apps/cli/numbers.h"
#include "apps/cli/parallelism.h"
#include "common/units.h"
#include "config/gpu_efficiency_spec.h"
#include "config/system_spec.h"
#include "training/train_step.h"

namespace xpu::cli {

namespace {

struct TrainOptions {
  std::string system, workload, parallel = "tp=1", recompute = "none";
  int64_t global_batch = 0, micro_batch = 1, sequence = 0;
  bool json = false;
};

void train(const TrainOptions& o) {
  const auto system = config::load_system(o.system);
  const auto workload = config::load_workload(o.workload);
  training::TrainRequest req;
  req.parallel = parse_parallelism(o.parallel);
  req.global_batch = o.global_batch;
  req.micro_batch = o.micro_batch;
  req.sequence = o.sequence;
  req.recompute = o.recompute == "full" ? training::Recompute::kFull : training::Recompute::kNone;
  const auto r = training::train_step(system, workload, config::efficiency_for(system.chip), req);
  const auto& p = req.parallel;
  if (o.json) {
    nlohmann::json j = {{"system", system.id},
                        {"workload", workload.id},
                        {"chips", p.chips()},
                        {"parallel", {{"tp", p.tp}, {"pp", p.pp}, {"ep", p.ep}, {"dp", p.dp}}},
                        {"step_s", r.step_s},
                        {"tokens_per_s", r.tokens_per_s},
                        {"mfu", r.mfu},
                        {"micro_batches", r.micro_batches},
                        {"breakdown_s",
                         {{"pipeline", r.pipeline_s},
                          {"bubble", r.bubble_s},
                          {"gradient_all_reduce_exposed", r.gradient_all_reduce_s},
                          {"optimizer", r.optimizer_s}}},
                        {"memory_per_chip_bytes",
                         {{"weights", r.memory_per_chip.weight_bytes},
                          {"gradients", r.memory_per_chip.gradient_bytes},
                          {"optimizer", r.memory_per_chip.optimizer_bytes},
                          {"activations", r.memory_per_chip.activation_bytes}}}};
    std::cout << j.dump(2) << "\n";
    return;
  }
  fmt::print("{} training step on {} x {} (tp={} pp={} dp={})\n", workload.name, p.chips(), system.chip.name,
             p.tp, p.pp, p.dp);
  fmt::print("  step             {:.3f} s, {:.0f} tokens/s, MFU {:.1f}%\n", r.step_s, r.tokens_per_s, 100.0 * r.mfu);
  fmt::print("  pipeline         {:.3f} s ({} micro-batches, bubble {:.3f} s)\n", r.pipeline_s, r.micro_batches,
             r.bubble_s);
  fmt::print("  grad all-reduce  {:.3f} s exposed\n  optimizer        {:.3f} s\n", r.gradient_all_reduce_s,
             r.optimizer_s);
  fmt::print("  memory per chip  {:.1f} GB (weights {:.1f}, gradients {:.1f}, optimizer {:.1f}, activations {:.1f})\n",
             r.memory_per_chip.total() / units::kGiga, r.memory_per_chip.weight_bytes / units::kGiga,
             r.memory_per_chip.gradient_bytes / units::kGiga, r.memory_per_chip.optimizer_bytes / units::kGiga,
             r.memory_per_chip.activation_bytes / units::kGiga);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  CLI::App* cmd = app.add_subcommand("train", "One training step of a model on a cluster (systems/*.toml)");
  cmd->add_option("--system", o->system, "Cluster file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--workload", o->workload, "Model file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--parallel", o->parallel, "tp=N,pp=N,dp=N")->capture_default_str();
  add_count(*cmd, "--global-batch", o->global_batch, 1, kMaxTokensFlag, "Sequences per step")->required();
  add_count(*cmd, "--micro-batch", o->micro_batch, 1, kMaxTokensFlag, "Sequences per micro-batch");
  add_count(*cmd, "--sequence", o->sequence, 1, kMaxTokensFlag, "Tokens per sequence")->required();
  cmd->add_option("--recompute", o->recompute, "none | full")->check(CLI::IsMember({"none", "full"}));
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->callback([o] { train(*o); });
}

}  // namespace xpu::cli
