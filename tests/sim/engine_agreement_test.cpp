// SPDX-License-Identifier: MIT
// The two engines agree within 10% on every GPU arch, for Llama-3-8B prefill of a 2,048-token
// prompt and decode at batch 1 and 64 (two layers each, plus the embedding and LM head): they
// share every rate (machine/gpu_kernel_rates.h); what the simulation adds (HBM channels, L2
// slices, the crossbar) must not move a whole step by more than that. One arch and shape per
// TEST_CASE, so each runs as its own process. Both engines split K the same way
// (machine::pick_gemm_tile), which is what keeps MI300X decode, with 304 units, inside it.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

#include "analytical/evaluate.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/resolve.h"
#include "machine/machine.h"
#include "sim/sim.h"
#include "test_paths.h"

using namespace xpu;

namespace {

constexpr double kTolerance = 0.10;

double deviation(const std::string& arch_id, workload::Scenario s) {
  const auto arch = config::load_arch(test::repo("archs/" + arch_id + ".toml"));
  const auto w =
      config::resolve_workload(arch, config::load_workload(test::repo("workloads/llama3_8b.toml")));
  s.layers = 2;
  const auto plan = compiler::compile(machine::resolve(arch), w, s);
  const auto analytic = analytical::evaluate(plan);
  const auto simulated = sim::simulate(plan).result;
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    if (analytic.ops[i].time_s > 0.02 * analytic.latency_s) {
      MESSAGE(fmt::format("  {}: analytic {:.2f} us systemc {:.2f} us ({:+.1f}%)", plan.ops[i].name,
                          analytic.ops[i].time_s * 1e6, simulated.ops[i].time_s * 1e6,
                          100.0 * (simulated.ops[i].time_s / analytic.ops[i].time_s - 1.0)));
    }
  }
  const double d = simulated.latency_s / analytic.latency_s - 1.0;
  MESSAGE(fmt::format("{}: analytic {:.2f} us systemc {:.2f} us deviation_pct {:+.1f}", arch_id,
                      analytic.latency_s * 1e6, simulated.latency_s * 1e6, 100.0 * d));
  return d;
}

workload::Scenario prefill_2048() {
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.prompt = 2048;
  return s;
}

workload::Scenario decode(int64_t batch) {
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = batch;
  s.context = 1024;
  return s;
}

}  // namespace

#define PREFILL_CASE(arch)                                                   \
  TEST_CASE("engines: " arch " Llama-3-8B prefill 2048 agrees within 10%") { \
    CHECK(std::abs(deviation(arch, prefill_2048())) <= kTolerance);          \
  }
#define DECODE_CASES(arch)                                                      \
  TEST_CASE("engines: " arch " Llama-3-8B decode batch 1 agrees within 10%") {  \
    CHECK(std::abs(deviation(arch, decode(1))) <= kTolerance);                  \
  }                                                                             \
  TEST_CASE("engines: " arch " Llama-3-8B decode batch 64 agrees within 10%") { \
    CHECK(std::abs(deviation(arch, decode(64))) <= kTolerance);                 \
  }

PREFILL_CASE("a100_sxm")
PREFILL_CASE("h100_sxm")
PREFILL_CASE("h200")
PREFILL_CASE("b200")
PREFILL_CASE("mi300x")
PREFILL_CASE("mi325x")
DECODE_CASES("a100_sxm")
DECODE_CASES("h100_sxm")
DECODE_CASES("h200")
DECODE_CASES("b200")

DECODE_CASES("mi300x")
DECODE_CASES("mi325x")

// Replaying identical layers (SimOptions::simulated_layers): eight layers of prefill, two
// simulated and six replayed, against all eight simulated. The layers are the same kernels on
// the same machine state, so the replay must match the full simulation closely.
TEST_CASE("engines: replaying identical layers matches simulating every one within 0.5%") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto w =
      config::resolve_workload(arch, config::load_workload(test::repo("workloads/llama3_8b.toml")));
  auto s = prefill_2048();
  s.layers = 8;
  const auto plan = compiler::compile(machine::resolve(arch), w, s);
  sim::SimOptions every;
  every.simulated_layers = 0;
  const auto full = sim::simulate(plan, every);
  const auto replayed = sim::simulate(plan);
  MESSAGE(
      fmt::format("all 8 layers {:.2f} us ({} kernels, {:.2f} s wall); 2 simulated + 6 "
                  "replayed {:.2f} us ({} kernels, {:.2f} s wall)",
                  full.result.latency_s * 1e6, full.stats.kernels, full.stats.wall_s,
                  replayed.result.latency_s * 1e6, replayed.stats.kernels, replayed.stats.wall_s));
  CHECK(replayed.stats.kernels < full.stats.kernels);
  CHECK(replayed.result.latency_s == doctest::Approx(full.result.latency_s).epsilon(0.005));
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    CHECK(replayed.result.ops[i].time_s ==
          doctest::Approx(full.result.ops[i].time_s).epsilon(0.01));
  }
}
