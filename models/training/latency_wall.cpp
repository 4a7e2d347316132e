// SPDX-License-Identifier: MIT
#include "training/latency_wall.h"

#include <cmath>

#include "analytical/evaluate.h"
#include "compiler/plan.h"

namespace xpu::training {

namespace {

constexpr double kForwardAndBackward = 3.0;  // backward is two forward-sized passes

// Forward latency of one layer when the work is minimal (one token): what remains is the fixed
// cost of its kernels and of its tensor-parallel collectives.
double engine_layer_latency_s(const config::ArchSpec& arch, const config::WorkloadSpec& w, int64_t tp) {
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.batch = 1;
  s.prompt = 1;
  s.parallel.tp = tp;
  s.layers = 1;
  const double one = analytical::evaluate(compiler::compile(machine::resolve(arch), w, s)).latency_s;
  s.layers = 2;
  const double two = analytical::evaluate(compiler::compile(machine::resolve(arch), w, s)).latency_s;
  return two - one;
}

}  // namespace

LatencyWallResult latency_wall(const config::SystemSpec& system, const config::WorkloadSpec& shape, const LatencyWallRequest& req) {
  LatencyWallResult r;
  r.layer_forward_latency_s =
      req.layer_forward_latency_s.value_or(engine_layer_latency_s(system.chip, shape, req.tp));
  r.aspect_ratio = static_cast<double>(shape.hidden_size) / shape.layers;
  const double all_reduce_s =
      req.dp > 1 ? 2.0 * std::ceil(std::log2(static_cast<double>(req.dp))) * system.scale_out.hop_latency_s : 0.0;
  auto layers_of = [&](double n) { return std::cbrt(n / (12.0 * r.aspect_ratio * r.aspect_ratio)); };
  auto step_floor = [&](double n) {
    return layers_of(n) * kForwardAndBackward * r.layer_forward_latency_s + all_reduce_s;
  };
  // tokens the duration allows minus tokens the model wants: decreasing in N, one root.
  auto surplus = [&](double n) { return req.duration_s / step_floor(n) * req.batch_tokens - req.tokens_per_parameter * n; };
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
