// SPDX-License-Identifier: MIT
#include "sim/hbm.h"

#include <algorithm>
#include <string>

#include "sim/interleave.h"

namespace xpu::sim {

using sc_core::sc_time;

sc_time HbmChannel::serve(const sc_time& now, const sc_time& occupancy) {
  const sc_time start = std::max(now, m_next_free);
  m_next_free = start + occupancy;
  s_busy += occupancy;
  ++s_transactions;
  return m_next_free;
}

Hbm::Hbm(sc_core::sc_module_name name, const HbmSpec& spec)
    : sc_module(name), m_spec(spec), m_latency(spec.latency_s, sc_core::SC_SEC) {
  for (int64_t c = 0; c < spec.channels; ++c) {
    m_channels.push_back(std::make_unique<HbmChannel>(("ch" + std::to_string(c)).c_str()));
  }
}

MemoryAccess Hbm::read(uint64_t address, double bytes, double efficiency) {
  MemoryAccess a = transfer(address, bytes, efficiency);
  if (bytes > 0.0) a.done += m_latency;
  return a;
}

MemoryAccess Hbm::write(uint64_t address, double bytes, double efficiency) {
  return transfer(address, bytes, efficiency);
}

MemoryAccess Hbm::transfer(uint64_t address, double bytes, double efficiency) {
  MemoryAccess a;
  const sc_time now = sc_core::sc_time_stamp();
  a.done = now;
  if (bytes <= 0.0) return a;
  s_bytes += bytes;
  const double rate = m_spec.channel_bytes_per_s * efficiency;
  sc_time end = now;
  for_each_way(address, bytes, m_spec.channels, m_spec.interleave_bytes, [&](size_t c, double share) {
    const sc_time occupancy(share / rate, sc_core::SC_SEC);
    HbmChannel& ch = *m_channels[c];
    ch.s_bytes += share;
    end = std::max(end, ch.serve(now, occupancy));
    a.channel_busy_s += occupancy.to_seconds();
    ++a.transactions;
  });
  a.done = end;
  return a;
}

}  // namespace xpu::sim
