// SPDX-License-Identifier: MIT
#pragma once
// Transformer -> operator graph. The graph is what one prefill or one decode step executes on
// a single device holding the whole model, in execution order: embedding, then each decoder
// layer's ops (repeated), then the final norm and the LM head.
#include <string_view>
#include <vector>

#include "config/workload_spec.h"
#include "workload/op.h"
#include "workload/scenario.h"

namespace xpu::workload {

struct OperatorGraph {
  std::vector<Op> ops;
  int64_t layers_evaluated = 0;
};

// Throws InfeasibleError for a scenario the model cannot run (context beyond max_context, a
// parallel layout that does not divide the model). Ops are those of one chip: each is the
// chip's shard of the layer under the scenario's tensor/expert parallelism.
OperatorGraph build_graph(const config::WorkloadSpec& w, const Scenario& s);

// Name suffixes of the cast kernels a graph holds when the layers' GEMMs take a narrower format
// than the activations (config::DTypes::layer_gemm_inputs, training only): each GEMM's input
// cast, run in the forward, and its output gradient's cast, run in the backward. The graph lists
// both; the training step charges each to its pass.
inline constexpr std::string_view kInputCastSuffix = "_input_cast";
inline constexpr std::string_view kOutputGradientCastSuffix = "_output_gradient_cast";

// Parameter counts, for memory footprints and reports.
struct ParameterCount {
  double total = 0.0;             // every weight stored
  double active_per_token = 0.0;  // weights one token touches (MoE: top-k experts only)
};
ParameterCount count_parameters(const config::WorkloadSpec& w, int64_t layers);

// FLOPs of QK^T and PV for one attention op (causal: query i sees i+1 keys).
double attention_flops(const AttentionShape& a);

// Bytes of KV cache one token occupies in one layer.
double kv_bytes_per_token_per_layer(const config::WorkloadSpec& w);

}  // namespace xpu::workload
