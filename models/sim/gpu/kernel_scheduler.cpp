// SPDX-License-Identifier: MIT
#include "sim/gpu/kernel_scheduler.h"

#include <fmt/format.h>

namespace xpu::sim {

using sc_core::SC_SEC;
using sc_core::sc_time;

KernelScheduler::KernelScheduler(sc_core::sc_module_name name, int64_t streams,
                                 const std::vector<Step>& program, size_t ops, Trace* trace)
    : sc_module(name),
      m_collectives("m_collectives"),
      m_program(program),
      m_trace(trace),
      m_active(streams, nullptr),
      m_records(streams, std::vector<OpRecord>(ops)),
      m_last(streams, std::vector<OpRecord>(ops)),
      m_end_s(streams, 0.0) {
  v_op.assign(streams, -1);
  for (int64_t s = 0; s < streams; ++s) {
    m_done.push_back(std::make_unique<sc_core::sc_event>());
    sc_core::sc_spawn([this, s] { stream(s); }, fmt::format("stream{}", s).c_str());
    if (m_trace) m_trace->name_track(Trace::kOps, s, fmt::format("stream {}", s));
  }
}

void KernelScheduler::stream(int64_t s) {
  for (const Step& step : m_program) {
    const double start_s = sc_core::sc_time_stamp().to_seconds();
    OpRecord& rec = m_last[s][step.op_index];
    rec = {};
    v_op[s] = static_cast<int>(step.op_index);
    if (step.collective != nullptr) {
      m_collectives->run(*step.collective);
      const double end_s = sc_core::sc_time_stamp().to_seconds();
      rec.time_s += end_s - start_s;
      m_records[s][step.op_index].add(rec);
      if (m_trace) m_trace->span(Trace::kOps, s, std::string(step.collective_name), start_s, end_s);
      continue;
    }
    const KernelWork& w = *step.work;
    wait(sc_time(w.overhead_s, SC_SEC));
    const double issue_s = sc_core::sc_time_stamp().to_seconds();
    Launch& l = m_launches.emplace_back();
    l.work = &w;
    l.op_index = step.op_index;
    l.stream = s;
    l.base_address = m_next_address;
    l.remaining = w.tiles;
    m_next_address += w.address_span();
    m_active[s] = &l;
    m_posted.notify(sc_core::SC_ZERO_TIME);
    wait(*m_done[s]);
    const double end_s = sc_core::sc_time_stamp().to_seconds();
    rec.time_s += end_s - start_s;
    rec.overhead_s += issue_s - start_s;
    rec.hbm_busy_s += l.hbm_busy_s;
    rec.compute_busy_s += l.compute_busy_s;
    m_records[s][step.op_index].add(rec);
    ++s_kernels;
    if (m_trace) {
      m_trace->span(Trace::kOps, s, "launch overhead", start_s, issue_s);
      m_trace->span(Trace::kOps, s, w.name, issue_s, end_s,
                    fmt::format("{} tiles {} x {} stages, {:.3g} MB", w.tiles, w.tile_shape,
                                w.stages, w.bytes() / 1e6));
      const double active_s = end_s - issue_s;
      m_trace->counter(Trace::kHbm, fmt::format("stream {} HBM GB/s", s), issue_s,
                       active_s > 0 ? w.bytes() / active_s / 1e9 : 0.0);
      m_trace->counter(Trace::kHbm, fmt::format("stream {} HBM GB/s", s), end_s, 0.0);
    }
  }
  m_end_s[s] = sc_core::sc_time_stamp().to_seconds();
  v_op[s] = -1;
}

OpRecord& OpRecord::add(const OpRecord& o, double times) {
  time_s += times * o.time_s;
  overhead_s += times * o.overhead_s;
  hbm_busy_s += times * o.hbm_busy_s;
  compute_busy_s += times * o.compute_busy_s;
  return *this;
}

bool KernelScheduler::try_next_tile(TileRef& tile) {
  const size_t n = m_active.size();
  for (size_t i = 0; i < n; ++i) {
    const size_t s = (m_round_robin + i) % n;
    Launch* l = m_active[s];
    if (l == nullptr) continue;
    tile = {l, l->next_tile++};
    if (l->next_tile == l->work->tiles) m_active[s] = nullptr;
    m_round_robin = s + 1;
    return true;
  }
  return false;
}

TileRef KernelScheduler::next_tile() {
  TileRef t;
  while (!try_next_tile(t)) wait(m_posted);
  return t;
}

void KernelScheduler::tile_done(const TileRef& tile) {
  ++s_tiles;
  if (--tile.launch->remaining == 0) m_done[tile.launch->stream]->notify(sc_core::SC_ZERO_TIME);
}

}  // namespace xpu::sim
