// SPDX-License-Identifier: MIT
// The SystemC engine against the analytic engine it must agree with where there is nothing to
// contend for, and against the closed form where there is (two streams sharing HBM). Each
// TEST_CASE runs as its own process (doctest_discover_tests); one simulation per case except
// the two-stream case, which also exercises the engine's kernel reset.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "analytical/evaluate.h"
#include "analytical/gpu_kernel_model.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "sim/sim.h"
#include "test_paths.h"

using namespace xpu;

namespace {

struct H100 {
  config::ArchSpec arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  config::GpuEfficiencySpec eff = config::efficiency_for(arch);
  config::WorkloadSpec llama =
      config::resolve_workload(arch, config::load_workload(test::repo("workloads/llama3_8b.toml")), {});
};

// A plan holding one bf16 GEMM [m,k] x [k,n] (weights k x n), as a single kernel.
compiler::Plan gemm_plan(const H100& h, int64_t m, int64_t k, int64_t n) {
  workload::Op op;
  op.name = fmt::format("gemm_{}x{}x{}", m, k, n);
  op.kind = workload::OpKind::kGemm;
  op.flops = 2.0 * m * k * n;
  op.weight_bytes = 2.0 * k * n;
  op.activation_bytes = 2.0 * (m * k + m * n);
  op.gemm = workload::GemmShape{m, k, n, 1};
  compiler::Plan p;
  p.arch = &h.arch;
  p.workload = &h.llama;
  p.scenario.batch = m;
  p.ops = {op};
  p.layers_evaluated = 1;
  return p;
}

double report(const std::string& what, double expected_s, double measured_s) {
  const double deviation = measured_s / expected_s - 1.0;
  MESSAGE(fmt::format("{}: expected {:.2f} us measured {:.2f} us deviation_pct {:+.1f}", what, expected_s * 1e6,
                      measured_s * 1e6, 100.0 * deviation));
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
      analytical::gemm_time(h.eff.gemm, analytical::GpuRates::of(h.arch, op.compute_dtype), *op.gemm, op.bytes())
          .time_s;
  const auto expected = analytical::evaluate(plan, h.eff);
  const auto out = sim::simulate(plan, h.eff);
  CHECK(out.result.engine == "systemc");
  CHECK(std::abs(report("gemm 8192^3 kernel", kernel_s, out.stats.simulated_s)) <= 0.05);
  CHECK(std::abs(report("gemm 8192^3 after the power cap", expected.latency_s, out.result.latency_s)) <= 0.05);
  CHECK(out.result.ops.at(0).bound == "compute");
  MESSAGE(fmt::format("{} tiles, {} HBM transactions, wall {:.3f} s", out.stats.tiles, out.stats.hbm_transactions,
                      out.stats.wall_s));
}

TEST_CASE("sim: a bandwidth-bound GEMV (1x8192 by 8192x57344) agrees with the analytic engine within 5%") {
  H100 h;
  const auto plan = gemm_plan(h, 1, 8192, 57344);
  const auto expected = analytical::evaluate(plan, h.eff);
  const auto out = sim::simulate(plan, h.eff);
  CHECK(std::abs(report("gemv 1x8192x57344", expected.latency_s, out.result.latency_s)) <= 0.05);
  CHECK(out.result.ops.at(0).bound == "memory");
  // Never faster than streaming the bytes at the datasheet bandwidth.
  CHECK(out.result.latency_s >= plan.ops[0].bytes() / h.arch.dram->bandwidth_bytes_per_s);
  REQUIRE(out.result.units.size() >= 2);
  CHECK(out.result.units[1].name == "gpu.m_hbm");
  CHECK(out.result.units[1].busy_fraction > 0.9);
}

TEST_CASE("sim: Llama-3-8B one-layer decode (batch 8, context 2048) agrees with the analytic engine within 15%") {
  H100 h;
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 8;
  s.context = 2048;
  s.layers = 1;
  const auto plan = compiler::compile(h.arch, h.llama, s);
  const auto expected = analytical::evaluate(plan, h.eff);
  const auto out = sim::simulate(plan, h.eff);
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    report(plan.ops[i].name, expected.ops[i].time_s, out.result.ops[i].time_s);
  }
  CHECK(std::abs(report("decode step", expected.latency_s, out.result.latency_s)) <= 0.15);
  CHECK(out.result.tokens_per_s == doctest::Approx(8 / out.result.latency_s));
}

TEST_CASE("sim: Llama-3-8B one-layer prefill (prompt 2048) agrees with the analytic engine within 15%") {
  H100 h;
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.batch = 1;
  s.prompt = 2048;
  s.layers = 1;
  const auto plan = compiler::compile(h.arch, h.llama, s);
  const auto expected = analytical::evaluate(plan, h.eff);
  const auto out = sim::simulate(plan, h.eff);
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    report(plan.ops[i].name, expected.ops[i].time_s, out.result.ops[i].time_s);
  }
  CHECK(std::abs(report("prefill", expected.latency_s, out.result.latency_s)) <= 0.15);
}

TEST_CASE("sim: two bandwidth-bound GEMVs on two streams share HBM and take ~2x one alone") {
  H100 h;
  const auto plan = gemm_plan(h, 1, 8192, 57344);
  const double analytic_s = analytical::evaluate(plan, h.eff).latency_s;
  const double alone_s = sim::simulate(plan, h.eff).result.latency_s;
  sim::SimOptions two;
  two.streams = 2;
  const auto both = sim::simulate(plan, h.eff, two);  // a second elaboration in this process
  // The analytic engine times each kernel in isolation: it predicts no slowdown at all.
  MESSAGE(fmt::format("analytic engine, each stream: {:.2f} us (sees no contention)", analytic_s * 1e6));
  const double deviation = report("two streams vs 2x one alone", 2.0 * alone_s, both.result.latency_s);
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
  const auto plan = compiler::compile(h.arch, h.llama, s);
  sim::SimOptions o;
  o.trace_path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/xpusim_sim_trace_test.json";
  sim::simulate(plan, h.eff, o);
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

TEST_CASE("sim: a whole Llama-3-8B decode step (32 layers) agrees within 15% and reports its own speed") {
  H100 h;
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 1;
  s.context = 1024;
  const auto plan = compiler::compile(h.arch, h.llama, s);
  const auto expected = analytical::evaluate(plan, h.eff);
  const auto out = sim::simulate(plan, h.eff);
  CHECK(std::abs(report("decode step, 32 layers", expected.latency_s, out.result.latency_s)) <= 0.15);
  MESSAGE(
      fmt::format("{} kernels, {} tiles, {} HBM transactions; wall {:.3f} s, {:.2f} M transactions/s, "
                  "simulated {:.3f} ms",
                  out.stats.kernels, out.stats.tiles, out.stats.hbm_transactions, out.stats.wall_s,
                  out.stats.transactions_per_s() / 1e6, out.stats.simulated_s * 1e3));
  int64_t kernels = 0;
  for (const auto& op : plan.ops) kernels += op.repeat;
  CHECK(out.stats.kernels == kernels);  // every layer's kernels run, in order
}
