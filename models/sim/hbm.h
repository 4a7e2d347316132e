// SPDX-License-Identifier: MIT
#pragma once
// HBM as independent channels behind an address interleave. Each channel serves its share of a
// read first come, first served at its slice of the datasheet bandwidth (scaled by the access
// pattern's calibrated efficiency), then adds a fixed latency. Banks, refresh and row
// buffers are not modelled: the calibrated efficiency stands in for them.
#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "sim/interfaces.h"

namespace xpu::sim {

struct HbmSpec {
  int64_t channels = 0;
  double channel_bytes_per_s = 0.0;  // datasheet bandwidth / channels
  double latency_s = 0.0;
  double interleave_bytes = 256;
};

class HbmChannel : public sc_core::sc_module {
 public:
  explicit HbmChannel(sc_core::sc_module_name name) : sc_module(name) {}
  // Occupies the channel for `occupancy` from max(now, when it frees); returns the end.
  sc_core::sc_time serve(const sc_core::sc_time& now, const sc_core::sc_time& occupancy);

  double s_bytes = 0.0;
  int64_t s_transactions = 0;
  sc_core::sc_time s_busy = sc_core::SC_ZERO_TIME;

 private:
  sc_core::sc_time m_next_free = sc_core::SC_ZERO_TIME;
};

class Hbm : public sc_core::sc_module, public IMemory {
 public:
  Hbm(sc_core::sc_module_name name, const HbmSpec& spec);
  MemoryAccess read(uint64_t address, double bytes, double efficiency) override;
  // Same channel occupancy as a read; done when the channels have taken the data (no latency).
  MemoryAccess write(uint64_t address, double bytes, double efficiency) override;

  const HbmSpec& spec() const { return m_spec; }
  double s_bytes = 0.0;  // over all channels
  const std::vector<std::unique_ptr<HbmChannel>>& channels() const { return m_channels; }

 private:
  MemoryAccess transfer(uint64_t address, double bytes, double efficiency);

  HbmSpec m_spec;
  sc_core::sc_time m_latency;
  std::vector<std::unique_ptr<HbmChannel>> m_channels;
};

}  // namespace xpu::sim
