// SPDX-License-Identifier: MIT
#include "sim/gpu/chip_throttle.h"

#include <algorithm>

namespace xpu::sim {

sc_core::sc_time ChipThrottle::compute(const sc_core::sc_time& unit_time,
                                       const sc_core::sc_time& chip_time) {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (chip_time == sc_core::SC_ZERO_TIME) return now + unit_time;
  m_next_free = std::max(now, m_next_free) + chip_time;
  s_busy += chip_time;
  return std::max(now + unit_time, m_next_free);
}

}  // namespace xpu::sim
