// SPDX-License-Identifier: MIT
#pragma once
// The latency wall (Erdil & Schneider-Joseph, arXiv 2411.01137): however many chips a run
// uses, one gradient step cannot be faster than the serial chain of latencies through every
// layer, forward and backward. With a step floor t(N), a batch of B tokens and a duration T,
// a model of N parameters sees at most T/t(N) x B tokens; compute-optimal training wants
// D = 20 N tokens (Chinchilla). The largest feasible run solves 20 N = T B / t(N), and costs
// 6 N D = 120 N^2 FLOP.
//   t(N) = layers(N) x 3 x t_layer + dp all-reduce latency (a tree: 2 log2(dp) hops)
//   layers(N) from N = 12 L d^2 with d = r L, the aspect ratio r an input of the method
//   (shorter, fatter models are Epoch's escape route), not a property of any model file
// t_layer is the floor of one layer's forward: what remains when the layer's work per chip
// goes to zero (spread over ever more chips), i.e. its kernels' fixed costs and its tensor-
// parallel collectives' hop latencies. It depends on the architecture family (which kernels
// and collectives a layer runs) and on tp, not on the width of any particular model: the
// engine times one token through the family's layer shrunk until bytes and FLOPs vanish.
// Width-dependent time (weights streamed, FLOPs) is the separate data-movement limit.
// Without an engine, t_layer is given (--layer-latency-us) to reproduce others' assumptions.
// With dp = 1, layers(N) = (N / (12 r^2))^(1/3) makes the balance closed-form:
//   N = (T B (12 r^2)^(1/3) / (60 t_layer))^(3/4)
#include <optional>

#include "config/system_spec.h"
#include "config/workload_spec.h"
#include "machine/machine.h"

namespace xpu::training {

struct LatencyWallRequest {
  double duration_s = 0.0;
  double batch_tokens = 0.0;
  int64_t tp = 1;
  int64_t dp = 1;  // replicas whose gradients are all-reduced each step (tree, log2 dp steps)
  double aspect_ratio = 128.0;  // d_model / layers of the scaled family (GPT-3 175B: 12288 / 96)
  double tokens_per_parameter = 20.0;
  std::optional<double> layer_forward_latency_s;  // replaces the engine's figure when set
};

struct LatencyWallResult {
  double layer_forward_latency_s = 0.0;
  double aspect_ratio = 0.0;  // d_model / layers of the scaled family
  double parameters = 0.0;    // largest compute-optimal model trainable in time
  double layers = 0.0;
  double step_floor_s = 0.0;
  double tokens = 0.0;
  double flop = 0.0;
};

// Floor of one layer's forward on `tp` chips for the family of `shape` (see above).
double minimal_layer_latency_s(const config::ArchSpec& arch, const config::WorkloadSpec& shape,
                               int64_t tp);

// The model of N parameters the wall allows (dp = 1 closed form above); a test checks the doc's
// arithmetic with it.
double wall_parameters_closed_form(double duration_s, double batch_tokens, double aspect_ratio,
                                   double layer_forward_latency_s, double tokens_per_parameter);

LatencyWallResult latency_wall(const config::SystemSpec& system, const config::WorkloadSpec& shape,
                               const LatencyWallRequest& req);

}  // namespace xpu::training
