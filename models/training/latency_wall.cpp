// SPDX-License-Identifier: MIT
#include "training/latency_wall.h"

#include <cmath>

#include "analytical/evaluate.h"
#include "compiler/plan.h"

namespace xpu::training {

namespace {

constexpr double kForwardAndBackward = 3.0;  // backward is two forward-sized passes

// The family's layer with every dimension at its smallest tp-divisible size: one head per
// chip, MLP and experts as wide as the hidden state.
config::WorkloadSpec vanishing_layer(const config::WorkloadSpec& w, int64_t tp) {
  config::WorkloadSpec m = w;
  m.heads = tp;
  m.kv_heads = tp;
  m.hidden_size = tp * w.head_dim;
  m.ffn_hidden_size = m.hidden_size;
  m.vocab_size = m.hidden_size;
  if (m.moe) m.moe->expert_ffn_hidden_size = m.hidden_size;
  return m;
}

}  // namespace

double minimal_layer_latency_s(const config::ArchSpec& arch, const config::WorkloadSpec& shape,
                               int64_t tp) {
  const auto w = vanishing_layer(shape, tp);
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.batch = 1;
  s.prompt = 1;
  s.parallel.tp = tp;
  s.layers = 1;
  const double one =
      analytical::evaluate(compiler::compile(machine::resolve(arch), w, s)).latency_s;
  s.layers = 2;
  const double two =
      analytical::evaluate(compiler::compile(machine::resolve(arch), w, s)).latency_s;
  return two - one;
}

double wall_parameters_closed_form(double duration_s, double batch_tokens, double aspect_ratio,
                                   double layer_forward_latency_s, double tokens_per_parameter) {
  return std::pow(duration_s * batch_tokens * std::cbrt(12.0 * aspect_ratio * aspect_ratio) /
                      (tokens_per_parameter * kForwardAndBackward * layer_forward_latency_s),
                  0.75);
}

LatencyWallResult latency_wall(const config::SystemSpec& system, const config::WorkloadSpec& shape,
                               const LatencyWallRequest& req) {
  LatencyWallResult r;
  r.layer_forward_latency_s =
      req.layer_forward_latency_s.value_or(minimal_layer_latency_s(system.chip, shape, req.tp));
  r.aspect_ratio = req.aspect_ratio;
  const double all_reduce_s = req.dp > 1 ? 2.0 * std::ceil(std::log2(static_cast<double>(req.dp))) *
                                               system.scale_out.hop_latency_s
                                         : 0.0;
  auto layers_of = [&](double n) {
    return std::cbrt(n / (12.0 * r.aspect_ratio * r.aspect_ratio));
  };
  auto step_floor = [&](double n) {
    return layers_of(n) * kForwardAndBackward * r.layer_forward_latency_s + all_reduce_s;
  };
  // tokens the duration allows minus tokens the model wants: decreasing in N, one root.
  auto surplus = [&](double n) {
    return req.duration_s / step_floor(n) * req.batch_tokens - req.tokens_per_parameter * n;
  };
  double lo = 1e6, hi = 1e20;
  for (int i = 0; i < 200; ++i) {
    const double mid = std::sqrt(lo * hi);
    (surplus(mid) > 0.0 ? lo : hi) = mid;
  }
  r.parameters = lo;
  r.layers = layers_of(lo);
  r.step_floor_s = step_floor(lo);
  r.tokens = req.tokens_per_parameter * lo;
  r.flop = 6.0 * r.parameters * r.tokens;
  return r;
}

}  // namespace xpu::training
