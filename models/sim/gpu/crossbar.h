// SPDX-License-Identifier: MIT
#pragma once
// The on-chip network between the units and the L2 slices. Each unit has its own port, a first
// come, first served server at the port width x the unit clock, so one unit alone cannot pull
// more than its port carries; the slice side of the crossbar is the L2's slices (l2_cache.h),
// where units hitting the same slice queue. The port's transfer overlaps the slices' (the data
// streams through), so an access ends when the later of the two has passed it.
#include <cstdint>
#include <systemc>

#include "sim/gpu/gpu_interfaces.h"
#include "sim/modules/rate_server.h"

namespace xpu::sim {

class CrossbarPort : public sc_core::sc_module, public IMemory {
 public:
  sc_core::sc_port<IMemory> m_l2;

  CrossbarPort(sc_core::sc_module_name name, double port_bytes_per_s);
  MemoryAccess read(uint64_t address, double bytes, double efficiency) override;
  MemoryAccess write(uint64_t address, double bytes, double efficiency) override;

  RateServer m_link;  // the port's wires, one direction at a time

 private:
  MemoryAccess through(const MemoryAccess& behind, double bytes);
};

class Crossbar : public sc_core::sc_module {
 public:
  Crossbar(sc_core::sc_module_name name, int64_t ports, double port_bytes_per_s);

  sc_core::sc_vector<CrossbarPort> m_ports;  // one per unit, bound to its m_memory
};

}  // namespace xpu::sim
