// SPDX-License-Identifier: MIT
#include "sim/modules/link.h"

#include <algorithm>

namespace xpu::sim {

using sc_core::SC_SEC;
using sc_core::sc_time;

Link::Link(sc_core::sc_module_name name, double bytes_per_s, double latency_s)
    : sc_module(name), m_rate(bytes_per_s), m_latency(latency_s, SC_SEC) {}

Arrival Link::transfer(const sc_time& start, double bytes) {
  const sc_time occupancy(std::max(bytes, 0.0) / m_rate, SC_SEC);
  const sc_time begin = std::max(start, m_next_free);
  m_next_free = begin + occupancy;
  s_busy += occupancy;
  ++s_transactions;
  return {begin + m_latency, begin + m_latency + occupancy};
}

}  // namespace xpu::sim
