// SPDX-License-Identifier: MIT
#pragma once
// One SM. It takes tiles from the scheduler and runs their stages: wait for the stage's data,
// send the next stage's load (double buffering: that load overlaps this stage's compute, and
// the next stage may belong to the next tile), then compute at the unit's rate subject to the
// chip throttle. One or two waits per stage; the k-loop inside a stage is not simulated.
#include <cstdint>
#include <optional>
#include <systemc>

#include "sim/gpu/gpu_interfaces.h"
#include "sim/modules/trace.h"

namespace xpu::sim {

class ComputeUnit : public sc_core::sc_module {
 public:
  // ports
  sc_core::sc_port<ITileSource> m_tiles;
  sc_core::sc_port<IMemory> m_memory;
  sc_core::sc_port<IThrottle> m_throttle;

  SC_HAS_PROCESS(ComputeUnit);
  ComputeUnit(sc_core::sc_module_name name, int64_t index, Trace* trace);

  sc_core::sc_time s_busy = sc_core::SC_ZERO_TIME;
  bool v_computing = false;  // for the VCD waveform

 private:
  struct Pending {
    TileRef tile;
    int64_t stage = 0;
    sc_core::sc_time ready;
  };
  Pending load(const TileRef& tile, int64_t stage);
  static void count(Launch& l, const MemoryAccess& a);
  void run();

  int64_t m_index;
  Trace* m_trace;  // null unless this unit has a trace track
};

}  // namespace xpu::sim
