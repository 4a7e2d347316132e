// SPDX-License-Identifier: MIT
#include "sim/gpu/compute_unit.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/gpu/kernel_scheduler.h"

namespace xpu::sim {

using sc_core::SC_SEC;
using sc_core::sc_time;

ComputeUnit::ComputeUnit(sc_core::sc_module_name name, int64_t index, Trace* trace)
    : sc_module(name),
      m_tiles("m_tiles"),
      m_memory("m_memory"),
      m_throttle("m_throttle"),
      m_index(index),
      m_trace(trace) {
  SC_THREAD(run);
  if (m_trace) m_trace->name_track(Trace::kUnits, m_index, basename());
}

ComputeUnit::Pending ComputeUnit::load(const TileRef& tile, int64_t stage) {
  Launch& l = *tile.launch;
  const KernelWork& w = *l.work;
  const OperandRead a_part = w.a_read(tile.index, stage), b_part = w.b_read(tile.index, stage);
  const MemoryAccess a =
      m_memory->read(l.base_address + a_part.address, a_part.bytes, w.dram_efficiency);
  const MemoryAccess b =
      m_memory->read(l.base_address + b_part.address, b_part.bytes, w.dram_efficiency);
  count(l, a);
  count(l, b);
  return {tile, stage, std::max(a.done, b.done)};
}

void ComputeUnit::count(Launch& l, const MemoryAccess& a) {
  l.hbm_busy_s += a.channel_busy_s;
  l.transactions += a.transactions;
}

void ComputeUnit::run() {
  std::optional<Pending> next;
  double tile_start_s = 0.0;
  for (;;) {
    // 1. A stage whose load is in flight, or the first stage of a new tile.
    if (!next) next = load(m_tiles->next_tile(), 0);
    const Pending cur = *next;
    next.reset();
    // 2. Wait for its data.
    if (cur.ready > sc_core::sc_time_stamp()) wait(cur.ready - sc_core::sc_time_stamp());
    // 3. Double buffering: the previous stage's buffer is free, so the following load goes out.
    const KernelWork& w = *cur.tile.launch->work;
    if (cur.stage + 1 < w.stages) {
      next = load(cur.tile, cur.stage + 1);
    } else if (TileRef t; m_tiles->try_next_tile(t)) {
      next = load(t, 0);
    }
    // 4. Compute the stage.
    const sc_time start = sc_core::sc_time_stamp();
    if (cur.stage == 0) tile_start_s = start.to_seconds();
    const sc_time done =
        m_throttle->compute(sc_time(w.stage_unit_s, SC_SEC), sc_time(w.stage_chip_s, SC_SEC));
    v_computing = true;
    if (done > start) wait(done - start);
    v_computing = false;
    s_busy += done - start;
    cur.tile.launch->compute_busy_s += (done - start).to_seconds();
    // 5. Last stage: the tile is finished.
    if (cur.stage + 1 == w.stages) {
      if (m_trace) {
        m_trace->span(Trace::kUnits, m_index, w.name, tile_start_s, done.to_seconds(),
                      fmt::format("tile {} of {}", cur.tile.index, w.tiles));
      }
      // The output is posted: the unit goes on while the write drains.
      Launch& l = *cur.tile.launch;
      count(l, m_memory->write(l.base_address + w.out_address(cur.tile.index), w.out_tile_bytes,
                               w.dram_efficiency));
      m_tiles->tile_done(cur.tile);
    }
  }
}

}  // namespace xpu::sim
