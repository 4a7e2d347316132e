// SPDX-License-Identifier: MIT
#include "compiler/plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "compiler/placement.h"

namespace xpu::compiler {

double Plan::tokens() const {
  return static_cast<double>(scenario.batch) * scenario.new_tokens_per_sequence();
}

namespace {

// Live activations: the widest op's input and output plus the residual stream. Activations of
// earlier layers are not kept in inference.
double peak_activation_bytes(const std::vector<workload::Op>& ops, const config::WorkloadSpec& w,
                             double tokens) {
  double widest = 0.0;
  for (const auto& op : ops) widest = std::max(widest, op.activation_bytes);
  return widest + tokens * w.hidden_size * bytes_per_element(w.dtypes.activations);
}

}  // namespace

Plan compile(const config::ArchSpec& arch, const config::WorkloadSpec& w,
             const workload::Scenario& scenario) {
  Plan p;
  p.arch = &arch;
  p.workload = &w;
  p.scenario = scenario;
  auto graph = workload::build_graph(w, scenario);
  p.ops = std::move(graph.ops);
  p.layers_evaluated = graph.layers_evaluated;
  p.parameters = workload::count_parameters(w, p.layers_evaluated);

  check_supported(arch, p.ops);

  p.memory.weight_bytes = p.parameters.total * bytes_per_element(w.dtypes.weights);
  p.memory.kv_cache_bytes = static_cast<double>(scenario.batch) *
                            scenario.kv_tokens_per_sequence() * p.layers_evaluated *
                            workload::kv_bytes_per_token_per_layer(w);
  p.memory.activation_bytes = peak_activation_bytes(p.ops, w, p.tokens());
  p.mapping = place(arch, w, scenario, p.memory);
  for (const auto& op : p.ops) arch.dense_peak_flops_per_s(op.compute_dtype);  // dtype support
  return p;
}

}  // namespace xpu::compiler
