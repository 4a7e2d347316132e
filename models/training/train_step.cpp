// SPDX-License-Identifier: MIT
#include "training/train_step.h"

#include <fmt/format.h>

#include <algorithm>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "common/units.h"
#include "compiler/plan.h"
#include "machine/collectives.h"
#include "training/comm_overlap.h"
#include "workload/transformer.h"

namespace xpu::training {

namespace {

constexpr double kBackwardOverForward = 2.0;
// FlashAttention's backward recomputes the scores: 5 matmuls against the forward's 2, 2.5x the
// FLOPs (Dao, FlashAttention-2, arXiv 2307.08691, §4.1), at a lower rate than the forward's
// (config::AttentionEfficiency::backward_rate_over_forward).
constexpr double kFlashBackwardOverForward = 2.5;
constexpr double kAdamTrafficBytesPerParam =
    2.0 * 16.0;  // read and write fp32 m, v, master + bf16 grad

void check(const config::WorkloadSpec& w, const TrainRequest& r, const config::SystemSpec& system) {
  const auto& p = r.parallel;
  if (!machine::traits_of(system.chip.family).training) {
    throw InfeasibleError(fmt::format("{}: training is modelled for GPUs only", system.chip.id));
  }
  if (r.sequence < 1 || r.micro_batch < 1 || r.global_batch < 1 || r.cp < 1 ||
      r.virtual_stages < 1) {
    throw InfeasibleError(
        "sequence, micro-batch, global batch, cp and virtual stages must be >= 1");
  }
  if (r.global_batch % (p.dp * r.micro_batch) != 0) {
    throw InfeasibleError(fmt::format("global batch {} is not a multiple of dp x micro-batch = {}",
                                      r.global_batch, p.dp * r.micro_batch));
  }
  if (r.cp > 1 && r.sequence % (2 * r.cp) != 0) {  // each rank takes 2 of 2cp equal chunks
    throw InfeasibleError(
        fmt::format("sequence {} does not split into 2 x cp = {} chunks", r.sequence, 2 * r.cp));
  }
  if (r.fp8_param_gather && w.dtypes.activations != DType::kFp8) {
    throw InfeasibleError("an fp8 parameter gather needs fp8 training (activation dtype fp8)");
  }
  if (r.sequence > w.max_context) {
    throw InfeasibleError(
        fmt::format("sequence {} exceeds model.max_context {}", r.sequence, w.max_context));
  }
}

// The model as mixed-precision training runs it. In a format narrower than bf16 only the decoder
// layers' GEMMs compute in it: Transformer Engine's fp8 recipe keeps activations, attention
// (DotProductAttention runs bf16 unless fp8 attention is asked for, which the MLPerf Training
// 405B configs do not) and the element-wise work in bf16, and casts each GEMM input
// (workload/transformer.cpp). The MFU keeps the requested format's peak.
config::WorkloadSpec as_trained(const config::WorkloadSpec& w) {
  if (bytes_per_element(w.dtypes.activations) >= kBf16Bytes) return w;
  config::WorkloadSpec t = w;
  t.dtypes.layer_gemm_inputs = w.dtypes.activations;
  t.dtypes.activations = DType::kBf16;
  t.dtypes.kv_cache = DType::kBf16;
  return t;
}

// Kernel time of one engine result, by kind; the fp8 casts by the pass they run in.
struct KindTimes {
  double gemm = 0.0, attention = 0.0, other = 0.0, collective = 0.0;
  double forward_cast = 0.0, backward_cast = 0.0;
  double compute() const { return gemm + attention + other + forward_cast; }
  KindTimes minus(const KindTimes& o) const {
    return {gemm - o.gemm,
            attention - o.attention,
            other - o.other,
            collective - o.collective,
            forward_cast - o.forward_cast,
            backward_cast - o.backward_cast};
  }
};

KindTimes by_kind(const Result& r) {
  KindTimes t;
  for (const auto& op : r.ops) {
    if (op.name.ends_with(workload::kInputCastSuffix))
      t.forward_cast += op.time_s;
    else if (op.name.ends_with(workload::kOutputGradientCastSuffix))
      t.backward_cast += op.time_s;
    else if (op.kind == OpKind::kGemm)
      t.gemm += op.time_s;
    else if (op.kind == OpKind::kAttention)
      t.attention += op.time_s;
    else if (op.kind == OpKind::kCollective)
      t.collective += op.time_s;
    else
      t.other += op.time_s;
  }
  return t;
}

// Tensor-parallel collectives per layer with sequence parallelism (Korthikanti §4.2.2): forward,
// an all-gather before and a reduce-scatter after attention and the MLP; backward, their
// conjugates plus the re-gather of the two column-parallel inputs for the weight gradients.
// All carry one sequence-sharded hidden state, so each costs the same.
constexpr double kTpCollectivesForward = 4.0;
constexpr double kTpCollectivesBackward = 6.0;
// Of the backward's, what Megatron-LM's asynchronous backward hides: the 2 re-gathers (behind the
// input-gradient GEMMs) and the 2 reduce-scatters of the input gradients (behind the weight-
// gradient GEMMs); the all-gathers of the row-parallel output gradients feed both of their
// GEMMs and stay exposed.
constexpr double kTpCollectivesBackwardHidden = 4.0;

// Exposed time of `collectives` of which `hidden` run behind `window` of GEMMs: the rest on the
// critical path, the hidden ones costing the GEMMs the SMs they hold (comm_overlap.h). Returns
// the time the layer grows by beyond its compute; `sm_loss` gets the part due to SM sharing.
double tp_exposed(double per_collective, double collectives, double hidden, double window,
                  double sm_fraction, double& sm_loss) {
  const double behind = per_collective * hidden;
  sm_loss += sm_sharing_loss_s(window, behind, sm_fraction);
  return per_collective * (collectives - hidden) + with_collective_s(window, behind, sm_fraction) -
         window;
}

}  // namespace

compiler::Plan with_backward_gemms(compiler::Plan plan) {
  std::vector<workload::Op> ops;
  ops.reserve(plan.ops.size() * 2);
  for (const auto& op : plan.ops) {
    if (op.kind != workload::OpKind::kGemm) {
      ops.push_back(op);
      continue;
    }
    const auto& s = *op.gemm;
    workload::Op data = op;
    data.name = op.name + "_data_gradient";
    data.gemm = workload::GemmShape{s.m, s.n, s.k, s.groups};
    workload::Op weight = op;
    weight.name = op.name + "_weight_gradient";
    weight.gemm = workload::GemmShape{s.k, s.m, s.n, s.groups};
    weight.weight_bytes = static_cast<double>(s.groups) * static_cast<double>(s.k) *
                          static_cast<double>(s.n) * 2.0 * kFp32Bytes;
    ops.push_back(std::move(data));
    ops.push_back(std::move(weight));
  }
  plan.ops = std::move(ops);
  return plan;
}

TrainResult train_step(const config::SystemSpec& system, const config::WorkloadSpec& w,
                       const TrainRequest& req) {
  check(w, req, system);
  const auto& arch = system.chip;
  const auto& channels = *system.collective_channels;  // a GPU cluster's, checked on loading
  const machine::Machine machine = machine::resolve(arch);
  const auto& p = req.parallel;
  const int64_t v = req.schedule == Schedule::kInterleaved ? req.virtual_stages : 1;
  const int64_t local_tokens = req.sequence / req.cp;
  TrainResult r;
  r.chips = p.chips() * req.cp;
  r.micro_batches = req.global_batch / (p.dp * req.micro_batch);

  // One layer's forward on one chip of the tp group, and the rest of the model (embedding,
  // final norm, LM head): one- and two-layer plans, differenced.
  const config::WorkloadSpec trained = as_trained(w);
  workload::Scenario forward;
  forward.phase = workload::Phase::kPrefill;
  forward.batch = req.micro_batch;
  forward.prompt = local_tokens;
  forward.parallel = {p.tp, 1, p.ep, 1};
  forward.logits_for_every_token = true;
  forward.layers = 1;
  const auto one_plan = compiler::compile(machine, trained, forward);
  forward.layers = 2;
  const auto two_plan = compiler::compile(machine, trained, forward);
  const auto one = by_kind(analytical::evaluate(one_plan));
  const auto layer = by_kind(analytical::evaluate(two_plan)).minus(one);
  const auto rest = one.minus(layer);
  // The backward's GEMMs, differenced the same way.
  const double one_backward_gemm =
      by_kind(analytical::evaluate(with_backward_gemms(one_plan))).gemm;
  const double layer_backward_gemm =
      by_kind(analytical::evaluate(with_backward_gemms(two_plan))).gemm - one_backward_gemm;
  const double rest_backward_gemm = one_backward_gemm - layer_backward_gemm;

  double cp_gather = 0.0;
  if (req.cp > 1) {
    const double kv_per_rank =
        static_cast<double>(w.kv_heads * w.head_dim) / std::min(p.tp, w.kv_heads);
    const double kv_bytes =
        static_cast<double>(req.micro_batch * req.sequence) * 2.0 * kv_per_rank * kBf16Bytes;
    cp_gather = machine::collective_cost({workload::CollectiveKind::kAllGather, kv_bytes, req.cp},
                                         system.links_for(p.tp * req.cp))
                    .time_s();
  }
  const double attention = layer.attention * static_cast<double>(req.cp);
  const double compute = layer.gemm + attention + layer.other;
  const double collective_sms = sm_fraction(channels.ring, arch.compute.units);
  const double per_collective = layer.collective / kTpCollectivesForward;
  const bool full = req.tp_overlap == TpOverlap::kFull;
  double forward_sm_loss = 0.0, backward_sm_loss = 0.0;
  const double tp_fwd =
      tp_exposed(per_collective, kTpCollectivesForward, full ? kTpCollectivesForward : 0.0,
                 layer.gemm, collective_sms, forward_sm_loss);
  const double backward_hidden = full ? kTpCollectivesBackward
                                 : req.tp_overlap == TpOverlap::kBackward
                                     ? kTpCollectivesBackwardHidden
                                     : 0.0;
  const double tp_bwd = tp_exposed(per_collective, kTpCollectivesBackward, backward_hidden,
                                   layer_backward_gemm, collective_sms, backward_sm_loss);
  r.tp_comm_exposed_s = tp_fwd + tp_bwd;
  r.context_parallel_comm_s = 2.0 * cp_gather;
  r.layer_forward_s = compute + tp_fwd + cp_gather;
  const double attention_backward =
      req.flash_attention ? kFlashBackwardOverForward * attention /
                                machine.calibration.attention.backward_rate_over_forward
                          : kBackwardOverForward * attention;
  r.layer_backward_s = layer_backward_gemm + kBackwardOverForward * layer.other +
                       attention_backward + layer.backward_cast + tp_bwd + cp_gather;
  r.layer_recompute_s = req.recompute == Recompute::kFull        ? r.layer_forward_s
                        : req.recompute == Recompute::kSelective ? attention
                                                                 : 0.0;
  const double layer_s = r.layer_forward_s + r.layer_backward_s + r.layer_recompute_s;
  const double layer_sm_loss =
      forward_sm_loss * (req.recompute == Recompute::kFull ? 2.0 : 1.0) + backward_sm_loss;
  const double rest_s = rest.compute() + rest_backward_gemm +
                        kBackwardOverForward * (rest.compute() - rest.gemm) + 2.0 * rest.collective;

  // Placement, then memory on the first stage (most micro-batches in flight) and on the
  // stage with the most parameters.
  const auto layout = place_layers(w.layers, p.pp, 0.0, rest_s / layer_s);
  r.layers_per_stage = layout.layers_per_stage;
  const double per_layer_params =
      workload::count_parameters(w, 2).total - workload::count_parameters(w, 1).total;
  const double rest_params = workload::count_parameters(w, 1).total - per_layer_params;
  double stage_params = 0.0;
  for (size_t i = 0; i < layout.layers_per_stage.size(); ++i) {
    double here = static_cast<double>(layout.layers_per_stage[i]) * per_layer_params;
    if (i == 0) here += rest_params / 2.0;                                   // embedding
    if (i + 1 == layout.layers_per_stage.size()) here += rest_params / 2.0;  // LM head
    stage_params = std::max(stage_params, here);
  }
  double in_flight = static_cast<double>(std::min(r.micro_batches, p.pp));
  if (req.schedule == Schedule::kInterleaved) {
    in_flight *= 1.0 + static_cast<double>(p.pp - 1) / static_cast<double>(p.pp * v);
  }
  MemoryInputs mem;
  mem.tp = p.tp;
  mem.dp = p.dp;
  mem.stage_parameters = stage_params;
  mem.first_stage_layers = layout.layers_per_stage.front();
  mem.micro_batches_in_flight = in_flight;
  mem.tokens_per_micro_batch = static_cast<double>(req.micro_batch * local_tokens);
  mem.keys_per_query = req.sequence;
  mem.flash_attention = req.flash_attention;
  mem.recompute = req.recompute;
  mem.sharding = req.sharding;
  r.memory_per_chip = training_memory_per_chip(trained, mem);
  if (r.memory_per_chip.total() > arch.dram->capacity_bytes) {
    const auto& m = r.memory_per_chip;
    throw InfeasibleError(fmt::format(
        "training {} does not fit: {:.1f} GB per chip (weights {:.1f}, gradients {:.1f}, optimizer "
        "{:.1f}, activations {:.1f}) on {:.1f} GB; raise tp/cp/pp/dp, recompute, or shrink the "
        "micro-batch",
        w.name, m.total() / units::kGiga, m.weight_bytes / units::kGiga,
        m.gradient_bytes / units::kGiga, m.optimizer_bytes / units::kGiga,
        m.activation_bytes / units::kGiga, arch.dram->capacity_bytes / units::kGiga));
  }

  // Data parallelism over the chips' shards of the heaviest stage.
  const double params_here = stage_params / static_cast<double>(p.tp);
  const auto& dp_links = system.links_for(r.chips);
  const bool fsdp = req.sharding == DataParallelSharding::kFsdp;
  // Both shardings reduce-scatter the gradients (each rank updates its 1/dp: Megatron's
  // distributed optimizer in bf16, grad_reduce_in_fp32 off as the MLPerf configs set it; FSDP in
  // fp32) and all-gather the weights. A ring reduce-scatter moves what a ring all-gather does.
  const double gradients =
      machine::collective_cost({workload::CollectiveKind::kAllGather,
                                params_here * (fsdp ? kFp32Bytes : kBf16Bytes), p.dp},
                               dp_links)
          .time_s();
  const double gathered_bytes_per_param =
      req.fp8_param_gather ? bytes_per_element(DType::kFp8) : kBf16Bytes;
  const double weights = machine::collective_cost({workload::CollectiveKind::kAllGather,
                                                   params_here * gathered_bytes_per_param, p.dp},
                                                  dp_links)
                             .time_s();

  // Pipeline: m slots of the slowest stage, the schedule's bubble, and the boundary crossings
  // of the fill and drain. In steady state each of the stage's v chunks receives and sends one
  // hidden state forward and one gradient backward per micro-batch, asynchronously: 2 v hops in
  // flight behind the slot's compute, holding NCCL's point-to-point SMs.
  const double compute_slot_s = layout.slot_layer_equivalents * layer_s;
  double slot_p2p_s = 0.0;
  if (p.pp > 1) {
    const double hidden_bytes =
        static_cast<double>(req.micro_batch * local_tokens * w.hidden_size) * kBf16Bytes /
        static_cast<double>(p.tp);
    const double hop =
        machine::collective_cost({workload::CollectiveKind::kPointToPoint, hidden_bytes, 2},
                                 system.links_for(2 * p.tp * req.cp))
            .time_s();
    const double hops = 2.0 * static_cast<double>(v);
    const double window = compute_slot_s / hops;
    slot_p2p_s =
        hops *
        (with_collective_s(window, hop, sm_fraction(channels.point_to_point, arch.compute.units)) -
         window);
    r.point_to_point_exposed_s = 2.0 * static_cast<double>(v * p.pp - 1) * hop;
  }
  // FSDP shards the gradients (Llama 3 §3.3.2: optimizer states and gradients sharded, fp32
  // accumulation over micro-batches, fp32 reduce-scatter), as training_memory.h counts them
  // (4/dp bytes per parameter): each micro-batch's gradients are reduce-scattered as its
  // backward produces them and added to the fp32 shard, the collective running behind the
  // following slot's compute and holding its SMs; the last micro-batch's has no slot after it
  // and is the step's tail, below. Keeping them whole until the last micro-batch would need an
  // unsharded fp32 buffer, 4 bytes per parameter more. ZeRO-1 keeps a whole bf16 gradient
  // buffer (2 bytes) and reduces once per step, the tail alone.
  const bool gradients_per_micro_batch = fsdp && p.dp > 1;
  double slot_gradient_sync_s = 0.0;
  if (gradients_per_micro_batch) {
    slot_gradient_sync_s =
        req.overlap_dp_comm
            ? with_collective_s(compute_slot_s, gradients, collective_sms) - compute_slot_s
            : gradients;
  }
  r.slot_s = compute_slot_s + slot_p2p_s + slot_gradient_sync_s;
  r.bubble_fraction = p.pp > 1 ? bubble_fraction(req.schedule, p.pp, v, r.micro_batches) : 0.0;
  const double m = static_cast<double>(r.micro_batches);
  const double useful = m * r.slot_s - slot_gradient_sync_s;
  r.bubble_s = useful * r.bubble_fraction;
  r.pipeline_s = useful + r.bubble_s + r.point_to_point_exposed_s;
  const double gradient_sync_sm_loss =
      gradients_per_micro_batch && req.overlap_dp_comm
          ? sm_sharing_loss_s(compute_slot_s, gradients, collective_sms)
          : 0.0;
  r.sm_sharing_s = m * (layout.slot_layer_equivalents * layer_sm_loss + slot_p2p_s) +
                   (m - 1.0) * gradient_sync_sm_loss;

  const int64_t units = layout.layers_per_stage[static_cast<size_t>(layout.slowest_stage)];
  // The tail: the last gradient collective behind the backward that finishes the gradients, the
  // weight gather behind the forward that first needs them, layer by layer (comm_overlap.h).
  // With one chunk per stage that is the last micro-batch's backward (the first one's forward)
  // of the stage's layers. Interleaved, each of the v chunks' gradients is final when its own
  // last backward ends, and the cool-down runs the chunks' last backwards p micro-batches apart
  // (Megatron's interleaved schedule: p micro-batches of one chunk, then of the next), so the
  // stage's collectives, issued chunk by chunk as Megatron's overlap_grad_reduce and
  // overlap_param_gather do, run behind ((v - 1) p + 1) chunk-backwards of u = layers / v
  // layers each. Taken as one window: when a chunk's share outlasts the p u layers that
  // separate two chunks, the queue stays busy from the first chunk on and the exposed time is
  // the same; otherwise only the last layer's share is exposed, as with one chunk.
  const double units_d = static_cast<double>(units);
  const double pipelined = static_cast<double>(std::min(r.micro_batches, p.pp));
  const double window_layers =
      units_d * (1.0 + static_cast<double>(v - 1) * pipelined) / static_cast<double>(v);
  const auto dp_exposed = [&](double sms) {
    return exposed_behind(gradients, window_layers * r.layer_backward_s, units, req.overlap_dp_comm,
                          sms) +
           exposed_behind(weights, window_layers * r.layer_forward_s, units, req.overlap_dp_comm,
                          sms);
  };
  if (p.dp > 1) {
    r.data_parallel_exposed_s = dp_exposed(collective_sms);
    r.sm_sharing_s += r.data_parallel_exposed_s - dp_exposed(0.0);
  }

  const double streamed = params_here / static_cast<double>(p.dp) * kAdamTrafficBytesPerParam;
  r.optimizer_s =
      streamed / (machine.calibration.gemm.dram_efficiency * arch.dram->bandwidth_bytes_per_s);

  r.step_s = r.pipeline_s + r.data_parallel_exposed_s + r.optimizer_s;
  const double tokens = static_cast<double>(req.global_batch) * static_cast<double>(req.sequence);
  r.tokens_per_s = tokens / r.step_s;
  const double attention_flops_per_token = 12.0 * static_cast<double>(w.layers) *
                                           static_cast<double>(w.heads * w.head_dim) *
                                           static_cast<double>(req.sequence);
  r.model_flops_per_step =
      (6.0 * workload::count_parameters(w, w.layers).active_per_token + attention_flops_per_token) *
      tokens;
  r.mfu = r.model_flops_per_step / (r.step_s * static_cast<double>(r.chips) *
                                    arch.dense_peak_flops_per_s(w.dtypes.activations));
  return r;
}

}  // namespace xpu::training
