// SPDX-License-Identifier: MIT
// The SystemC engine against the analytic engine it must agree with where there is nothing to
// contend for, and against the closed form where there is (two streams sharing HBM, operand
// reuse through the L2). Each TEST_CASE runs as its own process (doctest_discover_tests); one
// simulation per case except the two-stream and the L2-capacity cases, which also exercise the
// engine's kernel reset.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "h100_fixture.h"
#include "machine/gpu_kernel_rates.h"
#include "sim/sim.h"
#include "test_paths.h"

using namespace xpu;

namespace {

using test::H100;

compiler::Plan gemm_plan(const H100& h, int64_t m, int64_t k, int64_t n) {
  return test::gemm_plan(h.arch, h.llama, m, k, n);
}

double report(const std::string& what, double expected_s, double measured_s) {
  const double deviation = measured_s / expected_s - 1.0;
  MESSAGE(fmt::format("{}: expected {:.2f} us measured {:.2f} us deviation_pct {:+.1f}", what,
                      expected_s * 1e6, measured_s * 1e6, 100.0 * deviation));
  return deviation;
}

}  // namespace

TEST_CASE("sim: a compute-bound 8192^3 GEMM agrees with the analytic engine within 5%") {
  H100 h;
  const auto plan = gemm_plan(h, 8192, 8192, 8192);
  // The kernel model's time, before the energy model's power cap (which both engines apply the
  // same way afterwards, and which binds on this GEMM).
  const auto& op = plan.ops[0];
  const double kernel_s =
      machine::gemm_time(h.eff.gemm, machine::GpuRates::of(h.arch, op.compute_dtype), *op.gemm,
                         op.bytes())
          .time_s;
  const auto expected = analytical::evaluate(plan);
  const auto out = sim::simulate(plan);
  CHECK(out.result.engine == "systemc");
  CHECK(std::abs(report("gemm 8192^3 kernel", kernel_s, out.stats.simulated_s)) <= 0.05);
  CHECK(std::abs(report("gemm 8192^3 after the power cap", expected.latency_s,
                        out.result.latency_s)) <= 0.05);
  CHECK(out.result.ops.at(0).bound == Bound::kCompute);
  MESSAGE(fmt::format(
      "{} tiles, {} transactions ({} HBM), L2 hit rate {:.3f}, busy: HBM {:.2f} L2 {:.2f} "
      "crossbar {:.2f}, wall {:.3f} s",
      out.stats.tiles, out.stats.transactions(), out.stats.hbm_transactions,
      out.stats.l2_hit_fraction, out.result.units.at(1).busy_fraction,
      out.result.units.at(3).busy_fraction, out.result.units.at(4).busy_fraction,
      out.stats.wall_s));
}

TEST_CASE(
    "sim: a bandwidth-bound GEMV (1x8192 by 8192x57344) agrees with the analytic engine within "
    "5%") {
  H100 h;
  const auto plan = gemm_plan(h, 1, 8192, 57344);
  const auto expected = analytical::evaluate(plan);
  const auto out = sim::simulate(plan);
  CHECK(std::abs(report("gemv 1x8192x57344", expected.latency_s, out.result.latency_s)) <= 0.05);
  CHECK(out.result.ops.at(0).bound == Bound::kMemory);
  // Never faster than streaming the bytes at the datasheet bandwidth.
  CHECK(out.result.latency_s >= plan.ops[0].bytes() / h.arch.dram->bandwidth_bytes_per_s);
  REQUIRE(out.result.units.size() >= 2);
  CHECK(out.result.units[1].name == "gpu.m_hbm");
  CHECK(out.result.units[1].busy_fraction > 0.9);
}

TEST_CASE(
    "sim: Llama-3-8B one-layer decode (batch 8, context 2048) agrees with the analytic engine "
    "within 15%") {
  H100 h;
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 8;
  s.context = 2048;
  s.layers = 1;
  const auto plan = compiler::compile(machine::resolve(h.arch), h.llama, s);
  const auto expected = analytical::evaluate(plan);
  const auto out = sim::simulate(plan);
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    report(plan.ops[i].name, expected.ops[i].time_s, out.result.ops[i].time_s);
  }
  CHECK(std::abs(report("decode step", expected.latency_s, out.result.latency_s)) <= 0.15);
  CHECK(out.result.tokens_per_s == doctest::Approx(8 / out.result.latency_s));
}

