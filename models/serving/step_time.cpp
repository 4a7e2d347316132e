// SPDX-License-Identifier: MIT
#include "serving/step_time.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "common/error.h"
#include "compiler/kv_capacity.h"
#include "compiler/plan.h"

namespace xpu::serving {

int64_t quantise_eighths(int64_t n) {
  if (n <= 8) return std::max<int64_t>(n, 0);
  const int64_t step = int64_t{1} << (std::bit_width(static_cast<uint64_t>(n)) - 1 - 3);
  return (n + step / 2) / step * step;
}

void PromptWork::add(int64_t chunk_tokens, int64_t cached_tokens) {
  ++prompts;
  tokens += chunk_tokens;
  const auto c = static_cast<double>(chunk_tokens);
  attended_keys += c * (static_cast<double>(cached_tokens) + (c + 1.0) / 2.0);
}

workload::PrefillChunk prompt_chunk(const config::WorkloadSpec& w, const PromptWork& prompts) {
  if (prompts.prompts <= 0 || prompts.tokens <= 0) return {};
  workload::PrefillChunk c;
  c.batch = std::max<int64_t>(1, quantise_eighths(prompts.prompts));
  const int64_t tokens = std::max(c.batch, quantise_eighths(prompts.tokens));
  c.prompt = std::min((tokens + c.batch / 2) / c.batch, w.max_context);
  const double keys_per_query = prompts.attended_keys / static_cast<double>(prompts.tokens);
  const double context = keys_per_query - (static_cast<double>(c.prompt) + 1.0) / 2.0;
  c.context = std::min(quantise_eighths(std::max<int64_t>(0, std::llround(context))),
                       w.max_context - c.prompt);
  return c;
}

StepCost micro_batch_cost(const Result& step, int64_t micro_batches) {
  const auto it = step.energy_breakdown_j.find("static");
  const double static_j = it == step.energy_breakdown_j.end() ? 0.0 : it->second;
  return {step.latency_s,
          step.energy_j - static_j * (1.0 - 1.0 / static_cast<double>(micro_batches))};
}

StepTimer::StepTimer(const config::ArchSpec& arch, const config::WorkloadSpec& w,
                     workload::Parallelism replica, int64_t chips_per_replica,
                     int64_t kv_block_tokens, Engine engine)
    : m_arch(arch),
      m_workload(w),
      m_machine(machine::resolve(arch)),
      m_engine(std::move(engine)),
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

StepCost StepTimer::cost(workload::Scenario s) {
  const auto& chunk = s.fused_prefill;
  const Shape key{s.phase, s.batch, s.prompt, s.context, chunk.batch, chunk.prompt, chunk.context};
  if (auto it = m_steps.find(key); it != m_steps.end()) return it->second;
  auto evaluated = [&](const compiler::Plan& plan) {
    return m_steps[key] = micro_batch_cost(m_engine(plan), m_replica.pp);
  };
  if (s.phase == workload::Phase::kPrefill)
    return evaluated(compiler::compile(m_machine, m_workload, s));
  // Rounding up can step past the memory the simulator's KV accounting allows; step down.
  for (int64_t batch = s.batch;;) {
    s.batch = batch;
    if (batch <= 1) return evaluated(compiler::compile(m_machine, m_workload, s));
    if (const auto plan = compiler::compile_if_fits(m_machine, m_workload, s, m_weights)) {
      return evaluated(*plan);
    }
    batch = quantise_eighths(batch - 1) < batch ? quantise_eighths(batch - 1) : batch - 1;
  }
}

StepCost StepTimer::step(int64_t decode_seqs, int64_t mean_context, const PromptWork& prompts) {
  const workload::PrefillChunk chunk = prompt_chunk(m_workload, prompts);
  if (decode_seqs <= 0) {
    if (chunk.batch == 0) throw InfeasibleError("serving simulator: an iteration with no work");
    workload::Scenario s = on_replica(workload::Phase::kPrefill);
    s.batch = chunk.batch;
    s.prompt = chunk.prompt;
    s.context = chunk.context;
    return cost(s);
  }
  workload::Scenario s = on_replica(workload::Phase::kDecode);
  // Context in whole KV blocks (what the paged cache holds), both axes on the eighths grid.
  const int64_t blocks = std::max<int64_t>(1, (mean_context + m_block_tokens - 1) / m_block_tokens);
  s.context = std::min(quantise_eighths(blocks) * m_block_tokens, m_workload.max_context - 1);
  s.batch = quantise_eighths(decode_seqs);
  s.fused_prefill = chunk;
  return cost(s);
}

}  // namespace xpu::serving
