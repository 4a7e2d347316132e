// SPDX-License-Identifier: MIT
// Collectives on the simulated GPU's links (sim/gpu/collective_unit.h). Alone, a collective must
// take the alpha-beta time of its ring algorithm, computed here from the arch file's link figures;
// shared between streams, collectives queue on the link, and one stream's collectives overlap
// the other's kernels -- neither of which the analytic engine, timing each op alone, can see.
// Each TEST_CASE runs as its own process.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

#include "analytical/evaluate.h"
#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "h100_fixture.h"
#include "result/energy_actions.h"
#include "sim/sim.h"

using namespace xpu;

namespace {

using test::H100;

// Llama-3-70B decode over tp = 8 H100s, `layers` decoder layers.
compiler::Plan tp8_decode(const H100& h, int64_t layers) {
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 8;
  s.context = 1024;
  s.layers = layers;
  s.parallel.tp = 8;
  return compiler::compile(machine::resolve(h.arch), h.llama, s);
}

// Ring algorithms, one direction of the link per step (NCCL's ring over NVSwitch).
double ring_time_s(const workload::CollectiveShape& c, const config::LinkSpec& link) {
  const double n = static_cast<double>(c.participants);
  const double steps = c.kind == workload::CollectiveKind::kAllReduce ? 2.0 * (n - 1.0) : n - 1.0;
  return steps * (link.hop_latency_s + c.bytes / n / link.bandwidth_bytes_per_s);
}

}  // namespace

TEST_CASE(
    "sim: tensor-parallel collectives alone take their ring algorithm's alpha-beta time (within "
    "1%)") {
  H100 h("llama3_70b");
  const auto plan = tp8_decode(h, 2);
  const auto out = sim::simulate(plan);
  int collectives = 0;
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    const auto& op = plan.ops[i];
    if (op.kind != workload::OpKind::kCollective) continue;
    ++collectives;
    const double expected_s =
        ring_time_s(*op.collective, *h.arch.links) * static_cast<double>(op.repeat);
    const double measured_s = out.result.ops[i].time_s;
    MESSAGE(fmt::format("{}: expected {:.2f} us measured {:.2f} us", op.name, expected_s * 1e6,
                        measured_s * 1e6));
    CHECK(measured_s == doctest::Approx(expected_s).epsilon(0.01));
  }
  CHECK(collectives == 3);  // attention and MLP all-reduces, the logits' all-gather
  CHECK(out.result.units.back().name == "gpu.m_collectives.m_egress");
  CHECK(out.result.units.back().busy_fraction > 0.0);
}

// The bytes the simulated link carries are the bytes the energy model prices (through the one
// collective model, tests/unit/collectives_test.cpp) and the ring's closed form: per chip,
// 2(n-1)/n of each all-reduce and (n-1)/n of the all-gather's tensor.
TEST_CASE("sim: the link carries the bytes the energy model prices for the step's collectives") {
  H100 h("llama3_70b");
  const auto plan = tp8_decode(h, 2);
  const auto out = sim::simulate(plan);
  double ring_bytes = 0.0;
  for (const auto& op : plan.ops) {
    if (op.kind != workload::OpKind::kCollective) continue;
    const auto& c = *op.collective;
    const double n = static_cast<double>(c.participants);
    const double share =
        c.kind == workload::CollectiveKind::kAllReduce ? 2.0 * (n - 1.0) / n : (n - 1.0) / n;
    ring_bytes += share * c.bytes * static_cast<double>(op.repeat);
  }
  const double chips = static_cast<double>(plan.mapping.chips);
  const double priced_bytes = result::actions_of(plan).link_bytes / chips;
  MESSAGE(fmt::format("link bytes per chip: simulated {:.0f}, priced {:.0f}, ring {:.0f}",
                      out.stats.link_bytes, priced_bytes, ring_bytes));
  CHECK(out.stats.link_bytes == doctest::Approx(ring_bytes).epsilon(1e-9));
  CHECK(priced_bytes == doctest::Approx(ring_bytes).epsilon(1e-9));
}

TEST_CASE("sim: two streams' all-reduces share the GPU's link and take about twice one alone") {
  H100 h("llama3_70b");
  // One bandwidth-bound all-reduce of 256 MiB over 8 GPUs: 2 x 7/8 of it crosses the link.
  workload::Op op;
  op.name = "all_reduce_256MiB";
  op.kind = workload::OpKind::kCollective;
  op.collective =
      workload::CollectiveShape{workload::CollectiveKind::kAllReduce, 256.0 * (1 << 20), 8};
  compiler::Plan plan;
  plan.machine = machine::resolve(h.arch);
  plan.arch = &h.arch;
  plan.workload = &h.llama;
  plan.scenario.batch = 1;
  plan.mapping.chips = 8;
  plan.ops = {op};
  plan.layers_evaluated = 1;

  const double alone_s = sim::simulate(plan).result.latency_s;
  CHECK(alone_s == doctest::Approx(ring_time_s(*op.collective, *h.arch.links)).epsilon(0.01));
  sim::SimOptions two;
  two.streams = 2;
  const double both_s = sim::simulate(plan, two).result.latency_s;
  // Both streams' bytes cross one link: never faster than their sum at link bandwidth, never
  // slower than running one after the other.
  const double link_bound_s =
      2.0 * 2.0 * 7.0 / 8.0 * op.collective->bytes / h.arch.links->bandwidth_bytes_per_s;
  MESSAGE(fmt::format(
      "alone {:.1f} us, two streams {:.1f} us, link bound {:.1f} us (analytic: {:.1f} us each)",
      alone_s * 1e6, both_s * 1e6, link_bound_s * 1e6, analytical::evaluate(plan).latency_s * 1e6));
  CHECK(both_s >= link_bound_s * 0.999);
  CHECK(both_s <= 2.0 * alone_s * 1.001);
  CHECK(both_s / alone_s >= 1.9);
}

TEST_CASE("sim: two streams' latency-bound collectives overlap instead of adding up") {
  H100 h("llama3_70b");
  const auto plan = tp8_decode(h, 4);
  const auto alone = sim::simulate(plan).result;
  double collectives_s = 0.0;
  for (const auto& op : alone.ops) {
    if (op.kind == OpKind::kCollective) collectives_s += op.time_s;
  }
  const double kernels_s = alone.latency_s - collectives_s;
  sim::SimOptions two;
  two.streams = 2;
  const double both_s = sim::simulate(plan, two).result.latency_s;
  // Decode all-reduces of 8 x 8192 bf16 values are almost all link latency (alpha), which
  // occupies no link bandwidth: the two streams' collectives run at the same time, and under the
  // other stream's kernels. So at most one stream's collective time can appear on the clock on
  // top of both streams' kernels; back to back would be 2x alone.
  MESSAGE(
      fmt::format("alone {:.1f} us (kernels {:.1f}, collectives {:.1f}); two streams {:.1f} us; 2x "
                  "alone {:.1f} us",
                  alone.latency_s * 1e6, kernels_s * 1e6, collectives_s * 1e6, both_s * 1e6,
                  2e6 * alone.latency_s));
  CHECK(both_s <= 2.0 * kernels_s + collectives_s);
  CHECK(both_s >= alone.latency_s);
}
