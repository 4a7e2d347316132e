// SPDX-License-Identifier: MIT
#include "compiler/plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "compiler/placement.h"

namespace xpu::compiler {

double Plan::tokens() const {
  return static_cast<double>(scenario.tokens_per_replica() * scenario.parallel.dp);
}

double Plan::op_list_copies() const {
  if (!machine.traits->parallel_layouts) return 1.0;
  return static_cast<double>(scenario.parallel.tp * scenario.parallel.dp);
}

double Plan::dram_bytes_of(const workload::Op& op) const {
  if (machine.kernel_by_kernel()) return op.bytes();
  double bytes = 0.0;
  if (mapping.weights == Residence::kDram) bytes += op.weight_bytes;
  if (mapping.kv_cache == Residence::kDram) bytes += op.kv_read_bytes + op.kv_write_bytes;
  return bytes;
}

int64_t Plan::placed_pipeline_crossings() const {
  // With --parallel pp the graph itself carries the transfers (pipeline.stage_transfer).
  if (scenario.parallel.pp > 1 || !arch->links) return 0;
  return std::max<int64_t>(mapping.pipeline_stages - 1, 0);
}

workload::CollectiveShape Plan::pipeline_crossing() const {
  const double hidden_bytes =
      tokens() * workload->hidden_size * bytes_per_element(workload->dtypes.activations);
  return {workload::CollectiveKind::kPointToPoint, hidden_bytes, 2};
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

Plan compile(const machine::Machine& machine, const config::WorkloadSpec& w,
             const workload::Scenario& scenario) {
  const auto& arch = *machine.arch;
  Plan p;
  p.machine = machine;
  p.arch = &arch;
  p.workload = &w;
  p.scenario = scenario;
  auto graph = workload::build_graph(w, scenario);
  p.ops = std::move(graph.ops);
  p.layers_evaluated = graph.layers_evaluated;
  p.parameters = workload::count_parameters(w, p.layers_evaluated);

  check_supported(arch, p.ops);

  p.memory.weight_bytes = p.parameters.total * bytes_per_element(w.dtypes.weights);
  const auto& chunk = scenario.fused_prefill;
  const double kv_tokens = static_cast<double>(scenario.batch) * scenario.kv_tokens_per_sequence() +
                           static_cast<double>(scenario.parallel.dp * chunk.kv_tokens());
  p.memory.kv_cache_bytes =
      kv_tokens * p.layers_evaluated * workload::kv_bytes_per_token_per_layer(w);
  p.memory.activation_bytes = peak_activation_bytes(p.ops, w, p.tokens());
  p.mapping = place(machine, w, scenario, p.memory);
  for (const auto& op : p.ops) arch.dense_peak_flops_per_s(op.compute_dtype);  // dtype support
  return p;
}

}  // namespace xpu::compiler
