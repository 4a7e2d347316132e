// SPDX-License-Identifier: MIT
#include "sim/gpu/collective_unit.h"

#include <algorithm>

#include "machine/collectives.h"

namespace xpu::sim {

namespace {

// Memory traffic per step, in chunks, as a ring implementation moves it: every step writes the
// incoming chunk; a reduce-scatter step then reads it and the local chunk to add them (the sum
// goes straight out on the link), a forwarding step (all-gather, the all-reduce's second half,
// all-to-all) reads it back out. A point-to-point send reads on the sender and writes on the
// receiver, both of which this GPU stands for.
constexpr double kReduceStepReadChunks = 2.0;
constexpr double kForwardStepReadChunks = 1.0;

}  // namespace

CollectiveUnit::CollectiveUnit(sc_core::sc_module_name name, const CollectiveUnitSpec& spec,
                               Trace* trace)
    : sc_module(name),
      m_memory("m_memory"),
      m_egress("m_egress", spec.link_bytes_per_s, spec.link_latency_s),
      m_spec(spec),
      m_trace(trace) {
  if (m_trace) m_trace->name_track(Trace::kLinks, 0, "egress");
}

void CollectiveUnit::step(double chunk_bytes, double read_bytes) {
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  const Arrival sent = m_egress.transfer(start, chunk_bytes);
  const MemoryAccess read =
      m_memory->read(m_spec.buffer_address, read_bytes, m_spec.dram_efficiency);
  const MemoryAccess written =
      m_memory->write(m_spec.buffer_address, chunk_bytes, m_spec.dram_efficiency);
  const sc_core::sc_time end = std::max({sent.tail, read.done, written.done});
  ++s_steps;
  s_sent_bytes += chunk_bytes;
  s_staged_bytes += read_bytes + chunk_bytes;
  s_hbm_transactions += read.transactions + written.transactions;
  if (m_trace) m_trace->span(Trace::kLinks, 0, "step", start.to_seconds(), end.to_seconds());
  v_in_step = true;
  wait(end - start);
  v_in_step = false;
}

void CollectiveUnit::run(const workload::CollectiveShape& c) {
  // The steps of the one collective model, which times and prices the same ones.
  const auto cost = machine::collective_cost(c, {m_spec.link_bytes_per_s, m_spec.link_latency_s});
  const double chunk = cost.chunk_bytes;
  for (int64_t s = 0; s < cost.reduce_steps; ++s) step(chunk, kReduceStepReadChunks * chunk);
  for (int64_t s = 0; s < cost.forward_steps; ++s) step(chunk, kForwardStepReadChunks * chunk);
}

}  // namespace xpu::sim
