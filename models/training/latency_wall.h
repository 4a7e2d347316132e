// SPDX-License-Identifier: MIT
#pragma once
// The latency wall (Erdil & Schneider-Joseph, arXiv 2411.01137): however many chips a run
// uses, one gradient step cannot be faster than the serial chain of latencies through every
// layer, forward and backward. With a step floor t(N), a batch of B tokens and a duration T,
// a model of N parameters sees at most T/t(N) x B tokens; compute-optimal training wants
// D = 20 N tokens (Chinchilla). The largest feasible run solves 20 N = T B / t(N), and costs
// 6 N D = 120 N^2 FLOP.
//   t(N) = layers(N) x 3 x (forward latency of one layer at minimal work) + dp all-reduce latency
//   layers(N) from the workload's aspect ratio: N = 12 L d^2 with d/L fixed (GPT-3: 128)
// The one-layer forward latency comes from the engine (kernel overheads and tensor-parallel
// all-reduce latencies of the chip), or from the caller to reproduce an idealised assumption.
#include <optional>

#include "machine/machine.h"
#include "config/system_spec.h"
#include "config/workload_spec.h"

namespace xpu::training {

struct LatencyWallRequest {
  double duration_s = 0.0;
  double batch_tokens = 0.0;
  int64_t tp = 1;
  int64_t dp = 1;  // replicas whose gradients are all-reduced each step (tree, log2 dp steps)
  double tokens_per_parameter = 20.0;
  std::optional<double> layer_forward_latency_s;  // replaces the engine's figure when set
};

struct LatencyWallResult {
  double layer_forward_latency_s = 0.0;
  double aspect_ratio = 0.0;       // d_model / layers of the workload
  double parameters = 0.0;         // largest compute-optimal model trainable in time
  double layers = 0.0;
  double step_floor_s = 0.0;
  double tokens = 0.0;
  double flop = 0.0;
};

LatencyWallResult latency_wall(const config::SystemSpec& system, const config::WorkloadSpec& shape, const LatencyWallRequest& req);

}  // namespace xpu::training
