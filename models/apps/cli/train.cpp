// SPDX-License-Identifier: MIT
// `xpusim train`: one training step of a model on a cluster, and where its time goes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "apps/cli/commands.h"
#include "apps/cli/numbers.h"
#include "apps/cli/parallelism.h"
#include "apps/cli/point_options.h"
#include "common/units.h"
#include "config/resolve.h"
#include "config/system_spec.h"
#include "report/json_scale_out.h"
#include "training/train_step.h"

namespace xpu::cli {

namespace {

struct TrainOptions {
  std::string system, workload, parallel = "tp=1", recompute = "none", schedule = "1f1b",
                                sharding = "zero1", tp_overlap = "backward";
  int64_t global_batch = 0, micro_batch = 1, sequence = 0, virtual_stages = 1;
  bool json = false, no_flash_attention = false, no_dp_overlap = false, fp8_param_gather = false;
  DTypeFlags dtypes;
};

// The layout of `--parallel` plus cp=N (context parallelism, training only): cp is taken out
// before the shared parser reads the rest.
workload::Parallelism parse_layout(std::string text, int64_t& cp) {
  cp = 1;
  std::string rest;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item.rfind("cp=", 0) == 0) {
      try {
        size_t used = 0;
        cp = std::stoll(item.substr(3), &used);
        if (used != item.size() - 3 || cp < 1 || cp > (1 << 20)) throw std::invalid_argument(item);
      } catch (const std::exception&) {
        throw CLI::ValidationError("--parallel",
                                   "'" + item + "': expected cp=N with 1 <= N <= 1048576");
      }
    } else {
      rest += (rest.empty() ? "" : ",") + item;
    }
  }
  return parse_parallelism(rest.empty() ? "tp=1" : rest);
}

training::Recompute recompute_of(const std::string& name) {
  if (name == "full") return training::Recompute::kFull;
  if (name == "selective") return training::Recompute::kSelective;
  return training::Recompute::kNone;
}

void train(const TrainOptions& o) {
  const auto system = config::load_system(o.system);
  const auto workload = config::resolve_workload(system.chip, config::load_workload(o.workload),
                                                 dtype_overrides(o.dtypes));
  training::TrainRequest req;
  req.parallel = parse_layout(o.parallel, req.cp);
  req.global_batch = o.global_batch;
  req.micro_batch = o.micro_batch;
  req.sequence = o.sequence;
  req.recompute = recompute_of(o.recompute);
  req.flash_attention = !o.no_flash_attention;
  req.schedule =
      o.schedule == "interleaved" ? training::Schedule::kInterleaved : training::Schedule::k1F1B;
  req.virtual_stages = o.virtual_stages;
  req.sharding = o.sharding == "fsdp" ? training::DataParallelSharding::kFsdp
                                      : training::DataParallelSharding::kZero1;
  req.tp_overlap = o.tp_overlap == "none"   ? training::TpOverlap::kNone
                   : o.tp_overlap == "full" ? training::TpOverlap::kFull
                                            : training::TpOverlap::kBackward;
  req.overlap_dp_comm = !o.no_dp_overlap;
  req.fp8_param_gather = o.fp8_param_gather;
  const auto r = training::train_step(system, workload, req);
  const auto& p = req.parallel;
  if (o.json) {
    std::cout << report::to_json(r, system.id, workload.id, req).dump(2) << "\n";
    return;
  }
  fmt::print("{} training step on {} x {} (tp={} cp={} pp={} dp={})\n", workload.name, r.chips,
             system.chip.name, p.tp, req.cp, p.pp, p.dp);
  fmt::print("  step             {:.3f} s, {:.0f} tokens/s, MFU {:.1f}%\n", r.step_s,
             r.tokens_per_s, 100.0 * r.mfu);
  fmt::print("  layers per stage {}\n", fmt::join(r.layers_per_stage, " "));
  fmt::print(
      "  one layer        forward {:.2f} ms, backward {:.2f} ms, recompute {:.2f} ms (tp comm "
      "exposed {:.2f} ms)\n",
      r.layer_forward_s * 1e3, r.layer_backward_s * 1e3, r.layer_recompute_s * 1e3,
      r.tp_comm_exposed_s * 1e3);
  fmt::print("  SM sharing       {:.3f} s of compute lost to overlapped collectives' SMs\n",
             r.sm_sharing_s);
  fmt::print(
      "  pipeline         {:.3f} s ({} micro-batches, bubble {:.3f} s = {:.1f}%, p2p exposed "
      "{:.3f} s)\n",
      r.pipeline_s, r.micro_batches, r.bubble_s, 100.0 * r.bubble_fraction,
      r.point_to_point_exposed_s);
  fmt::print("  data parallel    {:.3f} s exposed\n  optimizer        {:.3f} s\n",
             r.data_parallel_exposed_s, r.optimizer_s);
  fmt::print(
      "  memory per chip  {:.1f} GB (weights {:.1f}, gradients {:.1f}, optimizer {:.1f}, "
      "activations {:.1f})\n",
      r.memory_per_chip.total() / units::kGiga, r.memory_per_chip.weight_bytes / units::kGiga,
      r.memory_per_chip.gradient_bytes / units::kGiga,
      r.memory_per_chip.optimizer_bytes / units::kGiga,
      r.memory_per_chip.activation_bytes / units::kGiga);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  CLI::App* cmd =
      app.add_subcommand("train", "One training step of a model on a cluster (systems/*.toml)");
  cmd->add_option("--system", o->system, "Cluster file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--workload", o->workload, "Model file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--parallel", o->parallel, "tp=N,cp=N,pp=N,dp=N")->capture_default_str();
  add_dtype_options(*cmd, o->dtypes);
  add_count(*cmd, "--global-batch", o->global_batch, 1, kMaxTokensFlag, "Sequences per step")
      ->required();
  add_count(*cmd, "--micro-batch", o->micro_batch, 1, kMaxTokensFlag, "Sequences per micro-batch");
  add_count(*cmd, "--sequence", o->sequence, 1, kMaxTokensFlag, "Tokens per sequence")->required();
  cmd->add_option("--recompute", o->recompute, "none | selective | full")
      ->check(CLI::IsMember({"none", "selective", "full"}));
  cmd->add_option("--schedule", o->schedule, "1f1b | interleaved")
      ->check(CLI::IsMember({"1f1b", "interleaved"}));
  add_count(*cmd, "--virtual-stages", o->virtual_stages, 1, 1024, "Chunks per stage (interleaved)");
  cmd->add_option("--dp-sharding", o->sharding, "zero1 | fsdp")
      ->check(CLI::IsMember({"zero1", "fsdp"}));
  cmd->add_flag("--no-flash-attention", o->no_flash_attention, "Materialise the attention scores");
  cmd->add_option(
         "--tp-overlap", o->tp_overlap,
         "Tensor-parallel collectives behind GEMMs: none | backward (Megatron's default) | "
         "full (--tp-comm-overlap)")
      ->check(CLI::IsMember({"none", "backward", "full"}))
      ->capture_default_str();
  cmd->add_flag("--no-dp-overlap", o->no_dp_overlap, "Expose the data-parallel collectives");
  cmd->add_flag("--fp8-param-gather", o->fp8_param_gather,
                "All-gather the updated parameters in fp8 (Megatron --fp8-param-gather; needs "
                "--activation-dtype fp8)");
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->callback([o] { train(*o); });
}

}  // namespace xpu::cli
