// SPDX-License-Identifier: MIT
#include "training/train_step.h"

#include <fmt/format.h>

#include <algorithm>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "common/units.h"
#include "compiler/plan.h"
#include "machine/collectives.h"
#include "workload/transformer.h"

namespace xpu::training {

namespace {

constexpr double kBackwardOverForward = 2.0;
constexpr double kBf16 = 2.0;
constexpr double kAdamTrafficBytesPerParam = 2.0 * 16.0;  // read and write fp32 m, v, master + bf16 grad

void check(const config::SystemSpec& system, const config::WorkloadSpec& w, const TrainRequest& r) {
  const auto& p = r.parallel;
  if (!machine::traits_of(system.chip.family).training) {
    throw InfeasibleError(fmt::format("{}: training is modelled for GPUs only", system.chip.id));
  }
  if (r.sequence < 1 || r.micro_batch < 1 || r.global_batch < 1) {
    throw InfeasibleError("sequence, micro-batch and global batch must be >= 1");
  }
  if (r.global_batch % (p.dp * r.micro_batch) != 0) {
    throw InfeasibleError(fmt::format("global batch {} is not a multiple of dp x micro-batch = {}",
                                      r.global_batch, p.dp * r.micro_batch));
  }
  if (w.layers % p.pp != 0) {
    throw InfeasibleError(fmt::format("pp={} does not divide {} layers", p.pp, w.layers));
  }
  if (r.sequence > w.max_context) {
    throw InfeasibleError(fmt::format("sequence {} exceeds model.max_context {}", r.sequence, w.max_context));
  }
}

}  // namespace

TrainResult train_step(const config::SystemSpec& system, const config::WorkloadSpec& w, const TrainRequest& req) {
  check(system, w, req);
  const auto& arch = system.chip;
  const auto& p = req.parallel;
  TrainResult r;
  r.memory_per_chip = training_memory_per_chip(w, p, req.micro_batch, req.sequence, req.recompute);
  if (r.memory_per_chip.total() > arch.dram->capacity_bytes) {
    const auto& m = r.memory_per_chip;
    throw InfeasibleError(fmt::format(
        "training {} does not fit: {:.1f} GB per chip (weights {:.1f}, gradients {:.1f}, optimizer "
        "{:.1f}, activations {:.1f}) on {:.1f} GB; raise tp/pp/dp, recompute, or shrink the micro-batch",
        w.name, m.total() / units::kGiga, m.weight_bytes / units::kGiga, m.gradient_bytes / units::kGiga,
        m.optimizer_bytes / units::kGiga, m.activation_bytes / units::kGiga,
        arch.dram->capacity_bytes / units::kGiga));
  }

  // Forward of one micro-batch through every layer on one tensor-parallel group. Its memory
  // check is the training one above, so the inference plan sees a single-layer footprint.
  workload::Scenario forward;
  forward.phase = workload::Phase::kPrefill;
  forward.batch = req.micro_batch;
  forward.prompt = req.sequence;
  forward.parallel = {p.tp, 1, p.ep, 1};
  forward.logits_for_every_token = true;
  forward.layers = 1;
  const auto one_layer = analytical::evaluate(compiler::compile(machine::resolve(arch), w, forward));
  forward.layers = 2;
  const auto two_layers = analytical::evaluate(compiler::compile(machine::resolve(arch), w, forward));
  const double per_layer = two_layers.latency_s - one_layer.latency_s;
  r.forward_s = one_layer.latency_s + per_layer * (w.layers - 1);
  r.backward_s = kBackwardOverForward * r.forward_s;
  r.recompute_s = req.recompute == Recompute::kFull ? r.forward_s : 0.0;

  // 1F1B pipeline: m micro-batches, each stage slot a 1/pp share of the work, plus the hidden
  // state crossing each stage boundary forward and backward.
  r.micro_batches = req.global_batch / (p.dp * req.micro_batch);
  const double hidden_bytes = static_cast<double>(req.micro_batch) * req.sequence * w.hidden_size * kBf16;
  const double hop = p.pp > 1 ? 2.0 * machine::collective_cost({workload::CollectiveKind::kPointToPoint,
                                                                   hidden_bytes, 2},
                                                                  system.links_for(p.tp * p.pp))
                                          .time_s()
                              : 0.0;
  const double slot = (r.forward_s + r.backward_s + r.recompute_s) / p.pp + hop;
  r.pipeline_s = (r.micro_batches + p.pp - 1) * slot;
  r.bubble_s = (p.pp - 1) * slot;

  const double params_here = workload::count_parameters(w, w.layers).total / static_cast<double>(p.tp * p.pp);
  const auto& dp_links = system.links_for(p.chips());
  const double all_reduce =
      machine::collective_cost({workload::CollectiveKind::kAllReduce, params_here * kBf16, p.dp}, dp_links)
          .time_s();
  r.gradient_all_reduce_s = std::max(0.0, all_reduce - r.backward_s / p.pp);

  const double streamed = params_here / p.dp * kAdamTrafficBytesPerParam;
  r.optimizer_s = streamed / (machine::resolve(arch).calibration.gemm.dram_efficiency * arch.dram->bandwidth_bytes_per_s) +
                  machine::collective_cost({workload::CollectiveKind::kAllGather, params_here * kBf16, p.dp},
                                              dp_links)
                      .time_s();

  r.step_s = r.pipeline_s + r.gradient_all_reduce_s + r.optimizer_s;
  const double tokens = static_cast<double>(req.global_batch) * req.sequence;
  r.tokens_per_s = tokens / r.step_s;
  r.model_flops_per_step = 6.0 * workload::count_parameters(w, w.layers).active_per_token * tokens;
  r.mfu = r.model_flops_per_step /
          (r.step_s * p.chips() * arch.dense_peak_flops_per_s(w.dtypes.activations));
  return r;
}

}  // namespace xpu::training