TEST_CASE(
    "sim: Llama-3-8B one-layer prefill (prompt 2048) agrees with the analytic engine within 15%") {
  H100 h;
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.batch = 1;
  s.prompt = 2048;
  s.layers = 1;
  const auto plan = compiler::compile(machine::resolve(h.arch), h.llama, s);
  const auto expected = analytical::evaluate(plan);
  const auto out = sim::simulate(plan);
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    report(plan.ops[i].name, expected.ops[i].time_s, out.result.ops[i].time_s);
  }
  CHECK(std::abs(report("prefill", expected.latency_s, out.result.latency_s)) <= 0.15);
}

TEST_CASE("sim: two bandwidth-bound GEMVs on two streams share HBM and take ~2x one alone") {
  H100 h;
  const auto plan = gemm_plan(h, 1, 8192, 57344);
  const double analytic_s = analytical::evaluate(plan).latency_s;
  const double alone_s = sim::simulate(plan).result.latency_s;
  sim::SimOptions two;
  two.streams = 2;
  const auto both = sim::simulate(plan, two);  // a second elaboration in this process
  // The analytic engine times each kernel in isolation: it predicts no slowdown at all.
  MESSAGE(fmt::format("analytic engine, each stream: {:.2f} us (sees no contention)",
                      analytic_s * 1e6));
  const double deviation =
      report("two streams vs 2x one alone", 2.0 * alone_s, both.result.latency_s);
  CHECK(std::abs(deviation) <= 0.05);
  CHECK(both.result.latency_s / alone_s >= 1.8);
  CHECK(both.result.units[1].busy_fraction > 0.9);
}

TEST_CASE("sim: --trace writes Chrome trace events with kernel and unit tracks") {
  H100 h;
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 1;
  s.context = 512;
  s.layers = 1;
  const auto plan = compiler::compile(machine::resolve(h.arch), h.llama, s);
  sim::SimOptions o;
  o.trace_path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
                 "/xpusim_sim_trace_test.json";
  sim::simulate(plan, o);
  std::ifstream in(o.trace_path);
  REQUIRE(in);
  const auto j = nlohmann::json::parse(in);
  int kernels = 0, tiles = 0;
  for (const auto& e : j.at("traceEvents")) {
    if (e.at("ph") != "X") continue;
    if (e.at("pid") == 1 && e.at("name") != "launch overhead") ++kernels;
    if (e.at("pid") == 2) ++tiles;
  }
  CHECK(kernels == static_cast<int>(plan.ops.size()));
  CHECK(tiles > 0);
  std::remove(o.trace_path.c_str());
}

TEST_CASE(
    "sim: a whole Llama-3-8B decode step (32 layers) agrees within 15% and reports its own speed") {
  H100 h;
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 1;
  s.context = 1024;
  const auto plan = compiler::compile(machine::resolve(h.arch), h.llama, s);
  const auto expected = analytical::evaluate(plan);
  sim::SimOptions every_layer;  // no replay: this case times the whole step's simulation
  every_layer.simulated_layers = 0;
  const auto out = sim::simulate(plan, every_layer);
  CHECK(std::abs(report("decode step, 32 layers", expected.latency_s, out.result.latency_s)) <=
        0.15);
  MESSAGE(fmt::format(
      "{} kernels, {} tiles, {} transactions ({} HBM); wall {:.3f} s, {:.2f} M transactions/s, "
      "simulated {:.3f} ms, L2 hit rate {:.3f}",
      out.stats.kernels, out.stats.tiles, out.stats.transactions(), out.stats.hbm_transactions,
      out.stats.wall_s, out.stats.transactions_per_s() / 1e6, out.stats.simulated_s * 1e3,
      out.stats.l2_hit_fraction));
  int64_t kernels = 0;
  for (const auto& op : plan.ops) kernels += op.repeat;
  CHECK(out.stats.kernels == kernels);  // every layer's kernels run, in order
}

