// SPDX-License-Identifier: MIT
#pragma once
// One direction of a chip-to-chip link (a GPU's NVLink, a pipeline hop between chips) or of a
// wafer region's mesh edge: bandwidth plus a latency per hop. Transfers occupy the link first
// come, first served in booking order; the latency occupies nothing, so transfers overlap in
// flight. It never waits itself; the caller's thread waits for the time it returns.
#include <systemc>

namespace xpu::sim {

struct Arrival {
  sc_core::sc_time head;  // first byte at the far end: a following hop may start (cut-through)
  sc_core::sc_time tail;  // last byte at the far end
};

class Link : public sc_core::sc_module {
 public:
  Link(sc_core::sc_module_name name, double bytes_per_s, double latency_s);
  Arrival transfer(const sc_core::sc_time& start, double bytes);

  sc_core::sc_time s_busy = sc_core::SC_ZERO_TIME;
  int64_t s_transactions = 0;

 private:
  double m_rate;
  sc_core::sc_time m_latency;
  sc_core::sc_time m_next_free = sc_core::SC_ZERO_TIME;
};

}  // namespace xpu::sim
