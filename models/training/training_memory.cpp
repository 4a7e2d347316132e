// SPDX-License-Identifier: MIT
#include "training/training_memory.h"

#include "workload/transformer.h"

namespace xpu::training {

TrainingMemory training_memory_per_chip(const config::WorkloadSpec& w, const workload::Parallelism& p,
                                        int64_t micro_batch, int64_t sequence, Recompute recompute) {
  constexpr double kBf16 = 2.0;
  constexpr double kAdamBytesPerParam = 12.0;  // fp32 master weights, first and second moments
  const double params = workload::count_parameters(w, w.layers).total / static_cast<double>(p.tp * p.pp);
  TrainingMemory m;
  m.weight_bytes = params * kBf16;
  m.gradient_bytes = params * kBf16;
  m.optimizer_bytes = params * kAdamBytesPerParam / static_cast<double>(p.dp);

  const double s = static_cast<double>(sequence), b = static_cast<double>(micro_batch);
  const double h = static_cast<double>(w.hidden_size), a = static_cast<double>(w.heads);
  const double layers_here = static_cast<double>(w.layers) / p.pp;
  const double in_flight = static_cast<double>(p.pp);
  const double full_layer = s * b * h * (34.0 + 5.0 * a * s / h) / p.tp;
  const double layer_input = kBf16 * s * b * h / p.tp;
  m.activation_bytes = recompute == Recompute::kFull
                           ? layer_input * layers_here * in_flight + full_layer
                           : full_layer * layers_here * in_flight;
  return m;
}

}  // namespace xpu::training
