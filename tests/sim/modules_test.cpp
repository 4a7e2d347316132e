// SPDX-License-Identifier: MIT
// The SystemC blocks alone, against hand-computed times: tight gates, not tolerances. The
// modules are built but not run (at most elaborated); their calls happen at time 0 of a fresh
// kernel, except where a spawned thread needs simulated time to pass.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <doctest/doctest.h>

#include <systemc>

#include "sim/gpu/chip_throttle.h"
#include "sim/gpu/crossbar.h"
#include "sim/gpu/hbm.h"
#include "sim/gpu/l2_cache.h"
#include "sim/modules/systemc_kernel.h"

using namespace xpu;
using sc_core::SC_NS;
using sc_core::sc_time;

TEST_CASE(
    "hbm: a read takes its channel share at the channel rate plus latency, and queues only on its "
    "own channel") {
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

TEST_CASE(
    "hbm: rows spread over the banks stream at the channel rate, an open row costs no activation") {
  sim::fresh_kernel();
  sim::HbmSpec spec;
  spec.channels = 1;
  spec.channel_bytes_per_s = 1e9;  // 1 byte per ns
  spec.latency_s = 0.0;
  spec.bank = {4, 1024, 100e-9};  // 4 banks, 1 KiB rows, 100 ns row cycle
  sim::Hbm hbm("m_hbm", spec);
  // Eight consecutive rows walk over the four banks twice: each bank's second row comes 4 us
  // after its first, far past the row cycle, so the channel streams at its rate.
  CHECK(hbm.read(0, 8 * 1024, 1.0).done == sc_time(8 * 1024, SC_NS));
  CHECK(hbm.channels()[0]->s_activations == 8);
  CHECK(hbm.channels()[0]->s_bank_wait == sc_core::SC_ZERO_TIME);
  // A row already open costs no activation.
  const sc_time t0 = sc_time(8 * 1024, SC_NS);
  CHECK(hbm.read(7 * 1024, 64, 1.0).done == t0 + sc_time(64, SC_NS));
  CHECK(hbm.channels()[0]->s_activations == 8);
}

TEST_CASE(
    "hbm: accesses that return to one bank in new rows run at a row per row cycle, not at the "
    "channel rate") {
  sim::fresh_kernel();
  sim::HbmSpec spec;
  spec.channels = 1;
  spec.channel_bytes_per_s = 1e9;
  spec.latency_s = 0.0;
  spec.bank = {4, 1024, 100e-9};
  sim::Hbm hbm("m_hbm", spec);
  // Rows 0, 4, 8, ... all live on bank 0: 64 bytes from each, issued at once. The channel alone
  // would take 10 x 64 ns; bank 0 allows one activation per 100 ns.
  sc_time last = sc_core::SC_ZERO_TIME;
  for (int i = 0; i < 10; ++i) last = hbm.read(static_cast<uint64_t>(i) * 4 * 1024, 64, 1.0).done;
  CHECK(last == sc_time(9 * 100 + 64, SC_NS));
  CHECK(hbm.channels()[0]->s_activations == 10);
  CHECK(hbm.channels()[0]->s_bank_wait > sc_core::SC_ZERO_TIME);
}

TEST_CASE("throttle: a unit finishes at its own rate until the chip's booked work runs later") {
  sim::fresh_kernel();
  sim::ChipThrottle throttle("m_throttle");
  const sc_time unit(10, SC_NS), chip(6, SC_NS);
  CHECK(throttle.compute(unit, sc_core::SC_ZERO_TIME) ==
        sc_time(10, SC_NS));                                  // vector work: no limit
  CHECK(throttle.compute(unit, chip) == sc_time(10, SC_NS));  // chip booked until 6 ns
  CHECK(throttle.compute(unit, chip) == sc_time(12, SC_NS));  // booked until 12 ns: the chip binds
  CHECK(throttle.s_busy == sc_time(12, SC_NS));
}

namespace {

// An L2 of `slices` slices at 1 byte/ns each in front of a 4-channel HBM (1 byte/ns per channel
// unless said otherwise); hit latency 10 ns, HBM latency 100 ns. Bound and elaborated, not run:
// every call below happens at time 0, so every chunk read is still in flight when read again.
struct L2Fixture {
  sim::Hbm hbm;
  sim::L2Cache l2;
  static sim::HbmSpec hbm_spec(double channel_bytes_per_s) {
    sim::HbmSpec s;
    s.channels = 4;
    s.channel_bytes_per_s = channel_bytes_per_s;
    s.latency_s = 100e-9;
    return s;
  }
  static sim::L2Spec l2_spec(int64_t slices, double capacity_bytes) {
    sim::L2Spec s;
    s.slices = slices;
    s.slice_bytes_per_s = 1e9;
    s.hit_latency_s = 10e-9;
    s.capacity_bytes = capacity_bytes;
    return s;
  }
  L2Fixture(int64_t slices, double capacity_bytes, double hbm_channel_bytes_per_s = 1e9)
      : hbm("m_hbm", hbm_spec(hbm_channel_bytes_per_s)),
        l2("m_l2", l2_spec(slices, capacity_bytes)) {
    l2.m_hbm(hbm);
  }
};

// Completes the port bindings; nothing runs, so SystemC's "no activity" warning is expected.
void elaborate() {
  sc_core::sc_report_handler::set_actions(sc_core::SC_ID_NO_SC_START_ACTIVITY_,
                                          sc_core::SC_DO_NOTHING);
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
}

}  // namespace

TEST_CASE("l2: a working set that fits is read from HBM once, however often it is swept") {
  sim::fresh_kernel();
  L2Fixture f(4, 1e6);
  elaborate();
  const double chunk = 4096, chunks = 200;  // 819 kB < 1 MB
  for (int pass = 0; pass < 5; ++pass) {
    for (int c = 0; c < chunks; ++c) f.l2.read(static_cast<uint64_t>(c * chunk), chunk, 1.0);
  }
  CHECK(f.l2.s_hbm_bytes == doctest::Approx(chunk * chunks).epsilon(0.01));
  CHECK(f.l2.s_misses == chunks);
  CHECK(f.l2.s_hits + f.l2.s_merged == 4 * chunks);
}

TEST_CASE("l2: a cyclic sweep over more than the capacity misses every time (LRU)") {
  sim::fresh_kernel();
  L2Fixture f(4, 1e6);
  elaborate();
  const double chunk = 4096,
               chunks = 300;  // 1.23 MB > 1 MB: each chunk is evicted before it comes round again
  const int passes = 4;
  for (int pass = 0; pass < passes; ++pass) {
    for (int c = 0; c < chunks; ++c) f.l2.read(static_cast<uint64_t>(c * chunk), chunk, 1.0);
  }
  CHECK(f.l2.s_hits + f.l2.s_merged == 0);
  CHECK(f.l2.s_hbm_bytes == doctest::Approx(passes * chunk * chunks).epsilon(0.01));
}

TEST_CASE("l2: a miss on a chunk in flight merges with it and arrives no earlier") {
  sim::fresh_kernel();
  L2Fixture f(4, 1e6);
  elaborate();
  // 1024 bytes over 4 channels: 256 ns each, + 100 ns HBM latency. The slices hand it over by
  // 256 + 10 ns, so the HBM sets the arrival.
  const auto first = f.l2.read(0, 1024, 1.0);
  CHECK(first.done == sc_time(356, SC_NS));
  // The same chunk again at time 0: no second HBM read; it arrives with the first (its own
  // hand-over, behind the first on the slices, ends at 512 + 10 ns, later still).
  const auto second = f.l2.read(0, 1024, 1.0);
  CHECK(f.l2.s_merged == 1);
  CHECK(f.l2.s_misses == 1);
  CHECK(f.l2.s_hbm_bytes == doctest::Approx(1024));
  CHECK(second.done == sc_time(522, SC_NS));
  CHECK(second.transactions == 0);  // no HBM transactions
  CHECK(f.hbm.channels()[0]->s_transactions == 1);
}

TEST_CASE("l2: a read of a resident chunk costs its slices' transfer plus the hit latency") {
  sim::fresh_kernel();
  L2Fixture f(4, 1e6);
  sim::MemoryAccess later;
  sc_core::sc_spawn([&] {
    f.l2.read(0, 1024, 1.0);  // arrives at 356 ns (the merge case above)
    sc_core::wait(sc_time(1000, SC_NS));
    later = f.l2.read(0, 1024, 1.0);
  });
  sc_core::sc_start();
  // 256 bytes on each of 4 slices at 1 byte/ns, then 10 ns.
  CHECK(later.done == sc_time(1000 + 256 + 10, SC_NS));
  CHECK(f.l2.s_hits == 1);
  CHECK(f.l2.s_misses == 1);
  CHECK(f.l2.s_hbm_bytes == doctest::Approx(1024));
}

TEST_CASE("crossbar: one unit alone is limited to its port, whatever the L2 could give") {
  sim::fresh_kernel();
  L2Fixture f(64, 1e9, 1e12);  // 64 slices: 64 bytes/ns of L2; an HBM that is never the limit
  sim::Crossbar xbar("m_xbar", 2, 4e9);  // ports of 4 bytes/ns
  for (auto& port : xbar.m_ports) port.m_l2(f.l2);
  elaborate();
  // 65536 B: the slices take 1024 ns each (+ 10 ns), the HBM 16.4 ns (+ 100 ns), the port
  // 65536 / 4 = 16384 ns. The port binds.
  const double bytes = 65536;
  CHECK(xbar.m_ports[0].read(0, bytes, 1.0).done == sc_time(16384, SC_NS));
  CHECK(xbar.m_ports[0].m_link.s_busy == sc_time(16384, SC_NS));
  // The other unit's port is free: the same chunk through it (a merged miss, slices busy until
  // 2048 ns) also takes 16384 ns, not twice that.
  CHECK(xbar.m_ports[1].read(0, bytes, 1.0).done == sc_time(16384, SC_NS));
}

TEST_CASE("crossbar: many units reading from one slice queue on it") {
  sim::fresh_kernel();
  L2Fixture f(8, 1e9);
  const int units = 16;
  sim::Crossbar xbar("m_xbar", units, 1e12);  // ports far faster than a slice
  for (auto& port : xbar.m_ports) port.m_l2(f.l2);
  elaborate();
  f.l2.read(0, 256, 1.0);  // granule 0 lives on slice 0; warm it (slice 0 busy until 256 ns)
  // Each unit reads the same 256-byte granule: slice 0 serves them one after the other at
  // 1 byte/ns, so unit u's data is handed over at 256 (u + 2) ns + 10 ns.
  for (int u = 0; u < units; ++u) {
    const auto a = xbar.m_ports[u].read(0, 256, 1.0);
    CHECK(a.done == sc_time(256.0 * (u + 2) + 10, SC_NS));
  }
  CHECK(f.l2.slices()[0]->s_transactions == units + 1);
  CHECK(f.l2.slices()[1]->s_transactions == 0);
}
