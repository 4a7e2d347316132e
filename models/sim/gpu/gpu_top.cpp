// SPDX-License-Identifier: MIT
#include "sim/gpu/gpu_top.h"

namespace xpu::sim {

GpuTop::GpuTop(sc_core::sc_module_name name, const GpuTopSpec& spec,
               const std::vector<Step>& program, size_t ops, Trace* trace)
    : sc_module(name),
      m_hbm("m_hbm", spec.hbm),
      m_l2("m_l2", spec.l2),
      m_xbar("m_xbar", spec.units, spec.port_bytes_per_s),
      m_throttle("m_throttle"),
      m_scheduler("m_scheduler", spec.streams, program, ops, trace),
      m_collectives("m_collectives", spec.links, trace),
      m_sms("m_sms") {
  m_scheduler.m_collectives(m_collectives);
  m_collectives.m_memory(m_hbm);
  m_sms.init(spec.units, [&](const char* n, size_t i) {
    const auto index = static_cast<int64_t>(i);
    return new ComputeUnit(n, index, index < spec.traced_units ? trace : nullptr);
  });
  m_l2.m_hbm(m_hbm);
  for (size_t i = 0; i < m_sms.size(); ++i) {
    m_xbar.m_ports[i].m_l2(m_l2);
    auto& sm = m_sms[i];
    sm.m_tiles(m_scheduler);
    sm.m_memory(m_xbar.m_ports[i]);
    sm.m_throttle(m_throttle);
  }
}

}  // namespace xpu::sim
