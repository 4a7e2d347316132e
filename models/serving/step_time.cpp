// SPDX-License-Identifier: MIT
#include "serving/step_time.h"

#include <algorithm>
#include <bit>

#include "analytical/evaluate.h"
#include "compiler/kv_capacity.h"
#include "compiler/plan.h"

namespace xpu::serving {

int64_t quantise_eighths(int64_t n) {
  if (n <= 8) return std::max<int64_t>(n, 0);
  const int64_t step = int64_t{1} << (std::bit_width(static_cast<uint64_t>(n)) - 1 - 3);
  return (n + step / 2) / step * step;
}

StepCost fused_step(const StepCost& prefill, const StepCost& decode, const StepCost& floor) {
  return {std::max({prefill.time_s + decode.time_s - floor.time_s, prefill.time_s, decode.time_s}),
          std::max({prefill.energy_j + decode.energy_j - floor.energy_j, prefill.energy_j,
                    decode.energy_j})};
}

workload::Scenario prefill_chunk(const config::WorkloadSpec& w,
                                 const workload::Parallelism& replica, int64_t tokens) {
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.parallel = replica;
  s.parallel.dp = 1;
  s.batch = (tokens + w.max_context - 1) / w.max_context;
  s.prompt = (tokens + s.batch - 1) / s.batch;
  return s;
}

StepCost micro_batch_cost(const Result& step, int64_t micro_batches) {
  const auto it = step.energy_breakdown_j.find("static");
  const double static_j = it == step.energy_breakdown_j.end() ? 0.0 : it->second;
  return {step.latency_s,
          step.energy_j - static_j * (1.0 - 1.0 / static_cast<double>(micro_batches))};
}

StepTimer::StepTimer(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                     workload::Parallelism replica, int64_t chips_per_replica,
                     int64_t kv_block_tokens)
    : m_arch(arch),
      m_workload(w),
      m_machine(machine::resolve(arch)),
      m_replica(replica),
      m_chips_per_replica(chips_per_replica),
      m_block_tokens(kv_block_tokens) {
  m_replica.dp = 1;
  const compiler::KvCapacity kv =
      compiler::kv_capacity(m_machine, w, on_replica(workload::Phase::kDecode));
  m_weights = kv.weights;
  m_kv_capacity_tokens = kv.tokens;
}

workload::Scenario StepTimer::on_replica(workload::Phase phase) const {
  workload::Scenario s;
  s.phase = phase;
  s.parallel = m_replica;
  if (!m_machine.traits->parallel_layouts) s.chips = m_chips_per_replica;
  return s;
}

StepCost StepTimer::decode(int64_t batch, int64_t context) {
  // Context in whole KV blocks (what the paged cache holds), both axes on the eighths grid.
  const int64_t blocks = std::max<int64_t>(1, (context + m_block_tokens - 1) / m_block_tokens);
  const int64_t q_context =
      std::min(quantise_eighths(blocks) * m_block_tokens, m_workload.max_context - 1);
  int64_t q_batch = quantise_eighths(batch);
  auto key = std::make_pair(q_batch, q_context);
  if (auto it = m_decode.find(key); it != m_decode.end()) return it->second;
  workload::Scenario s = on_replica(workload::Phase::kDecode);
  s.context = q_context;
  // Rounding up can step past the memory the simulator's KV accounting allows; step down.
  for (;;) {
    s.batch = q_batch;
    if (q_batch <= 1) {
      return m_decode[key] = micro_batch_cost(
                 analytical::evaluate(compiler::compile(m_machine, m_workload, s)), m_replica.pp);
    }
    if (const auto plan = compiler::compile_if_fits(m_machine, m_workload, s, m_weights)) {
      return m_decode[key] = micro_batch_cost(analytical::evaluate(*plan), m_replica.pp);
    }
    q_batch = quantise_eighths(q_batch - 1) < q_batch ? quantise_eighths(q_batch - 1) : q_batch - 1;
  }
}

StepCost StepTimer::prefill(int64_t tokens) {
  const int64_t q_tokens = std::max<int64_t>(1, quantise_eighths(tokens));
  if (auto it = m_prefill.find(q_tokens); it != m_prefill.end()) return it->second;
  workload::Scenario s = prefill_chunk(m_workload, m_replica, q_tokens);
  s.chips = on_replica(workload::Phase::kPrefill).chips;
  return m_prefill[q_tokens] = micro_batch_cost(
             analytical::evaluate(compiler::compile(m_machine, m_workload, s)), m_replica.pp);
}

StepCost StepTimer::step(int64_t decode_seqs, int64_t mean_context, int64_t prefill_tokens) {
  if (prefill_tokens <= 0) return decode(decode_seqs, mean_context);
  const StepCost p = prefill(prefill_tokens);
  if (decode_seqs <= 0) return p;
  const StepCost d = decode(decode_seqs, mean_context);
  return fused_step(p, d, decode(1, m_block_tokens));
}

}  // namespace xpu::serving
