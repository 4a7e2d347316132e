// SPDX-License-Identifier: MIT
#include "sim/gpu/l2_cache.h"

#include <algorithm>
#include <string>

#include "sim/gpu/interleave.h"

namespace xpu::sim {

using sc_core::sc_time;

L2Cache::L2Cache(sc_core::sc_module_name name, const L2Spec& spec)
    : sc_module(name),
      m_hbm("m_hbm"),
      m_spec(spec),
      m_hit_latency(spec.hit_latency_s, sc_core::SC_SEC) {
  for (int64_t s = 0; s < spec.slices; ++s) {
    m_slices.push_back(std::make_unique<RateServer>(("slice" + std::to_string(s)).c_str(),
                                                    spec.slice_bytes_per_s));
  }
}

sc_time L2Cache::cross_slices(uint64_t address, double bytes) {
  const sc_time now = sc_core::sc_time_stamp();
  sc_time end = now;
  for_each_way(address, bytes, m_spec.slices, m_spec.interleave_bytes,
               [&](size_t s, double share, uint64_t) {
                 end = std::max(end, m_slices[s]->serve(now, share));
               });
  return end;
}

void L2Cache::fill(uint64_t address, double bytes, const sc_time& ready) {
  if (auto it = m_tags.find(address); it != m_tags.end()) {  // a shorter chunk at the same address
    m_resident_bytes -= it->second->bytes;
    m_lru.erase(it->second);
    m_tags.erase(it);
  }
  if (bytes > m_spec.capacity_bytes) return;  // larger than the whole L2: streamed past it
  // Evict least recently used chunks (in flight or not) until the new one fits.
  while (!m_lru.empty() && m_resident_bytes + bytes > m_spec.capacity_bytes) {
    m_resident_bytes -= m_lru.back().bytes;
    m_tags.erase(m_lru.back().address);
    m_lru.pop_back();
  }
  m_lru.push_front({address, bytes, ready});
  m_tags[address] = m_lru.begin();
  m_resident_bytes += bytes;
}

MemoryAccess L2Cache::read(uint64_t address, double bytes, double efficiency) {
  MemoryAccess a;
  a.done = sc_core::sc_time_stamp();
  if (bytes <= 0.0) return a;
  ++s_reads;
  // The slices pass the data on whether it hit or came from the HBM; both are booked from now
  // (the fill and the hand-over overlap), and the later of the two sets the arrival.
  const sc_time handed_over = cross_slices(address, bytes) + m_hit_latency;
  if (auto it = m_tags.find(address); it != m_tags.end() && it->second->bytes >= bytes) {
    m_lru.splice(m_lru.begin(), m_lru, it->second);  // most recently used
    const sc_time ready = it->second->ready;
    ++(ready > a.done ? s_merged : s_hits);
    a.done = std::max(handed_over, ready);
    return a;
  }
  ++s_misses;
  a = m_hbm->read(address, bytes, efficiency);
  s_hbm_bytes += bytes;
  fill(address, bytes, a.done);
  a.done = std::max(a.done, handed_over);
  return a;
}

MemoryAccess L2Cache::write(uint64_t address, double bytes, double efficiency) {
  const sc_time crossed = cross_slices(address, bytes);
  MemoryAccess a = m_hbm->write(address, bytes, efficiency);
  s_hbm_bytes += std::max(bytes, 0.0);
  a.done = std::max(a.done, crossed);
  return a;
}

}  // namespace xpu::sim
