// SPDX-License-Identifier: MIT
#pragma once
// Memory of one chip during mixed-precision training (Megatron-style):
//   weights and gradients in bf16 (2 + 2 bytes per parameter of the chip's tp x pp shard),
//   Adam in fp32 (master weights, m, v: 12 bytes per parameter) sharded over dp (ZeRO-1),
//   activations per layer s*b*h*(34 + 5*a*s/h) bytes / tp (Korthikanti et al. 2022, eq. 2,
//   with tensor and sequence parallelism), kept for the micro-batches a 1F1B pipeline has in
//   flight (pp on the first stage); full recomputation keeps only each layer's input (2*s*b*h).
#include "config/workload_spec.h"
#include "workload/scenario.h"

namespace xpu::training {

enum class Recompute { kNone, kFull };

struct TrainingMemory {
  double weight_bytes = 0.0;
  double gradient_bytes = 0.0;
  double optimizer_bytes = 0.0;
  double activation_bytes = 0.0;
  double total() const { return weight_bytes + gradient_bytes + optimizer_bytes + activation_bytes; }
};

TrainingMemory training_memory_per_chip(const config::WorkloadSpec& w, const workload::Parallelism& p,
                                        int64_t micro_batch, int64_t sequence, Recompute recompute);

}  // namespace xpu::training
