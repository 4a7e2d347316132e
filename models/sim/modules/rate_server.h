// SPDX-License-Identifier: MIT
#pragma once
// A datapath or memory port with a fixed rate (FLOP/s or bytes/s) -- a compute array, an SRAM,
// a silicon weight array, a DRAM interface -- for the statically scheduled families. It serves
// transactions first come, first served in booking order and never waits itself; the caller's
// thread waits for the time it returns.
#include <systemc>

namespace xpu::sim {

class RateServer : public sc_core::sc_module {
 public:
  RateServer(sc_core::sc_module_name name, double rate_per_s);
  // Occupies the server for amount / rate from max(start, when it frees); returns the end.
  sc_core::sc_time serve(const sc_core::sc_time& start, double amount);

  sc_core::sc_time s_busy = sc_core::SC_ZERO_TIME;
  int64_t s_transactions = 0;

 private:
  double m_rate;
  sc_core::sc_time m_next_free = sc_core::SC_ZERO_TIME;
};

}  // namespace xpu::sim
