// SPDX-License-Identifier: MIT
#include "sim/modules/rate_server.h"

#include <algorithm>

namespace xpu::sim {

using sc_core::SC_SEC;
using sc_core::sc_time;

RateServer::RateServer(sc_core::sc_module_name name, double rate_per_s)
    : sc_module(name), m_rate(rate_per_s) {}

sc_time RateServer::serve(const sc_time& start, double amount) {
  if (amount <= 0.0) return start;
  const sc_time occupancy(amount / m_rate, SC_SEC);
  const sc_time begin = std::max(start, m_next_free);
  m_next_free = begin + occupancy;
  s_busy += occupancy;
  ++s_transactions;
  return m_next_free;
}

}  // namespace xpu::sim
