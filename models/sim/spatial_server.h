// SPDX-License-Identifier: MIT
#pragma once
// The two passive blocks the statically scheduled families are built from. Both serve
// transactions first come, first served in booking order and never wait themselves; the
// caller's thread waits for the time they return.
//   Server: a datapath or memory port with a fixed rate (FLOP/s or bytes/s): a compute array,
//           an SRAM, a silicon weight array, a DRAM interface.
//   Link:   one direction of a chip-to-chip link or of a wafer region's mesh edge: bandwidth
//           plus a latency per hop.
#include <systemc>

namespace xpu::sim {

class Server : public sc_core::sc_module {
 public:
  Server(sc_core::sc_module_name name, double rate_per_s);
  // Occupies the server for amount / rate from max(start, when it frees); returns the end.
  sc_core::sc_time serve(const sc_core::sc_time& start, double amount);

  sc_core::sc_time s_busy = sc_core::SC_ZERO_TIME;
  int64_t s_transactions = 0;

 private:
  double m_rate;
  sc_core::sc_time m_next_free = sc_core::SC_ZERO_TIME;
};

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
