// SPDX-License-Identifier: MIT
// The SystemC engine on the statically scheduled families (sim/spatial_top.h): at batch 1, where
// a pipeline has nothing to overlap, it must agree with the analytic engine; with micro-batches
// the stages overlap and throughput rises; and a wafer simulated as 16 regions must give the
// step time of the same wafer simulated core by core. Each TEST_CASE runs as its own process.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "analytical/evaluate.h"
#include "common/error.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "sim/sim.h"
#include "test_paths.h"

using namespace xpu;

namespace {

struct Chip {
  explicit Chip(const std::string& arch_file, const std::string& workload_file)
      : arch(config::load_arch(test::repo(arch_file))),
        eff(config::efficiency_for(arch)),
        w(config::resolve_workload(arch, config::load_workload(test::repo(workload_file)), {})) {}
  config::ArchSpec arch;
  config::GpuEfficiencySpec eff;
  config::WorkloadSpec w;
};

workload::Scenario decode(int64_t batch, int64_t context) {
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = batch;
  s.context = context;
  return s;
}

double report(const std::string& what, double expected, double measured, const char* unit) {
  const double deviation = measured / expected - 1.0;
  MESSAGE(fmt::format("{}: expected {:.4g} {} measured {:.4g} {} deviation_pct {:+.1f}", what, expected, unit, measured,
                      unit, 100.0 * deviation));
  return deviation;
}

// Batch 1: one micro-batch, so the pipeline has nothing to overlap and the simulation must give
// the analytic step time (the remaining differences: tile fill and drain, a ring over ceil(g)
// chips, separate memories read in parallel).
void agrees_at_batch_1(const std::string& arch_file, const std::string& workload_file) {
  const Chip c(arch_file, workload_file);
  const auto plan = compiler::compile(c.arch, c.w, decode(1, 1024));
  const auto expected = analytical::evaluate(plan, c.eff);
  const auto out = sim::simulate(plan, c.eff);
  CHECK(out.result.engine == "systemc");
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    report(plan.ops[i].name, expected.ops[i].time_s * 1e6, out.result.ops[i].time_s * 1e6, "us");
  }
  MESSAGE(fmt::format("{} chips, {} stages, {:.3g} chips per layer; {} ops, {} tiles, wall {:.3f} s",
                      plan.mapping.chips, plan.mapping.pipeline_stages, plan.mapping.chips_per_layer,
                      out.stats.kernels, out.stats.tiles, out.stats.wall_s));
  CHECK(std::abs(report("decode step", expected.latency_s * 1e6, out.result.latency_s * 1e6, "us")) <= 0.15);
  CHECK(out.result.tokens_per_s == doctest::Approx(1.0 / out.result.latency_s));
  CHECK(!out.result.units.empty());
  for (const auto& u : out.result.units) {
    CHECK(u.busy_fraction >= 0.0);
    CHECK(u.busy_fraction <= 1.0 + 1e-9);
  }
}

}  // namespace

TEST_CASE("sim: hardwired transformer (Sohu) Llama-3-8B decode at batch 1 agrees with the analytic engine within 15%") {
  agrees_at_batch_1("archs/etched_sohu.toml", "workloads/llama3_8b.toml");
}

TEST_CASE("sim: model in silicon (HC1) Llama-3.1-8B decode at batch 1 agrees with the analytic engine within 15%") {
  agrees_at_batch_1("archs/taalas_hc1.toml", "workloads/llama31_8b.toml");
}

TEST_CASE("sim: SRAM-only (Groq) Llama-3-8B decode at batch 1 agrees with the analytic engine within 15%") {
  agrees_at_batch_1("archs/groq_lpu.toml", "workloads/llama3_8b.toml");
}

TEST_CASE("sim: wafer-scale (WSE-3, 64 regions) Llama-3-8B decode at batch 1 agrees with the analytic engine within 15%") {
  agrees_at_batch_1("archs/cerebras_wse3.toml", "workloads/llama3_8b.toml");
}

