// SPDX-License-Identifier: MIT
// The SystemC blocks alone, against hand-computed times: tight gates, not tolerances. The
// modules are built but not run; their calls happen at time 0 of a fresh kernel.
#include <doctest/doctest.h>

#include <systemc>

#include "sim/chip_throttle.h"
#include "sim/hbm.h"
#include "sim/kernel_reset.h"

using namespace xpu;
using sc_core::SC_NS;
using sc_core::sc_time;

TEST_CASE("hbm: a read takes its channel share at the channel rate plus latency, and queues only on its own channel") {
  sim::fresh_kernel();
  sim::HbmSpec spec;
  spec.channels = 4;
  spec.channel_bytes_per_s = 1e9;  // 1 byte per ns
  spec.latency_s = 100e-9;
  spec.interleave_bytes = 256;
  sim::Hbm hbm("m_hbm", spec);

  const auto first = hbm.read(0, 256, 1.0);  // granule 0: channel 0
  CHECK(first.done == sc_time(356, SC_NS));
  CHECK(first.transactions == 1);
  CHECK(hbm.read(0, 256, 1.0).done == sc_time(612, SC_NS));    // behind the first on channel 0
  CHECK(hbm.read(256, 256, 1.0).done == sc_time(356, SC_NS));  // channel 1 is free
  // 16 granules over 4 channels, at half the channel rate: 1024 bytes each take 2048 ns; the
  // last to finish is channel 0, busy until 512 ns.
  const auto wide = hbm.read(0, 4096, 0.5);
  CHECK(wide.transactions == 4);
  CHECK(wide.done == sc_time(512 + 2048 + 100, SC_NS));
  CHECK(hbm.channels()[0]->s_transactions == 3);
  CHECK(hbm.channels()[0]->s_bytes == doctest::Approx(256 + 256 + 1024));
}

TEST_CASE("throttle: a unit finishes at its own rate until the chip's booked work runs later") {
  sim::fresh_kernel();
  sim::ChipThrottle throttle("m_throttle");
  const sc_time unit(10, SC_NS), chip(6, SC_NS);
  CHECK(throttle.compute(unit, sc_core::SC_ZERO_TIME) == sc_time(10, SC_NS));  // vector work: no limit
  CHECK(throttle.compute(unit, chip) == sc_time(10, SC_NS));                   // chip booked until 6 ns
  CHECK(throttle.compute(unit, chip) == sc_time(12, SC_NS));                   // booked until 12 ns: the chip binds
  CHECK(throttle.s_busy == sc_time(12, SC_NS));
}
