// SPDX-License-Identifier: MIT
// The one collective model (machine/collectives.h): for every collective kind, the bytes the
// timing moves over the link are the bytes the energy model prices, and both are the ring
// algorithm's closed form (an all-reduce of S bytes over n chips sends 2(n-1)/n * S per chip,
// an all-gather or all-to-all (n-1)/n * S, a point-to-point send S).
#include <doctest/doctest.h>

#include "compiler/plan.h"
#include "config/arch_spec.h"
#include "config/resolve.h"
#include "config/workload_spec.h"
#include "machine/collectives.h"
#include "result/energy_actions.h"
#include "test_paths.h"

using namespace xpu;

namespace {

using workload::CollectiveKind;

// Closed form of the ring algorithms, written out independently of the model.
double ring_bytes_per_chip(CollectiveKind kind, double bytes, double n) {
  switch (kind) {
    case CollectiveKind::kAllReduce: return 2.0 * (n - 1.0) / n * bytes;
    case CollectiveKind::kAllGather:
    case CollectiveKind::kAllToAll: return (n - 1.0) / n * bytes;
    case CollectiveKind::kPointToPoint: return bytes;
  }
  return 0.0;
}

}  // namespace

TEST_CASE(
    "collectives: timed bytes = energy-priced bytes = the ring's closed form, for every kind") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  const auto llama = config::resolve_workload(
      arch, config::load_workload(test::repo("workloads/llama3_8b.toml")), {});
  const auto& link = *arch.links;
  constexpr int64_t kChips = 8;
  constexpr int64_t kRepeat = 3;
  const double bytes = 64.0 * 128256 * 2;  // the LM-head logits of 64 sequences, bf16
  for (auto kind : {CollectiveKind::kAllReduce, CollectiveKind::kAllGather,
                    CollectiveKind::kAllToAll, CollectiveKind::kPointToPoint}) {
    CAPTURE(static_cast<int>(kind));
    const workload::CollectiveShape shape{kind, bytes, kChips};
    const auto cost = machine::collective_cost(shape, link);
    const double expected = ring_bytes_per_chip(kind, bytes, kChips);
    // Timing: the transfer time is the wire bytes at the link's bandwidth; the steps carry them.
    CHECK(cost.transfer_s * link.bandwidth_bytes_per_s == doctest::Approx(expected).epsilon(1e-12));
    CHECK(static_cast<double>(cost.steps()) * cost.chunk_bytes ==
          doctest::Approx(expected).epsilon(1e-12));
    CHECK(cost.latency_s ==
          doctest::Approx(static_cast<double>(cost.steps()) * link.hop_latency_s).epsilon(1e-12));

    // Energy: a plan of this one collective on kChips chips prices every chip's wire bytes.
    compiler::Plan plan;
    plan.machine = machine::resolve(arch);
    plan.arch = &arch;
    plan.workload = &llama;
    plan.mapping.chips = kChips;
    plan.scenario.parallel.tp = kChips;  // every chip a tensor-parallel rank running the op list
    workload::Op op;
    op.name = "collective";
    op.kind = workload::OpKind::kCollective;
    op.repeat = kRepeat;
    op.collective = shape;
    plan.ops = {op};
    const auto actions = result::actions_of(plan);
    CHECK(actions.link_bytes == doctest::Approx(expected * kChips * kRepeat).epsilon(1e-12));
    CHECK(actions.total_flops() == 0.0);
  }
}

TEST_CASE("collectives: on one chip nothing crosses a link") {
  const auto arch = config::load_arch(test::repo("archs/h100_sxm.toml"));
  for (auto kind :
       {CollectiveKind::kAllReduce, CollectiveKind::kAllGather, CollectiveKind::kAllToAll}) {
    const auto cost = machine::collective_cost({kind, 1e6, 1}, *arch.links);
    CHECK(cost.steps() == 0);
    CHECK(cost.sent_bytes_per_chip == 0.0);
    CHECK(cost.time_s() == 0.0);
  }
}

TEST_CASE(
    "collectives: inside a fully connected group an all-reduce is 2 direct steps over one link "
    "each, beyond it the ring's 2(n-1)") {
  config::LinkSpec node;  // a GroqNode: 8 chips pairwise linked, 16 links of 15 GB/s per chip
  node.bandwidth_bytes_per_s = 240e9;
  node.hop_latency_s = 0.6e-6;
  node.fully_connected_chips = 8;
  node.links_per_chip = 16;
  const double bytes = 114688.0;  // one Llama 2 70B gate/up output row pair, fp16
  const auto direct = machine::collective_cost({CollectiveKind::kAllReduce, bytes, 8}, node);
  CHECK(direct.steps() == 2);
  CHECK(direct.latency_s == doctest::Approx(2 * 0.6e-6));
  CHECK(direct.transfer_s == doctest::Approx(2 * (bytes / 8) / 15e9));
  CHECK(direct.sent_bytes_per_chip ==
        doctest::Approx(ring_bytes_per_chip(CollectiveKind::kAllReduce, bytes, 8)));
  const auto ring = machine::collective_cost({CollectiveKind::kAllReduce, bytes, 9}, node);
  CHECK(ring.steps() == 16);
  CHECK(ring.latency_s == doctest::Approx(16 * 0.6e-6));
  CHECK(ring.transfer_s ==
        doctest::Approx(ring_bytes_per_chip(CollectiveKind::kAllReduce, bytes, 9) / 240e9));
  // A point-to-point send is one hop whatever the grouping.
  const auto send = machine::collective_cost({CollectiveKind::kPointToPoint, bytes, 2}, node);
  CHECK(send.steps() == 1);
  CHECK(send.transfer_s == doctest::Approx(bytes / 240e9));
}
