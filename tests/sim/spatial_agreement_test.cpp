// SPDX-License-Identifier: MIT
// The two engines on every statically scheduled family (Groq, Cerebras, Taalas, Sohu), at the
// points the published figures are quoted for, batch 1, 8, 32 and 128: the analytic engine is a
// closed form of what the SystemC engine runs (the same per-op rates from
// machine/static_schedule.h, the same all-reduce from machine/collectives.h, the same micro-batch
// pipeline from compiler/static_pipeline.h), so the SystemC run is the expectation and the closed
// form must give its step within 10%. What remains between them: tile fill and drain, a wafer's ops
// dealt to its cores in whole granules, links another micro-batch is using. Each TEST_CASE runs as
// its own process.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "analytical/evaluate.h"
#include "compiler/plan.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "sim/sim.h"
#include "test_paths.h"

using namespace xpu;

namespace {

// One point: a batch and the chips it runs on (none: the fewest that hold its weights and KV).
struct Point {
  int64_t batch = 1;
  std::optional<int64_t> chips;
};

// The batches of issue 16 on the fewest chips that hold each.
const std::vector<Point> kBatches = {{1, {}}, {8, {}}, {32, {}}, {128, {}}};

void engines_agree(const std::string& arch_file, const std::string& workload_file, int64_t context,
                   const std::vector<Point>& points) {
  const auto arch = config::load_arch(test::repo(arch_file));
  // The formats the chip runs (native, else preferred: Sohu's fp8), as `report` evaluates it.
  const auto w =
      config::resolve_workload_best(arch, config::load_workload(test::repo(workload_file)));
  for (const Point& p : points) {
    workload::Scenario s;
    s.phase = workload::Phase::kDecode;
    s.batch = p.batch;
    s.context = context;
    s.chips = p.chips;
    const auto plan = compiler::compile(machine::resolve(arch), w, s);
    const auto closed_form = analytical::evaluate(plan);
    const auto simulated = sim::simulate(plan);
    const double deviation = closed_form.latency_s / simulated.result.latency_s - 1.0;
    MESSAGE(fmt::format(
        "batch {}: {} chips, {} stages, {:.3g} chips per layer; step: systemc {:.1f} us "
        "({:.0f} tok/s), analytic {:.1f} us ({:.0f} tok/s), deviation_pct {:+.1f}",
        p.batch, plan.mapping.chips, plan.mapping.pipeline_stages, plan.mapping.chips_per_layer,
        simulated.result.latency_s * 1e6, simulated.result.tokens_per_s,
        closed_form.latency_s * 1e6, closed_form.tokens_per_s, 100.0 * deviation));
    CHECK(std::abs(deviation) <= 0.10);
  }
}

}  // namespace

TEST_CASE(
    "engines agree within 10%: Groq, Llama 2 70B on 576 chips (batch 128: the 1,027 that hold its "
    "KV cache), context 4000, batch 1 to 128") {
  engines_agree("archs/groq_lpu.toml", "workloads/llama2_70b.toml", 4000,
                {{1, 576}, {8, 576}, {32, 576}, {128, {}}});
}

TEST_CASE("engines agree within 10%: Groq, Llama 3 8B, context 1000, batch 1 to 128") {
  engines_agree("archs/groq_lpu.toml", "workloads/llama3_8b.toml", 1000, kBatches);
}

TEST_CASE("engines agree within 10%: Groq, Mixtral 8x7B, context 1000, batch 1 to 128") {
  engines_agree("archs/groq_lpu.toml", "workloads/mixtral_8x7b.toml", 1000, kBatches);
}

TEST_CASE("engines agree within 10%: Cerebras WSE-3, Llama 3.1 8B, context 1000, batch 1 to 128") {
  engines_agree("archs/cerebras_wse3.toml", "workloads/llama31_8b.toml", 1000, kBatches);
}

TEST_CASE("engines agree within 10%: Cerebras WSE-3, Llama 3.1 70B, context 1000, batch 1 to 128") {
  engines_agree("archs/cerebras_wse3.toml", "workloads/llama31_70b.toml", 1000, kBatches);
}

TEST_CASE(
    "engines agree within 10%: Cerebras WSE-3, Llama 3.1 405B, context 1000, batch 1 to 128") {
  engines_agree("archs/cerebras_wse3.toml", "workloads/llama31_405b.toml", 1000, kBatches);
}

TEST_CASE("engines agree within 10%: Taalas HC1, Llama 3.1 8B, context 1500, batch 1 to 128") {
  // One HC1's SRAM holds ~6,000 tokens of KV cache: larger batches run on more chips.
  engines_agree("archs/taalas_hc1.toml", "workloads/llama31_8b.toml", 1500,
                {{1, {}}, {8, 2}, {32, 8}, {128, 32}});
}

TEST_CASE("engines agree within 10%: Etched Sohu, Llama 3 70B, context 1000, batch 1 to 128") {
  engines_agree("archs/etched_sohu.toml", "workloads/llama3_70b.toml", 1000, kBatches);
}