TEST_CASE("sim: Groq pipelining: batch 32 in 32 micro-batches over 32 stages raises throughput over batch 1") {
  const Chip c("archs/groq_lpu.toml", "workloads/llama3_8b.toml");
  const auto one = compiler::compile(c.arch, c.w, decode(1, 128));
  const auto many = compiler::compile(c.arch, c.w, decode(32, 128));
  REQUIRE(many.mapping.pipeline_stages == 32);
  const auto alone = sim::simulate(one, c.eff);
  const auto piped = sim::simulate(many, c.eff);  // default: min(batch, stages) = 32 micro-batches
  const auto analytic = analytical::evaluate(many, c.eff);
  MESSAGE(fmt::format("analytic engine, batch 32 (no pipeline credit): {:.0f} tok/s", analytic.tokens_per_s));
  // With the stages full, a step is about (micro-batches + stages - 1) stage times instead of
  // micro-batches x stages: close to micro-batches x stages / (micro-batches + stages - 1) = 16x.
  const double gain = piped.result.tokens_per_s / alone.result.tokens_per_s;
  report("tokens/s batch 32 vs batch 1 (expected: the ideal pipeline's 32*32/63)", 32.0 * 32.0 / 63.0, gain, "x");
  CHECK(gain >= 8.0);
  // The stages overlap: the makespan is far below the stage time summed over micro-batches.
  double summed_s = 0.0;
  for (const auto& o : piped.result.ops) summed_s += o.time_s;
  report("makespan vs stage time summed over micro-batches", summed_s * 1e6, piped.stats.simulated_s * 1e6, "us");
  CHECK(piped.stats.simulated_s < 0.25 * summed_s);
}

TEST_CASE("sim: wafer hierarchy: 16 regions give the step time of every core simulated (1024-core wafer) within 2%") {
  // WSE-3 shrunk to 1024 cores: compute, SRAM bandwidth and vector rate scale with the cores;
  // the SRAM capacity is kept so the model stays resident (a smaller wafer would stream it).
  Chip c("archs/cerebras_wse3.toml", "workloads/llama3_8b.toml");
  const double f = 1024.0 / static_cast<double>(c.arch.mesh->cores);
  c.arch.mesh->cores = 1024;
  c.arch.sram->bandwidth_bytes_per_s *= f;
  c.arch.compute.vector_flops_per_s *= f;
  for (auto& [dtype, peak] : c.arch.compute.dense_peak_flops_per_s) peak *= f;
  auto s = decode(1, 1024);
  s.layers = 2;
  const auto plan = compiler::compile(c.arch, c.w, s);
  sim::SimOptions full, coarse;
  full.wafer_regions = 1024;  // every core its own region: the full simulation
  coarse.wafer_regions = 16;
  const auto cores = sim::simulate(plan, c.eff, full);
  const auto regions = sim::simulate(plan, c.eff, coarse);
  MESSAGE(fmt::format("1024 regions: {} tiles, wall {:.3f} s; 16 regions: {} tiles, wall {:.3f} s", cores.stats.tiles,
                      cores.stats.wall_s, regions.stats.tiles, regions.stats.wall_s));
  report("analytic engine vs 1024 regions", analytical::evaluate(plan, c.eff).latency_s * 1e6,
         cores.result.latency_s * 1e6, "us");
  CHECK(std::abs(report("step, 16 regions vs every core", cores.stats.simulated_s * 1e6,
                        regions.stats.simulated_s * 1e6, "us")) <= 0.02);
}

TEST_CASE("sim: a wafer split into a non-square number of regions is refused") {
  const Chip c("archs/cerebras_wse3.toml", "workloads/llama3_8b.toml");
  auto s = decode(1, 128);
  s.layers = 1;
  const auto plan = compiler::compile(c.arch, c.w, s);
  sim::SimOptions o;
  o.wafer_regions = 60;
  CHECK_THROWS_AS(sim::simulate(plan, c.eff, o), InfeasibleError);
}