TEST_CASE(
    "sim: the 8192^3 GEMM's HBM traffic lies between its unique bytes and the no-reuse bound") {
  H100 h;
  const auto plan = gemm_plan(h, 8192, 8192, 8192);
  const auto& op = plan.ops[0];
  const auto out = sim::simulate(plan);
  // Without an L2 every 128x256 tile would read its whole A rows and B columns: 2048 tiles x
  // (128 + 256) x 8192 x 2 bytes, plus the output once.
  const double tiles = 64.0 * 32.0;
  const double no_reuse_bytes = tiles * (128 + 256) * 8192.0 * 2 + 8192.0 * 8192 * 2;
  MESSAGE(fmt::format("HBM {:.3f} GB: unique {:.3f} GB, no reuse {:.3f} GB; L2 hit rate {:.3f}",
                      out.stats.hbm_bytes / 1e9, op.bytes() / 1e9, no_reuse_bytes / 1e9,
                      out.stats.l2_hit_fraction));
  CHECK(out.stats.hbm_bytes >= op.bytes() * 0.999);
  CHECK(out.stats.hbm_bytes <= no_reuse_bytes);
  CHECK(out.stats.l2_hit_fraction > 0.5);
}

TEST_CASE(
    "sim: a GEMM whose operand fits the 50 MB L2 but thrashes a 16 MB one moves more HBM bytes and "
    "runs slower") {
  // 16384x1024 by 1024x20480: 128 x 80 tiles of 128x256, issued along N (fewer column tiles),
  // so a wave covers 1.65 rows and every row needs all of B (40 MB) again.
  const int64_t m = 16384, k = 1024, n = 20480;
  H100 h;
  const auto plan = gemm_plan(h, m, k, n);
  const auto fits = sim::simulate(plan);
  H100 small;
  small.arch.l2->capacity_bytes = 16e6;
  const auto small_plan = gemm_plan(small, m, k, n);
  const auto thrashes = sim::simulate(small_plan);
  // The analytic engine has no L2: it cannot tell the two apart.
  const double analytic_s = analytical::evaluate(plan).latency_s;
  CHECK(analytical::evaluate(small_plan).latency_s == analytic_s);
  const double b_bytes = 2.0 * k * n, unique_bytes = plan.ops[0].bytes();
  const double rows = 128, waves = 128.0 * 80 / 132;
  MESSAGE(fmt::format(
      "50 MB L2: {:.1f} us, {:.3f} GB from HBM (unique {:.3f}), hit rate {:.3f}; 16 MB L2: "
      "{:.1f} us, {:.3f} GB, hit rate {:.3f}; analytic {:.1f} us for both",
      fits.stats.simulated_s * 1e6, fits.stats.hbm_bytes / 1e9, unique_bytes / 1e9,
      fits.stats.l2_hit_fraction, thrashes.stats.simulated_s * 1e6, thrashes.stats.hbm_bytes / 1e9,
      thrashes.stats.l2_hit_fraction, analytic_s * 1e6));
  // B stays resident: every byte comes from HBM about once.
  CHECK(fits.stats.hbm_bytes == doctest::Approx(unique_bytes).epsilon(0.1));
  // B is evicted between waves: read again once per wave at least (the tiles of a wave share
  // it), once per row at most.
  CHECK(thrashes.stats.hbm_bytes >= unique_bytes + (waves - 1) * b_bytes);
  CHECK(thrashes.stats.hbm_bytes <= unique_bytes + (rows - 1) * b_bytes);
  CHECK(thrashes.stats.simulated_s > 1.1 * fits.stats.simulated_s);
}

TEST_CASE(
    "sim: a GPU without the L2's slices, bandwidth, latency and port width is refused, naming the "
    "keys") {
  H100 h;
  h.arch.l2->slices = 0;  // as if memory.l2.slices were absent
  try {
    sim::simulate(gemm_plan(h, 1, 8192, 8192));
    FAIL("expected InfeasibleError");
  } catch (const InfeasibleError& e) {
    CHECK(std::string(e.what()).find("memory.l2") != std::string::npos);
    CHECK(std::string(e.what()).find("h100_sxm.toml") != std::string::npos);
  }
}

