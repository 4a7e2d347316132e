// SPDX-License-Identifier: MIT
#include "sim/gpu/hbm.h"

#include <algorithm>
#include <string>

#include "sim/gpu/interleave.h"

namespace xpu::sim {

using sc_core::sc_time;

HbmChannel::HbmChannel(sc_core::sc_module_name name, const HbmBankSpec& bank)
    : sc_module(name),
      m_bank(bank),
      m_row_cycle(bank.row_cycle_s, sc_core::SC_SEC),
      m_banks(bank.banks) {}

sc_time HbmChannel::serve(const sc_time& now, const sc_time& occupancy, uint64_t address,
                          double bytes) {
  // The bus moves the transaction row by row. A row not open in its bank is activated as early
  // as the bank allows -- a row cycle after the bank's last activation -- and the bus waits for
  // it only if it gets there first. Times in kernel ticks: this runs once per row of every
  // transaction.
  using ticks = sc_time::value_type;
  ticks cursor = std::max(now, m_next_free).value();
  const ticks start_floor = now.value(), row_cycle = m_row_cycle.value(), busy = occupancy.value();
  const auto row_bytes = static_cast<uint64_t>(m_bank.row_bytes);
  const uint64_t size = std::max<uint64_t>(static_cast<uint64_t>(bytes), 1), end = address + size;
  const uint64_t banks = m_banks.size();
  ticks moved = 0;  // bus time of the rows done so far
  for (uint64_t at = address, row = address / row_bytes; at < end; ++row) {
    const uint64_t segment_end = std::min(end, (row + 1) * row_bytes);
    Bank& b = m_banks[row % banks];
    if (b.open_row != static_cast<int64_t>(row)) {
      const ticks activate =
          b.open_row < 0 ? start_floor : std::max(start_floor, b.activated + row_cycle);
      b.open_row = static_cast<int64_t>(row);
      b.activated = activate;
      ++s_activations;
      if (activate > cursor + moved) {
        s_bank_wait += sc_time::from_value(activate - cursor - moved);
        cursor = activate - moved;
      }
    }
    moved =
        static_cast<ticks>(static_cast<double>(busy) * static_cast<double>(segment_end - address) /
                           static_cast<double>(size));
    at = segment_end;
  }
  m_next_free = sc_time::from_value(cursor + busy);
  s_busy += occupancy;
  ++s_transactions;
  return m_next_free;
}

Hbm::Hbm(sc_core::sc_module_name name, const HbmSpec& spec)
    : sc_module(name), m_spec(spec), m_latency(spec.latency_s, sc_core::SC_SEC) {
  for (int64_t c = 0; c < spec.channels; ++c) {
    m_channels.push_back(
        std::make_unique<HbmChannel>(("ch" + std::to_string(c)).c_str(), spec.bank));
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
  for_each_way(address, bytes, m_spec.channels, m_spec.interleave_bytes,
               [&](size_t c, double share, uint64_t at) {
                 const sc_time occupancy(share / rate, sc_core::SC_SEC);
                 HbmChannel& ch = *m_channels[c];
                 ch.s_bytes += share;
                 end = std::max(end, ch.serve(now, occupancy, at, share));
                 a.channel_busy_s += occupancy.to_seconds();
                 ++a.transactions;
               });
  a.done = end;
  return a;
}

}  // namespace xpu::sim
