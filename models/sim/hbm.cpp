// SPDX-License-Identifier: MIT
#include "sim/hbm.h"

#include <algorithm>
#include <cmath>
#include <string>

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
  MemoryAccess a;
  const sc_time now = sc_core::sc_time_stamp();
  a.done = now;
  if (bytes <= 0.0) return a;
  s_bytes += bytes;
  // Interleave: granule g of the address space lives on channel g mod channels. A read is one
  // transaction per channel it touches, carrying that channel's granules.
  const auto n = static_cast<uint64_t>(m_spec.channels);
  const auto g = static_cast<uint64_t>(m_spec.interleave_bytes);
  const uint64_t first = address / g;
  const uint64_t last = (address + static_cast<uint64_t>(std::ceil(bytes)) - 1) / g;
  const uint64_t granules = last - first + 1;
  const uint64_t per = granules / n, extra = granules % n;
  const double rate = m_spec.channel_bytes_per_s * efficiency;
  sc_time end = now;
  for (uint64_t i = 0; i < std::min(n, granules); ++i) {
    const uint64_t c = (first + i) % n;
    const double share = bytes * static_cast<double>(per + (i < extra ? 1 : 0)) / static_cast<double>(granules);
    const sc_time occupancy(share / rate, sc_core::SC_SEC);
    HbmChannel& ch = *m_channels[c];
    ch.s_bytes += share;
    end = std::max(end, ch.serve(now, occupancy));
    a.channel_busy_s += occupancy.to_seconds();
    ++a.transactions;
  }
  a.done = end + m_latency;
  return a;
}

}  // namespace xpu::sim
