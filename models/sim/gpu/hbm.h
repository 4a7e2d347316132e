// SPDX-License-Identifier: MIT
#pragma once
// HBM as independent channels behind an address interleave. Each channel serves its share of a
// read first come, first served at its slice of the datasheet bandwidth (scaled by the access
// pattern's calibrated efficiency), then adds a fixed latency. Inside a channel, rows are
// spread over its banks (row r on bank r mod banks) and each bank keeps one row open: a
// transaction that needs another row in a bank waits until that bank's last activation is a
// row cycle old. Streams walk rows across the banks and never wait; accesses that keep hitting
// one bank in different rows run at a row per row cycle. Refresh and the scheduler's reordering
// are not modelled; the calibrated efficiency stands in for them.
#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "sim/gpu/gpu_interfaces.h"

namespace xpu::sim {

struct HbmBankSpec {
  int64_t banks = 1;         // per channel, all pseudo-channels and bank groups together
  double row_bytes = 1024;   // one open row (page) of a bank
  double row_cycle_s = 0.0;  // activation to activation in one bank (tRC)
};

struct HbmSpec {
  int64_t channels = 0;
  double channel_bytes_per_s = 0.0;  // datasheet bandwidth / channels
  double latency_s = 0.0;
  double interleave_bytes = 256;
  HbmBankSpec bank;
};

class HbmChannel : public sc_core::sc_module {
 public:
  HbmChannel(sc_core::sc_module_name name, const HbmBankSpec& bank);
  // Moves `bytes` from `address` (the channel's own address space) in `occupancy` of the
  // channel, from when the channel and the banks of the rows it needs allow; returns the end.
  sc_core::sc_time serve(const sc_core::sc_time& now, const sc_core::sc_time& occupancy,
                         uint64_t address, double bytes);

  double s_bytes = 0.0;
  int64_t s_transactions = 0;
  int64_t s_activations = 0;
  sc_core::sc_time s_busy = sc_core::SC_ZERO_TIME;
  sc_core::sc_time s_bank_wait = sc_core::SC_ZERO_TIME;  // transactions held back by a busy bank

 private:
  struct Bank {
    int64_t open_row = -1;
    sc_core::sc_time::value_type activated = 0;  // kernel ticks
  };
  HbmBankSpec m_bank;
  sc_core::sc_time m_row_cycle;
  std::vector<Bank> m_banks;
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
