// SPDX-License-Identifier: MIT
#include "sim/gpu/crossbar.h"

#include <algorithm>

namespace xpu::sim {

CrossbarPort::CrossbarPort(sc_core::sc_module_name name, double port_bytes_per_s)
    : sc_module(name), m_l2("m_l2"), m_link("m_link", port_bytes_per_s) {}

MemoryAccess CrossbarPort::through(const MemoryAccess& behind, double bytes) {
  MemoryAccess a = behind;
  a.done = std::max(a.done, m_link.serve(sc_core::sc_time_stamp(), bytes));
  return a;
}

MemoryAccess CrossbarPort::read(uint64_t address, double bytes, double efficiency) {
  return through(m_l2->read(address, bytes, efficiency), bytes);
}

MemoryAccess CrossbarPort::write(uint64_t address, double bytes, double efficiency) {
  return through(m_l2->write(address, bytes, efficiency), bytes);
}

Crossbar::Crossbar(sc_core::sc_module_name name, int64_t ports, double port_bytes_per_s)
    : sc_module(name), m_ports("m_ports") {
  m_ports.init(ports, [&](const char* n, size_t) { return new CrossbarPort(n, port_bytes_per_s); });
}

}  // namespace xpu::sim