// The power cap on the SystemC engine's own times (issue 13: the simulated latency was thrown
// away under a binding cap and the analytic one returned). H200, Llama 3 8B prefill of 4 x 2048
// tokens (one layer), compute-bound. The simulation does not read the power limit, so the same
// plan on a copy of the chip with a cap that cannot bind gives the simulated times before it.
TEST_CASE(
    "sim: under a binding power cap the SystemC latency is its own op times slowed by the clock, "
    "and differs from the analytic one") {
  // A copy of the H200 whose all-in energy per FLOP is 1.5x the file's (same reference power):
  // the compute-bound prefill then draws more than the chip's limit.
  auto arch = config::load_arch(test::repo("archs/h200.toml"));
  arch.energy.compute_pj_per_flop *= 1.5;
  auto uncapped_arch = arch;
  uncapped_arch.power.tdp_w = 1e6;  // cap = max(tdp, reference power): never reached
  const auto llama = config::resolve_workload(
      arch, config::load_workload(test::repo("workloads/llama3_8b.toml")), {});
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.batch = 4;
  s.prompt = 2048;
  s.layers = 1;
  const auto plan = compiler::compile(machine::resolve(arch), llama, s);
  const auto analytic = analytical::evaluate(plan);
  const auto capped = sim::simulate(plan);
  const auto raw = sim::simulate(compiler::compile(machine::resolve(uncapped_arch), llama, s));
  REQUIRE(analytic.capped_clock_hz > 0.0);
  REQUIRE(capped.result.capped_clock_hz > 0.0);
  REQUIRE(raw.result.capped_clock_hz == 0.0);
  CHECK(capped.stats.simulated_s == raw.result.latency_s);

  // The closed form on the simulation's own times: clock-bound ops x f_timed / f, the rest as
  // simulated, the makespan by the ratio of the two sums.
  const double f_timed = arch.power.dvfs->max_clock_hz;
  const double slow = f_timed / capped.result.capped_clock_hz;
  double raw_sum = 0.0, stretched_sum = 0.0, largest_gap = 0.0;
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    CAPTURE(plan.ops[i].name);
    const auto& o = raw.result.ops[i];
    const bool clocked = o.bound == Bound::kCompute || o.bound == Bound::kQuantisation;
    const double expected = o.time_s * (clocked ? slow : 1.0);
    CHECK(capped.result.ops[i].time_s == doctest::Approx(expected).epsilon(1e-9));
    raw_sum += o.time_s;
    stretched_sum += expected;
    largest_gap =
        std::max(largest_gap, std::abs(capped.result.ops[i].time_s / analytic.ops[i].time_s - 1.0));
  }
  CHECK(capped.result.latency_s ==
        doctest::Approx(raw.result.latency_s * stretched_sum / raw_sum).epsilon(1e-9));
  const double cap_w = arch.power.tdp_w * 709.5 / 700.0;
  CHECK(capped.result.power_per_chip_w <= cap_w * (1.0 + 1e-9));
  CHECK(analytic.power_per_chip_w <= cap_w * (1.0 + 1e-9));
  MESSAGE(fmt::format(
      "simulated {:.6f} ms -> capped {:.6f} ms at {:.0f} MHz; analytic capped {:.6f} ms at {:.0f} "
      "MHz; largest op gap {:.1f}%",
      raw.result.latency_s * 1e3, capped.result.latency_s * 1e3,
      capped.result.capped_clock_hz / 1e6, analytic.latency_s * 1e3, analytic.capped_clock_hz / 1e6,
      100.0 * largest_gap));
  // Not the analytic times: the simulated ones differ from them (wave tails, overlap).
  CHECK(largest_gap > 0.01);
  // Relative gaps (doctest's Approx adds an absolute 1e-3 s margin at this epsilon).
  CHECK(std::abs(raw.result.latency_s / analytic.latency_s - 1.0) > 1e-3);
  CHECK(std::abs(capped.result.latency_s / analytic.latency_s - 1.0) > 1e-3);
}
